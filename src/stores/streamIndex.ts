// The stream index: checkpoints into a stream's bytes, so that a read from version N starts near N instead of
// at byte 0. The Append Blob and File Share stores keep one small index document beside each stream; this
// module is the pure part both share: which records become checkpoints, which checkpoint a read starts
// from, how two views of an index merge, and the document's format.
//
// A checkpoint names the first version of a record (an append-blob line, a file-share line) and where the
// record starts. Streams only grow and committed bytes never change, so a checkpoint taken from committed
// bytes stays true forever; an index is therefore never wrong, only incomplete, unless it was damaged. Readers
// treat it as a hint all the same: they check that the record at a checkpoint has the version it claims and
// fall back to reading from the start when it does not.
import { DEFAULT_LIMITS } from './appendChecks.js';

export interface Checkpoint {
  /** The version of the first event of the record that starts here. */
  version: number;
  /** Which blob of the stream holds the record (always 0 for a stream kept in one file). */
  blob: number;
  /** The byte offset of the record in that blob or file. */
  offset: number;
}

/** A record as a reader saw it: its first and last version and where it starts. */
export interface RecordPlace extends Checkpoint {
  lastVersion: number;
}

/** Default spacing of checkpoints, in versions (the `checkpointEvery` option of the stores). */
export const DEFAULT_CHECKPOINT_EVERY = 100;

/** The most events one record can hold: a command's events share one record in the File Share store. */
const MAX_EVENTS_PER_RECORD = DEFAULT_LIMITS.maxEventsPerAppend;

/**
 * True when the record holding versions `first`…`last` is a checkpoint: it holds the first version after a
 * multiple of `every` (so there is one checkpoint per `every` versions, at a record boundary).
 */
export function isCheckpointRecord(first: number, last: number, every: number): boolean {
  const boundary = Math.floor((last - 1) / every);
  return boundary >= 1 && boundary * every + 1 >= first;
}

/** The checkpoints among records read in order. */
export function checkpointsOf(records: readonly RecordPlace[], every: number): Checkpoint[] {
  return records
    .filter((record) => isCheckpointRecord(record.version, record.lastVersion, every))
    .map(({ version, blob, offset }) => ({ version, blob, offset }));
}

/** True when a read from `from` must start at the first record: no checkpoint can precede it. */
export function startsAtFirstRecord(from: number, every: number): boolean {
  return from <= every;
}

