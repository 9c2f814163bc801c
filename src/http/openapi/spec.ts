// The shape of an entry of the OpenAPI operations table (operations.ts, readSideOperations.ts) and the problem
// codes many operations share.
import type { z } from 'zod';
import type { Catalog, JsonSchema } from '../catalog.js';

export type RequestHeader =
  | 'If-Match'
  | 'Idempotency-Key'
  | 'X-Source'
  | 'X-Commentary'
  | 'If-None-Match'
  | 'X-Requested-With';
export type ResponseHeader = 'ETag' | 'Idempotent-Replayed' | 'Location' | 'Cache-Control';

export interface Answer {
  description: string;
  /** A component schema's id (JSON), or media types with a schema of their own. */
  body?: string | Record<string, JsonSchema>;
  headers?: ResponseHeader[];
}

/** One concrete operation a route template stands for, e.g. one command of one aggregate type. */
export interface Expansion {
  /** Route parameters fixed to a value: they become literal path segments. */
  fixed: Record<string, string>;
  summary: string;
  requestBody?: JsonSchema;
}

export interface OperationSpec {
  summary: string;
  description?: string;
  tag: string;
  query?: z.ZodObject;
  headers?: RequestHeader[];
  /** Path parameters whose values are a known set (enum), given the catalog. */
  enums?: (catalog: Catalog) => Record<string, string[]>;
  expand?: (catalog: Catalog) => Expansion[];
  answers: Record<number, Answer>;
  /** Per status, the `code`s its problem+json answer can carry. */
  problems: Record<number, string[]>;
}

export const INVALID = ['validation-failed', 'invalid-identifier'];
export const STORE = { 503: ['store-unavailable'] };
