// Request header values as the app reads them. Hosts hand a value over as a Latin-1 byte string (one char
// per byte: the UTF-8 bytes of "é" arrive as "Ã©"), and join a repeated header's values with ", ".
import type { HttpRequest } from '@azure/functions';
import type { ValidationIssue } from '../errors.js';

/** Printable ASCII without commas, so a header sent twice (joined with ", ") cannot pass for one value. */
const HEADER_TOKEN = /^[\x20-\x2b\x2d-\x7e]+$/;

const ABOVE_LATIN1 = /[\u0100-\uffff]/;
const ABOVE_ASCII = /[\u0080-\u00ff]/;
const CONTROL_CHARACTER = /\p{Cc}/u;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The text a header's bytes spell in UTF-8; the value unchanged when it is not such a byte string. */
export function decodeHeaderValue(value: string): string {
  if (!ABOVE_ASCII.test(value) || ABOVE_LATIN1.test(value)) return value;
  try {
    return UTF8.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value; // not UTF-8: the host really meant Latin-1 text
  }
}

export interface HeaderRule {
  /** Longest value, in characters (code points). */
  maxLength: number;
  /** `token`: printable ASCII; `text`: UTF-8 text without control characters. */
  kind: 'token' | 'text';
  /** One value only: a comma is refused, as a header sent twice arrives joined by one. */
  single?: boolean;
}

/** X-Correlation-Id and Idempotency-Key: 1-128 printable ASCII characters without commas. */
export const TOKEN_HEADER: HeaderRule = { kind: 'token', maxLength: 128, single: true };

/** The header's value (decoded when it is text), or undefined when absent; what is wrong goes to `issues`. */
export function readHeader(
  request: HttpRequest,
  name: string,
  rule: HeaderRule,
  issues: ValidationIssue[],
): string | undefined {
  const sent = request.headers.get(name);
  if (sent === null) return undefined;
  const value = rule.kind === 'text' ? decodeHeaderValue(sent) : sent;
  const message = whatIsWrong(value, rule);
  if (message) issues.push({ path: `headers.${name}`, message });
  return value;
}

function whatIsWrong(value: string, { maxLength, kind, single }: HeaderRule): string | undefined {
  if (single && value.includes(',')) {
    return 'must be sent once, with one value: a comma is not allowed (a repeated header arrives joined with ", ")';
  }
  const length = [...value].length;
  const valid =
    length > 0 &&
    length <= maxLength &&
    (kind === 'token' ? HEADER_TOKEN.test(value) : !CONTROL_CHARACTER.test(value));
  if (valid) return undefined;
  return kind === 'token'
    ? `must be 1-${maxLength} printable ASCII characters without commas`
    : `must be 1-${maxLength} characters without control characters`;
}
