// Documents as JSON files `<folder>/{collection}/{encoded key}.json` (beside the Local File event store, in its
// `.projections` folder). A write or delete holds a lock file (proper-lockfile, as the event store does) while
// it checks the ETag and replaces the file through a temporary file and a rename, so writers in several
// processes never lose an update and readers never see half a document. The ETag is a hash of the content.
// Keys become one flat file name each (documentFileName), so a collection is one folder that list() reads.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
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
    return this.locked(path, async () => {
      await this.check(path, collection, key, options.etag, true);
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
    });
  }

  async list(collection: string, options?: Port.ListDocumentsOptions): Promise<Port.DocumentKeyPage> {
    let names: string[] = [];
    try {
      names = await readdir(join(this.options.folder, collection));
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    }
    // Temporary files end in `.tmp` and locks in `.lock`: only `.json` names are documents.
    const keys = names.filter((name) => name.endsWith('.json'));
    return Port.pageOfKeys(
      keys.map((name) => decodeDocumentFileName(name.slice(0, -'.json'.length))),
      options,
    );
  }

  async delete(collection: string, key: string, options: Port.DeleteDocumentOptions = {}): Promise<boolean> {
    const path = this.path(collection, key);
    if ((await readIfPresent(path)) === undefined && options.etag === undefined) return false;
    await mkdir(join(this.options.folder, collection), { recursive: true });
    return this.locked(path, async () => {
      if (!(await this.check(path, collection, key, options.etag, options.etag !== undefined))) return false;
      await unlink(path);
      return true;
    });
  }

  /** Whether the document exists; throws a conflict when `strict` and it is not at `etag`. */
  private async check(path: string, collection: string, key: string, etag?: string, strict = true) {
    const current = await readIfPresent(path);
    const currentEtag = current === undefined ? undefined : etagOf(current);
    if (strict && currentEtag !== etag) throw Port.changedSinceRead(collection, key);
    return current !== undefined;
  }

  private async locked<T>(path: string, work: () => Promise<T>): Promise<T> {
    const release = await lockfile.lock(path, {
      realpath: false,
      stale: this.options.lockStaleInMs ?? 10_000,
      retries: { retries: 200, factor: 1.2, minTimeout: 2, maxTimeout: 50, randomize: true },
    });
    try {
      return await work();
    } finally {
      await release();
    }
  }

  private path(collection: string, key: string): string {
    return join(this.options.folder, collection, `${documentFileName(key)}.json`);
  }
}

/**
 * A key as one file name that case-insensitive file systems keep apart: an upper-case letter becomes `^` and
 * the letter (as stream files do), anything but letters, digits, `.`, `_`, `@` and `-` becomes `%` and its
 * UTF-8 bytes in hex (so `/` makes no folder and `:` is allowed on Windows). Aggregate ids stay as they were.
 */
export function documentFileName(key: string): string {
  return [...key]
    .map((char) => {
      if (/[a-z0-9._@-]/.test(char)) return char;
      if (/[A-Z]/.test(char)) return `^${char.toLowerCase()}`;
      return [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
    })
    .join('');
}

export function decodeDocumentFileName(name: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < name.length; i++) {
    const char = name[i] ?? '';
    if (char === '%') {
      bytes.push(Number.parseInt(name.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (char === '^') {
      bytes.push(...Buffer.from((name[++i] ?? '').toUpperCase(), 'utf8'));
    } else bytes.push(...Buffer.from(char, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
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
