// The opaque continuation token of the stream listing: the store's own token, bound to the aggregate type it
// lists and guarded by a check, then base64url-encoded. A token that was altered, truncated, or issued for
// another type fails the check and is refused (400) before it reaches a store. The check is a digest, not a
// secret signature: someone who forges one on purpose can only make the listing of the same type start
// elsewhere, which any token issued for it does too.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ValidationFailedError } from '../errors.js';

const FORMAT = 1;
/** Store tokens are a few hundred characters at most (Table: next keys; Blob and Files: a marker). */
export const MAX_CONTINUATION_LENGTH = 4096;

const tokenSchema = z.strictObject({
  v: z.literal(FORMAT),
  type: z.string(),
  token: z.string().min(1),
  check: z.string(),
});

export function encodeContinuation(aggregateType: string, storeToken: string): string {
  const body = { v: FORMAT, type: aggregateType, token: storeToken };
  return Buffer.from(JSON.stringify({ ...body, check: checkOf(aggregateType, storeToken) })).toString(
    'base64url',
  );
}

/** The store's token inside `continuation`; throws ValidationFailedError (query.continuation) otherwise. */
export function decodeContinuation(aggregateType: string, continuation: string): string {
  const refuse = (why: string) =>
    new ValidationFailedError('The continuation token is invalid.', [
      { path: 'query.continuation', message: why },
    ]);
  if (continuation.length > MAX_CONTINUATION_LENGTH || !/^[A-Za-z0-9_-]+$/.test(continuation)) {
    throw refuse('is not a continuation token this API issued');
  }
  let parsed: z.infer<typeof tokenSchema>;
  try {
    parsed = tokenSchema.parse(JSON.parse(Buffer.from(continuation, 'base64url').toString('utf8')));
  } catch {
    throw refuse('is not a continuation token this API issued');
  }
  if (parsed.check !== checkOf(parsed.type, parsed.token)) throw refuse('has been altered');
  if (parsed.type !== aggregateType) throw refuse(`was issued for another aggregate type`);
  return parsed.token;
}

function checkOf(aggregateType: string, storeToken: string): string {
  return createHash('sha256')
    .update(`streams-continuation/${FORMAT}\n${aggregateType}\n${storeToken}`)
    .digest('base64url')
    .slice(0, 22);
}
