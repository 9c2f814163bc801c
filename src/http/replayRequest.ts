// The body of POST /api/replays/{subscription}: which events to replay and how fast. Every member is optional
// (an empty body replays every aggregate type from the start); unknown members, aggregate types this app does
// not serve and instants that are not ISO 8601 are refused with 400 validation-failed, before anything is stored.
// And what both replay routes answer: the checkpoint without its listing position, with its URL.
import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { toValidationIssues } from '../commands/validation.js';
import { ValidationFailedError } from '../errors.js';
import type { ReplayCheckpoint } from '../messaging/replay.js';
import type { StartReplayOptions } from '../messaging/replayJobs.js';

function replayRequestSchema(aggregateTypes: readonly string[]) {
  const known = aggregateTypes.join(', ');
  return z.strictObject({
    aggregateTypes: z
      .array(
        z.string().refine((type) => aggregateTypes.includes(type), {
          message: `Unknown aggregate type (known: ${known})`,
        }),
      )
      .min(1)
      .optional(),
    since: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
    eventsPerSecond: z.number().positive().max(100_000).optional(),
    restart: z.boolean().optional(),
  });
}

/** The replay options a request body asks for; `aggregateTypes` defaults to every type the app serves. */
export function parseReplayRequest(body: unknown, aggregateTypes: readonly string[]): StartReplayOptions {
  const parsed = replayRequestSchema(aggregateTypes).safeParse(body);
  if (!parsed.success) {
    const issues = toValidationIssues(parsed.error.issues).map((issue) => ({
      ...issue,
      path: issue.path ? `body.${issue.path}` : 'body',
    }));
    throw new ValidationFailedError('The replay request is invalid.', issues);
  }
  const { aggregateTypes: asked, ...rest } = parsed.data;
  return { ...rest, aggregateTypes: asked ?? [...aggregateTypes] };
}

/** The checkpoint as the routes show it, and where to poll it (`…/api/replays/{subscription}`). */
export function replayView(request: HttpRequest, checkpoint: ReplayCheckpoint) {
  const { typeIndex: _typeIndex, continuationToken: _continuationToken, ...view } = checkpoint;
  const { href } = new URL(request.url);
  const base = href.slice(0, href.indexOf('/replays/') + 1);
  return { ...view, url: new URL(`replays/${checkpoint.subscription}`, base).toString() };
}
