// Where the File Share store keeps a stream's index (streamIndex.ts): a sidecar file beside the stream file,
// `{id}.index.json`, which listings skip (only `.ndjson` files are streams). Azure Files has no conditional
// writes, so a new index is written to a temporary file and renamed over the old one (replaceIfExists):
// readers see the old or the new document, never half of one. Two writers racing may drop each other's new
// checkpoints; the index is a hint, and the next read through those records finds them again.
import { randomUUID } from 'node:crypto';
import { isRestError } from '../azureErrors.js';
import type { StreamId } from '../eventStore.js';
import { encodeFileName } from '../fileNames.js';
import { parseIndex } from '../streamIndex.js';
import type { IndexDocument, IndexDocuments } from '../streamIndexes.js';
import type { StreamDirectories } from './streamDirectories.js';
import { temporaryFileName, writeRange } from './streamFile.js';

const INDEX_SUFFIX = '.index.json';

export function indexFileName(aggregateId: string): string {
  return `${encodeFileName(aggregateId)}${INDEX_SUFFIX}`;
}

export class FileIndexDocuments implements IndexDocuments {
  constructor(private readonly directories: StreamDirectories) {}

  async read(stream: StreamId): Promise<IndexDocument | undefined> {
    try {
      const file = this.directories
        .directory(stream.aggregateType)
        .getFileClient(indexFileName(stream.aggregateId));
      const response = await file.download();
      const chunks: Buffer[] = [];
      for await (const chunk of response.readableStreamBody ?? [])
        chunks.push(Buffer.from(chunk as Uint8Array));
      return { checkpoints: parseIndex(Buffer.concat(chunks).toString('utf8')) };
    } catch (error) {
      if (isRestError(error, 404)) return undefined;
      throw error;
    }
  }

  async write(stream: StreamId, text: string): Promise<{ etag?: string }> {
    const directory = this.directories.directory(stream.aggregateType);
    const temporary = directory.getFileClient(temporaryFileName(randomUUID()));
    const body = Buffer.from(text, 'utf8');
    await temporary.create(body.length);
    try {
      if (body.length > 0) await writeRange(temporary, 0, body);
      const destination = `${this.directories.path(stream.aggregateType)}/${indexFileName(stream.aggregateId)}`;
      await temporary.rename(destination, { replaceIfExists: true });
      return {};
    } catch (error) {
      await temporary.deleteIfExists().catch(() => undefined);
      throw error;
    }
  }
}
