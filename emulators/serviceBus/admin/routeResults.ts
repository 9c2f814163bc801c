// The administration API's answers before they become XML: a status with an entry, a page of a list (a feed),
// or an error; and the helpers the routes share to make them.
import type { BrokerError } from '../errors.js';
import type { EntryContent, Fields } from './atom.js';

export interface AdminRequest {
  method: string;
  segments: string[];
  isUpdate: boolean;
  skip: number;
  top: number;
  entry?: { kind: string; fields: Fields };
}

export type AdminResult =
  | { status: number; error: string }
  | { status: number; feed: { path: string; entries: EntryContent[]; next?: number } }
  | { status: number; entry?: EntryContent };

export const fail = (status: number, error: string): AdminResult => ({ status, error });
export const notFound = (what: string) =>
  fail(404, `${what} was not found. To know more visit https://aka.ms/sbResourceMgrExceptions.`);
export const fromBrokerError = (error: BrokerError) =>
  fail(error.condition === 'com.microsoft:entity-already-exists' ? 409 : 400, error.description);

export const entity = (path: string, kind: string, fields: Fields, updatedAt: Date): EntryContent => ({
  path,
  title: path.split('/').at(-1) ?? path,
  kind,
  fields,
  updatedAt,
});

export function page(request: AdminRequest, path: string, all: EntryContent[]): AdminResult {
  if (request.method !== 'GET') return fail(400, `Only GET lists ${path}.`);
  const top = request.top > 0 ? request.top : 100;
  const entries = all.slice(request.skip, request.skip + top);
  const next = request.skip + top < all.length ? request.skip + top : undefined;
  return { status: 200, feed: { path, entries, next } };
}
