// Creating a stream file exclusively. Create File replaces an existing file (there is no If-None-Match),
// so creating the stream's file in place could wipe a stream another writer has just committed. Instead the
// first command's line is written to a uniquely named temporary file, with the commit metadata already set,
// and the file is renamed to the stream's name without replacing: Rename File fails with 409 when the name
// is taken, atomically. The rename is the commit point of a new stream; until then nothing is visible under
// the stream's name, and a writer that crashes before it leaves only a temporary file that listings skip.
import { randomUUID } from 'node:crypto';
import { isRestError } from '../azureErrors.js';
import type { StreamId } from '../eventStore.js';
import type { StreamDirectories } from './streamDirectories.js';
import {
  capacityFor,
  commitMetadata,
  type StreamState,
  streamFileName,
  temporaryFileName,
  writeRange,
} from './streamFile.js';

/**
 * Creates the stream's file holding `data` (the first `recordCount` events). Returns the new stream's
 * state, or undefined when a file of that name exists already (another writer created the stream).
 */
export async function createStreamFile(
  directories: StreamDirectories,
  stream: StreamId,
  data: Buffer,
  recordCount: number,
  initialSizeInBytes: number,
): Promise<StreamState | undefined> {
  const directory = directories.directory(stream.aggregateType);
  const temporary = directory.getFileClient(temporaryFileName(randomUUID()));
  const size = capacityFor(initialSizeInBytes, data.length);
  const metadata = commitMetadata(stream, recordCount, data.length);
  await directories.withDirectories(stream.aggregateType, () => temporary.create(size, { metadata }));
  try {
    await writeRange(temporary, 0, data);
    const destination = `${directories.path(stream.aggregateType)}/${streamFileName(stream.aggregateId)}`;
    // Metadata is given again so the renamed file carries it whatever the service does with a rename's.
    const { fileRenameResponse } = await temporary.rename(destination, { replaceIfExists: false, metadata });
    return { recordCount, endOfData: data.length, size, etag: fileRenameResponse.etag ?? '' };
  } catch (error) {
    // Best effort: a temporary file left behind is invisible to readers and listings.
    await temporary.deleteIfExists().catch(() => undefined);
    if (isRestError(error, 409)) return undefined;
    throw error;
  }
}
