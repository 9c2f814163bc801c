// Reads projections for the query API: names and keys are checked before they become blob names. One document
// by key (a per-aggregate document, or a list's or classifier's tracking document), or a page of a list or a
// classifier's group: its entry records listed in key order under the prefixes of the range asked for
// (keyRange.ts), then read, so a page costs about `limit` small reads whatever the size of the view.
import { z } from 'zod';
import { ProjectionNotFoundError, SnapshotNotFoundError, ValidationFailedError } from '../errors.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import { assertDocumentKey, assertProjectionName } from '../shared/identifiers.js';
import { prefixCover } from './keyRange.js';
import { ENTRY_PREFIX, itemOf } from './listEntries.js';
import type {
  IndexedDefinition,
  ProjectionDefinition,
  ProjectionDocumentStore,
  StoredDocument,
} from './projection.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** A page of a list (`items`) or of a classifier's group (`members`, aggregate ids). */
export interface ProjectionPage {
  projection: string;
  items?: unknown[];
  members?: unknown[];
  /** Pass it back (`?continuation=`, with the same filters) for the next page; absent on the last one. */
  continuation?: string;
}

export interface PageQuery {
  limit: number;
  continuation?: string;
  [filter: string]: unknown;
}

/** Where a page stopped: the index of the prefix, and the store's own token within it. */
const positionSchema = z.object({ i: z.number().int().min(0), t: z.string().optional() });

export class ProjectionQueries {
  constructor(
    private readonly definitions: readonly ProjectionDefinition[],
    private readonly documents: ProjectionDocumentStore,
    /** The collection the readers read a projection from (its live generation). */
    private readonly collectionOf: (projection: string) => Promise<string> = async (name) => name,
  ) {}

  /** The document of `projection` for `key` (an aggregate id); without a key, a page is what is wanted. */
  async get(projection: string, key?: string): Promise<StoredDocument> {
    const definition = this.definition(projection);
    if (key === undefined) {
      throw new SnapshotNotFoundError(
        definition.kind === 'per-aggregate'
          ? `${projection} keeps one document per aggregate: ask for /projections/${projection}/{aggregateId}.`
          : `${projection} is read in pages: ask for /projections/${projection}?limit=&continuation=.`,
      );
    }
    assertDocumentKey(key);
    const stored = await this.documents.get(await this.collectionOf(projection), key);
    if (!stored) throw new SnapshotNotFoundError(`${projection} has no document for ${key}.`);
    return stored;
  }

  /** The query string a page of `projection` takes: limit, continuation and the view's filters, no more. */
  pageQuery(projection: string): z.ZodType<PageQuery> {
    const definition = this.indexed(projection);
    const filter = definition.kind === 'list' ? definition.filter?.parameters : undefined;
    const fields = z.strictObject({
      limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
      continuation: z.string().min(1).max(4096).optional(),
      ...filter?.shape,
    });
    if (!filter) return fields;
    // The filter's own checks across its fields (e.g. from ≤ to).
    return fields.superRefine((value, context) => {
      const result = filter.safeParse(value);
      for (const issue of result.success ? [] : result.error.issues) {
        context.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      }
    });
  }

  /** One page of a list or of a classifier's group, in key order. */
  async page(projection: string, query: PageQuery): Promise<ProjectionPage> {
    const definition = this.indexed(projection);
    const range = definition.kind === 'list' ? definition.filter?.range(query) : undefined;
    const prefixes = prefixCover(range?.from, range?.to).map((prefix) => `${ENTRY_PREFIX}${prefix}`);
    const collection = await this.collectionOf(projection);
    let position = readPosition(query.continuation);
    const keys: string[] = [];
    while (keys.length < query.limit && position.i < prefixes.length) {
      const page = await this.documents.list(collection, {
        prefix: prefixes[position.i],
        limit: query.limit - keys.length,
        continuationToken: position.t,
      });
      keys.push(...page.keys);
      position = page.continuationToken
        ? { i: position.i, t: page.continuationToken }
        : { i: position.i + 1 };
    }
    const records = await mapWithConcurrency(keys, 16, (key) => this.documents.get(collection, key));
    const found = records.flatMap((record) => (record ? [itemOf(definition, record.document)] : []));
    const page: ProjectionPage = { projection, [definition.kind === 'list' ? 'items' : 'members']: found };
    if (position.i < prefixes.length) page.continuation = writePosition(position);
    return page;
  }

  private definition(projection: string): ProjectionDefinition {
    assertProjectionName(projection);
    const definition = this.definitions.find((candidate) => candidate.name === projection);
    if (!definition) throw new ProjectionNotFoundError(projection, this.definitions);
    return definition;
  }

  private indexed(projection: string): IndexedDefinition {
    const definition = this.definition(projection);
    if (definition.kind === 'per-aggregate') {
      throw new SnapshotNotFoundError(
        `${projection} keeps one document per aggregate: ask for /projections/${projection}/{aggregateId}.`,
      );
    }
    return definition;
  }
}

function readPosition(continuation: string | undefined): z.infer<typeof positionSchema> {
  if (continuation === undefined) return { i: 0 };
  try {
    return positionSchema.parse(JSON.parse(Buffer.from(continuation, 'base64url').toString('utf8')));
  } catch {
    throw new ValidationFailedError('The continuation is not one this API gave.', [
      { path: 'query.continuation', message: 'not a continuation from an earlier page' },
    ]);
  }
}

function writePosition(position: z.infer<typeof positionSchema>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}
