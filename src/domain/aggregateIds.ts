// The rule for aggregate ids: 1–128 letters, digits, `-`, `_`, `.`, `@`; not starting or ending with `.`. It lives in
// the domain because payloads name other aggregates (a transfer's accounts); the HTTP edge checks route ids
// against the same rule (src/shared/identifiers.ts).
export const AGGREGATE_ID_RULE = /^(?!\.)[A-Za-z0-9_.@-]{1,128}(?<!\.)$/;
