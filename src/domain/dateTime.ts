// ISO 8601 date-times as the sample domains accept them: with a `Z` or an offset, compared as instants.
import { z } from 'zod';

export const dateTimeSchema = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date-time with a time zone',
});

export function isBefore(a: string, b: string): boolean {
  return Date.parse(a) < Date.parse(b);
}
