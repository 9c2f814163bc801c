// The JSON document port's contract, on each adapter (Blob on Azurite, Local File, In-Memory): conditional
// writes, listing by prefix in path order across pages, conditional deletes, and keys that are more than
// aggregate ids (`$`, `/`, `:` and capitals) surviving the round trip.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobDocumentStore } from '../../src/stores/documents/blobDocumentStore.js';
import {
  type DocumentStore,
  isDocumentConflict,
  MAX_LIST_LIMIT,
} from '../../src/stores/documents/documentStore.js';
import { InMemoryDocumentStore } from '../../src/stores/documents/inMemoryDocumentStore.js';
import {
  decodeDocumentFileName,
  documentFileName,
  LocalFileDocumentStore,
} from '../../src/stores/documents/localFileDocumentStore.js';
import { blobServiceClient } from '../support/emulators.js';

const folder = `.data/test-documents-${randomUUID().slice(0, 8)}`;
afterAll(() => rm(folder, { recursive: true, force: true }));

const ADAPTERS: [string, () => DocumentStore<{ n: number }>][] = [
  ['in-memory', () => new InMemoryDocumentStore()],
  ['local-file', () => new LocalFileDocumentStore({ folder })],
  [
    'blob',
    () => new BlobDocumentStore(blobServiceClient().getContainerClient(`docs-${randomUUID().slice(0, 8)}`)),
  ],
];

async function listAll(store: DocumentStore, collection: string, prefix: string, limit: number) {
  const keys: string[] = [];
  let continuationToken: string | undefined;
  let pages = 0;
  do {
    const page = await store.list(collection, { prefix, limit, continuationToken });
    expect(page.keys.length).toBeLessThanOrEqual(limit);
    keys.push(...page.keys);
    continuationToken = page.continuationToken;
    pages++;
  } while (continuationToken !== undefined);
  return { keys, pages };
}

describe.each(ADAPTERS)('the %s document store', (_, create) => {
  const store = create();
  const collection = `c-${randomUUID().slice(0, 8)}`;

  it('lists nothing in a collection that does not exist', async () => {
    expect(await store.list(`none-${randomUUID().slice(0, 8)}`)).toEqual({ keys: [] });
  });

  it('lists keys with a prefix in path order, page by page, without the others', async () => {
    const keys = ['$index/2031-05-01T07:00:00.000Z/b', '$index/2031-05-01T07:00:00.000Z/a', '$index/2030/Z'];
    const others = ['acc-1', '$indexed', 'Acc-2'];
    for (const [n, key] of [...keys, ...others].entries()) await store.put(collection, key, { n }, {});
    const { keys: listed, pages } = await listAll(store, collection, '$index/', 2);
    expect(listed).toEqual(['$index/2030/Z', '$index/2031-05-01T07:00:00.000Z/a', keys[0]]);
    expect(pages).toBe(2);
    expect((await store.list(collection, { limit: MAX_LIST_LIMIT })).keys.sort()).toEqual(
      [...keys, ...others].sort(),
    );
    expect((await store.get(collection, 'Acc-2'))?.document).toEqual({ n: 5 });
    expect((await store.get(collection, 'acc-1'))?.document).toEqual({ n: 3 });
  });

  it('deletes a document, only at the version asked for, and says when there was none', async () => {
    const etag = await store.put(collection, 'gone/1', { n: 1 }, {});
    const newer = await store.put(collection, 'gone/1', { n: 2 }, { etag });
    const stale = await store.delete(collection, 'gone/1', { etag }).catch((error: unknown) => error);
    expect(isDocumentConflict(stale)).toBe(true);
    expect((await store.get(collection, 'gone/1'))?.document).toEqual({ n: 2 });
    expect(await store.delete(collection, 'gone/1', { etag: newer })).toBe(true);
    expect(await store.get(collection, 'gone/1')).toBeUndefined();
    expect(await store.delete(collection, 'gone/1')).toBe(false);
    expect((await store.list(collection, { prefix: 'gone/' })).keys).toEqual([]);
    // A new document may be created again after a delete (If-None-Match: *).
    await store.put(collection, 'gone/1', { n: 3 }, {});
    expect(await store.delete(collection, 'gone/1')).toBe(true);
  });
});

describe('local file names of document keys', () => {
  it('are flat, keep capitals apart and decode to the key', () => {
    for (const key of ['acc-1', 'Acc-1', '$index/2031-05-01T07:00:00.000Z/Item_1@x', 'ü/%^']) {
      const name = documentFileName(key);
      expect(name).not.toMatch(/[/:$A-Z]/);
      expect(decodeDocumentFileName(name)).toBe(key);
    }
    expect(documentFileName('acc-1')).toBe('acc-1');
  });
});
