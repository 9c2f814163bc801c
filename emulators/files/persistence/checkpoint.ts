// A checkpoint: the whole state written as the changes that rebuild it (shares, snapshots, entries, each
// file's written ranges and stored chunks). Compaction writes one to a new file and renames it over the
// journal, so the journal never holds more than the live data plus the changes since.
import type { Change } from '../model/changes.js';
import { entryRecord, shareRecord } from '../model/records.js';
import type { Address, FilesState, StoredDirectory, StoredShare } from '../model/types.js';

export function* checkpointChanges(state: FilesState): Generator<Change> {
  yield { type: 'serviceProperties', properties: state.service };
  for (const share of state.shares.values()) {
    yield* shareChanges(share);
    for (const snapshot of state.snapshots.get(share.name)?.values() ?? []) yield* shareChanges(snapshot);
  }
}

function* shareChanges(share: StoredShare): Generator<Change> {
  yield { type: 'shareCreated', share: shareRecord(share) };
  const base = { share: share.name, ...(share.snapshot === undefined ? {} : { snapshot: share.snapshot }) };
  yield* directoryChanges(share.root, base, []);
}

function* directoryChanges(
  directory: StoredDirectory,
  base: Omit<Address, 'path'>,
  path: string[],
): Generator<Change> {
  for (const entry of directory.children.values()) {
    const at: Address = { ...base, path: [...path, entry.name] };
    yield { type: 'entryCreated', at, entry: entryRecord(entry) };
    if (entry.kind === 'directory') {
      yield* directoryChanges(entry, base, at.path);
      continue;
    }
    yield { type: 'contentRestored', at, spans: [...entry.content.writtenRanges()] };
    for (const [offset, data] of entry.content.storedChunks())
      yield { type: 'chunkRestored', at, offset, data };
  }
}
