// Documents as JSON files `<folder>/{collection}/{key}.json` (beside the Local File event store,
// in its `.projections` folder). A write holds a lock file (proper-lockfile, as the event store does) while
// it checks the ETag and replaces the file through a temporary file and a rename, so writers in several
// processes never lose an update and readers never see half a document. The ETag is a hash of the content.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { encodeFileName } from '../fileNames.js';
import * as Port from './documentStore.js';

export interface LocalFileDocumentStoreOptions {
  folder: string;
  /** A lock older than this is considered abandoned by a crashed writer (default 10 s). */
  lockStaleInMs?: number;
}

export class LocalFileDocumentStore<D = unknown> implements Port.DocumentStore<D> {
  readonly name = 'local-file';

  constructor(private readonly options: LocalFileDocumentStoreOptions) {}

  async get(collection: string, key: string): Promise<Port.StoredDocument<D> | undefined> {
    const json = await readIfPresent(this.path(collection, key));
    return json === undefined ? undefined : { document: JSON.parse(json) as D, etag: etagOf(json) };
  }

  async put(
    collection: string,
    key: string,
    document: D,
    options: Port.WriteDocumentOptions,
  ): Promise<string> {
    const path = this.path(collection, key);
    await mkdir(join(this.options.folder, collection), { recursive: true });
    const release = await lockfile.lock(path, {
      realpath: false,
      stale: this.options.lockStaleInMs ?? 10_000,
      retries: { retries: 200, factor: 1.2, minTimeout: 2, maxTimeout: 50, randomize: true },
    });
    try {
      const current = await readIfPresent(path);
      const currentEtag = current === undefined ? undefined : etagOf(current);
      if (currentEtag !== options.etag) {
        throw Port.changedSinceRead(collection, key);
      }
      const json = JSON.stringify(document);
      const temporary = `${path}.${randomUUID()}.tmp`;
      try {
        await writeFile(temporary, json);
        await rename(temporary, path);
      } catch (error) {
        await unlink(temporary).catch(() => {});
        throw error;
      }
      return etagOf(json);
    } finally {
      await release();
    }
  }

  private path(collection: string, key: string): string {
    return join(this.options.folder, collection, `${encodeFileName(key)}.json`);
  }
}

function etagOf(json: string): string {
  return `"${createHash('sha256').update(json).digest('hex').slice(0, 32)}"`;
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
}
