// Compaction: the namespace as it is now, written as a fresh journal (definitions, then every message, the
// duplicate-detection history still within its window, session states and sequence counters), synced, and
// renamed over the old one, so a crash at any point leaves one whole journal or the other.
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PublishingEntity } from '../model/entities.js';
import type { MessageQueue } from '../model/messageQueue.js';
import type { Namespace } from '../model/namespace.js';
import { type JournalRecord, putRecord } from './records.js';

export async function writeSnapshot(namespace: Namespace, journalPath: string): Promise<void> {
  const records: JournalRecord[] = [{ t: 'defs', v: namespace.definitions() }];
  const entities: PublishingEntity[] = [...namespace.queues.values(), ...namespace.topics.values()];
  for (const entity of entities) {
    const key = entity.name.toLowerCase();
    records.push({ t: 'seq', p: key, s: entity.sequence.peekNext() - 1 });
    for (const message of entity.scheduler.storedMessages())
      records.push(putRecord(`${key}/$scheduled`, message));
    for (const [k, { seenAt, sequenceNumber }] of entity.duplicates.remembered()) {
      records.push({ t: 'seen', p: key, k, at: seenAt, s: sequenceNumber });
    }
    const queues =
      entity.kind === 'queue' ? [entity.queue] : [...entity.subscriptions.values()].map((s) => s.queue);
    for (const queue of queues) records.push(...queueRecords(queue));
  }
  const temporary = `${journalPath}.compacting`;
  const file = await open(temporary, 'w');
  try {
    await file.write(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    await file.datasync();
  } finally {
    await file.close();
  }
  await rename(temporary, journalPath);
  // The rename itself is durable only once the folder is synced.
  const folder = await open(dirname(journalPath), 'r');
  await folder.sync().finally(() => folder.close());
}

function queueRecords(queue: MessageQueue): JournalRecord[] {
  const records: JournalRecord[] = [];
  for (const current of [queue, queue.deadLetterQueue].filter((q): q is MessageQueue => q !== undefined)) {
    const path = current.settings.key;
    records.push({ t: 'seq', p: path, s: current.sequence.peekNext() - 1 });
    for (const message of current.storedMessages()) records.push(putRecord(path, message));
    for (const [sessionId, state] of current.sessions.allStates()) {
      records.push({ t: 'state', p: path, id: sessionId, v: state.toString('base64') });
    }
  }
  return records;
}
