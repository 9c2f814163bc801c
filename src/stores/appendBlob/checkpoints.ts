// Which lines of an append-blob stream are checkpoints of its index (streamIndex.ts): each line holds one
// event, so the checkpoint of every `every` versions is the line of version k·every + 1, wherever a read
// went through it or an append wrote it.
import { type Checkpoint, checkpointsOf, isCheckpointRecord } from '../streamIndex.js';
import type { StoredRecord } from './records.js';
import type { BlobOffset } from './streamBlobs.js';

/** The checkpoints among records a scan read. */
export function checkpointsOfRecords(records: readonly StoredRecord[], every: number): Checkpoint[] {
  const places = records.map((record) => ({
    version: record.event.version,
    lastVersion: record.event.version,
    blob: record.blobIndex,
    offset: record.offset,
  }));
  return checkpointsOf(places, every);
}

/** The checkpoints among the lines of an append block written at `place` after `expectedVersion`. */
export function checkpointsOfBlock(
  expectedVersion: number,
  lines: readonly string[],
  place: BlobOffset,
  every: number,
): Checkpoint[] {
  if (!isCheckpointRecord(expectedVersion + 1, expectedVersion + lines.length, every)) return [];
  let offset = place.offset;
  return lines.flatMap((line, index) => {
    const version = expectedVersion + index + 1;
    const checkpoint = { version, blob: place.blobIndex, offset };
    offset += Buffer.byteLength(line) + 1;
    return isCheckpointRecord(version, version, every) ? [checkpoint] : [];
  });
}