/** The last checkpoint at or before `version`: where a read from `version` starts. */
export function nearestCheckpoint(
  checkpoints: readonly Checkpoint[],
  version: number,
): Checkpoint | undefined {
  let low = 0;
  let high = checkpoints.length - 1;
  let found: Checkpoint | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = checkpoints[middle] as Checkpoint;
    if (candidate.version <= version) {
      found = candidate;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** The first checkpoint after `version`: every record up to `version` ends before it (in its blob). */
export function checkpointAfter(checkpoints: readonly Checkpoint[], version: number): Checkpoint | undefined {
  const nearest = nearestCheckpoint(checkpoints, version);
  return checkpoints[nearest ? checkpoints.indexOf(nearest) + 1 : 0];
}

/**
 * True when `checkpoints` hold one as close before `from` as a complete index would, so reading the stored
 * index could not make the read shorter.
 */
export function coversVersion(checkpoints: readonly Checkpoint[], from: number, every: number): boolean {
  const nearest = nearestCheckpoint(checkpoints, from);
  return nearest !== undefined && from - nearest.version < every + MAX_EVENTS_PER_RECORD - 1;
}

/**
 * Both lists in one, ordered by version; `preferred` wins where both name a version. Entries whose place does
 * not lie after the previous one's (a damaged document) are left out, so the result is always ordered.
 */
export function mergeCheckpoints(
  other: readonly Checkpoint[],
  preferred: readonly Checkpoint[],
): Checkpoint[] {
  const byVersion = new Map<number, Checkpoint>();
  for (const checkpoint of other) byVersion.set(checkpoint.version, checkpoint);
  for (const checkpoint of preferred) byVersion.set(checkpoint.version, checkpoint);
  const merged: Checkpoint[] = [];
  for (const checkpoint of [...byVersion.values()].sort((a, b) => a.version - b.version)) {
    const previous = merged.at(-1);
    if (!previous || isAfter(checkpoint, previous)) merged.push(checkpoint);
  }
  return merged;
}

/** True when `candidate` holds a checkpoint that `known` lacks. */
export function addsCheckpoints(known: readonly Checkpoint[], candidate: readonly Checkpoint[]): boolean {
  const versions = new Set(known.map((checkpoint) => checkpoint.version));
  return candidate.some((checkpoint) => !versions.has(checkpoint.version));
}

/** Average bytes per version between the first and last checkpoint of one blob, if the index shows it. */
export function bytesPerVersion(checkpoints: readonly Checkpoint[]): number | undefined {
  const last = checkpoints.at(-1);
  const first = last && checkpoints.find((checkpoint) => checkpoint.blob === last.blob);
  if (!first || !last || last.version <= first.version) return undefined;
  return (last.offset - first.offset) / (last.version - first.version);
}

/** Where a read of versions `from`…`to` should download, by the index. */
export interface WindowPlace {
  /** The checkpoint at or before `from`: a sure place to fall back on. */
  checkpoint: Checkpoint;
  /** Where to start: the checkpoint, or (`cut`) a little before where `from` should start, inside a record. */
  offset: number;
  cut: boolean;
  /** Where the window should end (exclusive, in the checkpoint's blob), never past the next checkpoint. */
  end?: number;
}

/** Relative margin of the estimates (records vary in size), plus this many versions' worth of bytes. */
const ESTIMATE_MARGIN = 0.1;
const ESTIMATE_SLACK_VERSIONS = 2;

/**
 * The byte range of a window, estimated from the index: between the checkpoints around it, versions are
 * taken to use the same bytes each, with a margin. An index that is not complete around `from` (stale) gets
 * no estimate: the read then goes through the records from the checkpoint, and the index learns them.
 */
export function windowPlace(
  checkpoints: readonly Checkpoint[],
  from: number,
  to: number,
  every: number,
): WindowPlace | undefined {
  const checkpoint = nearestCheckpoint(checkpoints, from);
  if (!checkpoint) return undefined;
  const exact = { checkpoint, offset: checkpoint.offset, cut: false };
  if (!coversVersion(checkpoints, from, every)) return exact;
  const inBlob = (candidate: Checkpoint | undefined) =>
    candidate?.blob === checkpoint.blob ? candidate : undefined;
  const next = inBlob(checkpointAfter(checkpoints, checkpoint.version));
  const bound = inBlob(checkpointAfter(checkpoints, to))?.offset;
  const perVersion = next
    ? (next.offset - checkpoint.offset) / (next.version - checkpoint.version)
    : bytesPerVersion(checkpoints);
  if (perVersion === undefined) return bound === undefined ? exact : { ...exact, end: bound };
  const estimate = (version: number, sign: 1 | -1) =>
    checkpoint.offset +
    Math.round(
      (version - checkpoint.version) * perVersion * (1 + sign * ESTIMATE_MARGIN) +
        sign * ESTIMATE_SLACK_VERSIONS * perVersion,
    );
  const offset = Math.max(checkpoint.offset, estimate(from, -1));
  const end = Math.min(bound ?? Number.POSITIVE_INFINITY, estimate(to + 1, 1));
  return { checkpoint, offset, cut: offset > checkpoint.offset, end: Math.max(end, offset + 1) };
}

/** The index document: `{"checkpoints":[[version, blob, offset], …]}`, compact because it is read often. */
export function serializeIndex(checkpoints: readonly Checkpoint[]): string {
  return JSON.stringify({ checkpoints: checkpoints.map((c) => [c.version, c.blob, c.offset]) });
}

/** The checkpoints of an index document, or undefined when it is not one (damaged, or another format). */
export function parseIndex(text: string): Checkpoint[] | undefined {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return undefined;
  }
  const entries = (document as { checkpoints?: unknown } | null)?.checkpoints;
  if (!Array.isArray(entries)) return undefined;
  const checkpoints: Checkpoint[] = [];
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 3 || !entry.every(isCount)) return undefined;
    const [version, blob, offset] = entry as [number, number, number];
    const checkpoint = { version, blob, offset };
    const previous = checkpoints.at(-1);
    if (version < 1 || (previous && (version <= previous.version || !isAfter(checkpoint, previous))))
      return undefined;
    checkpoints.push(checkpoint);
  }
  return checkpoints;
}

function isAfter(candidate: Checkpoint, previous: Checkpoint): boolean {
  return (
    candidate.blob > previous.blob || (candidate.blob === previous.blob && candidate.offset > previous.offset)
  );
}

function isCount(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
