// The layout of one stream file on an Azure file share. Bytes: one line per command (the JSON array of its
// envelopes + '\n', as in the Local File store) from offset 0, then pre-allocated space. Metadata, the
// commit point: how many records the stream holds and where its data ends. Bytes past `endofdata` were
// never committed (a torn write, or a writer whose lease was broken) and are overwritten by the next append.
import type { ShareFileClient } from '@azure/storage-file-share';
import type { StreamId } from '../eventStore.js';
import { decodeFileName, encodeFileName } from '../fileNames.js';

const EXTENSION = '.ndjson';
const TEMPORARY_PREFIX = '~';

/** Put Range writes at most 4 MiB per call. */
const MAX_RANGE_BYTES = 4 * 1024 * 1024;

/** What a stream file's metadata says, with the file's size and the ETag of the state it describes. */
export interface StreamState {
  /** Number of events committed: the stream's version. */
  recordCount: number;
  /** Byte offset just past the last committed line. */
  endOfData: number;
  /** The file's size: data plus pre-allocated space. */
  size: number;
  etag: string;
}

export function streamFileName(aggregateId: string): string {
  return `${encodeFileName(aggregateId)}${EXTENSION}`;
}

/** A unique name for a stream file being prepared; listings skip it. */
export function temporaryFileName(unique: string): string {
  return `${TEMPORARY_PREFIX}${unique}.tmp`;
}

/** The aggregate id a directory entry holds, or undefined when it is not a stream file. */
export function aggregateIdOf(fileName: string): string | undefined {
  if (fileName.startsWith(TEMPORARY_PREFIX) || !fileName.endsWith(EXTENSION)) return undefined;
  return decodeFileName(fileName.slice(0, -EXTENSION.length));
}

/** The metadata that commits a stream at `recordCount` events ending at byte `endOfData`. */
export function commitMetadata(
  stream: StreamId,
  recordCount: number,
  endOfData: number,
): Record<string, string> {
  // Lower-case names: Azure keeps the case, but the SDK on Node reads metadata names back lower-cased.
  return {
    aggregatetype: stream.aggregateType,
    aggregatekey: stream.aggregateId,
    recordcount: String(recordCount),
    endofdata: String(endOfData),
  };
}

interface FileProperties {
  metadata?: Record<string, string>;
  contentLength?: number;
  etag?: string;
}

/** Reads a stream's state from Get Properties; a stream file without valid commit metadata is corrupt. */
export function stateFromProperties(path: string, properties: FileProperties): StreamState {
  const recordCount = Number(properties.metadata?.recordcount);
  const endOfData = Number(properties.metadata?.endofdata);
  const size = properties.contentLength ?? 0;
  const valid = [recordCount, endOfData].every((n) => Number.isSafeInteger(n) && n >= 0) && endOfData <= size;
  if (!valid || properties.etag === undefined) {
    throw new Error(`Stream file ${path} has no valid recordcount/endofdata metadata.`);
  }
  return { recordCount, endOfData, size, etag: properties.etag };
}

/** The size to give a file so `needed` bytes fit: `size` doubled as often as it takes. */
export function capacityFor(size: number, needed: number): number {
  let capacity = Math.max(1, size);
  while (capacity < needed) capacity *= 2;
  return capacity;
}

/** Writes `data` at `offset` (the file must be large enough), in Put Range calls of at most 4 MiB. */
export async function writeRange(
  file: ShareFileClient,
  offset: number,
  data: Buffer,
  leaseId?: string,
): Promise<void> {
  const options = leaseId === undefined ? {} : { leaseAccessConditions: { leaseId } };
  for (let start = 0; start < data.length; start += MAX_RANGE_BYTES) {
    const chunk = data.subarray(start, start + MAX_RANGE_BYTES);
    await file.uploadRange(chunk, offset + start, chunk.length, options);
  }
}

/** Downloads exactly the bytes `[offset, offset + count)`. */
export async function readRange(file: ShareFileClient, offset: number, count: number): Promise<Buffer> {
  const response = await file.download(offset, count);
  const chunks: Buffer[] = [];
  for await (const chunk of response.readableStreamBody ?? []) chunks.push(Buffer.from(chunk as Uint8Array));
  const content = Buffer.concat(chunks);
  if (content.length !== count) {
    throw new Error(`Read ${content.length} bytes of ${file.path} at ${offset}; expected ${count}.`);
  }
  return content;
}
