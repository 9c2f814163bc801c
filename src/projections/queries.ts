// Reads projection snapshots for the query API: names and keys are checked before they become blob names,
// and each kind of projection answers on its own route (per-aggregate: a key; global: none; a classifier:
// its group without a key, an aggregate's tracking state with one).

import { ProjectionNotFoundError, SnapshotNotFoundError } from '../errors.js';
import { assertDocumentKey, assertProjectionName } from '../shared/identifiers.js';
import {
  GLOBAL_KEY,
  type ProjectionDefinition,
  type ProjectionDocumentStore,
  type StoredDocument,
} from './projection.js';

export class ProjectionQueries {
  constructor(
    private readonly definitions: readonly ProjectionDefinition[],
    private readonly documents: ProjectionDocumentStore,
  ) {}

  /** The snapshot of `projection` for `key` (an aggregate id), or its global snapshot when `key` is absent. */
  async get(projection: string, key?: string): Promise<StoredDocument> {
    assertProjectionName(projection);
    if (key !== undefined) assertDocumentKey(key);
    const definition = this.definitions.find((candidate) => candidate.name === projection);
    if (!definition) throw new ProjectionNotFoundError(projection, this.definitions);
    if (definition.kind === 'per-aggregate' && key === undefined) {
      throw new SnapshotNotFoundError(
        `${projection} keeps one snapshot per aggregate: ask for /projections/${projection}/{aggregateId}.`,
      );
    }
    if (definition.kind === 'global' && key !== undefined) {
      throw new SnapshotNotFoundError(
        `${projection} keeps one global snapshot: ask for /projections/${projection}.`,
      );
    }
    const stored = await this.documents.get(projection, key ?? GLOBAL_KEY);
    if (!stored) {
      throw new SnapshotNotFoundError(
        key === undefined
          ? `${projection} has no snapshot yet.`
          : `${projection} has no snapshot for ${key}.`,
      );
    }
    return stored;
  }
}
