// Rebuilds the namespace from a journal: replays its records in order (the last definitions, every message
// as last put and not since deleted, duplicate-detection history, session state, the highest sequence number
// each path used), then creates the entities and puts everything back where it was, without re-recording it.
import type { NamespaceDefinitions } from '../definitions.js';
import type { SequenceCounter } from '../model/entry.js';
import type { Namespace } from '../model/namespace.js';
import { type JournalRecord, storedFrom } from './records.js';

type PutRecord = Extract<JournalRecord, { t: 'put' }>;

const deadLetterSuffix = '/$deadletterqueue';
const scheduledSuffix = '/$scheduled';

export function restoreNamespace(namespace: Namespace, records: JournalRecord[]): void {
  let definitions: NamespaceDefinitions | undefined;
  const messages = new Map<string, Map<number, PutRecord>>();
  const seen = new Map<string, Map<string, { at: number; s: number }>>();
  const states = new Map<string, Map<string, string | null>>();
  const highest = new Map<string, number>();
  const bump = (path: string, sequenceNumber: number) =>
    highest.set(path, Math.max(highest.get(path) ?? 0, sequenceNumber));
  for (const record of records) {
    switch (record.t) {
      case 'defs':
        definitions = record.v;
        // An entity deleted (and maybe made again) starts empty: forget what its old self held.
        forgetAllBut(ownerKeys(record.v), [messages, seen, states, highest]);
        break;
      case 'put':
        inner(messages, record.p).set(record.s, record);
        bump(record.p, record.s);
        break;
      case 'del':
        messages.get(record.p)?.delete(record.s);
        bump(record.p, record.s);
        break;
      case 'seen': {
        const history = inner(seen, record.p);
        history.delete(record.k);
        history.set(record.k, { at: record.at, s: record.s });
        bump(record.p, record.s);
        break;
      }
      case 'state':
        inner(states, record.p).set(record.id, record.v);
        break;
      case 'seq':
        bump(record.p, record.s);
        break;
    }
  }
  if (!definitions) return;
  for (const queue of definitions.queues) namespace.createQueue(queue);
  for (const topic of definitions.topics) namespace.createTopic(topic);
  for (const [path, sequenceNumber] of highest) counterFor(namespace, path)?.observe(sequenceNumber);
  for (const [path, byNumber] of messages) {
    for (const record of [...byNumber.values()].sort((a, b) => a.s - b.s)) place(namespace, path, record);
  }
  for (const [entity, history] of seen) {
    for (const [key, { at: seenAt, s }] of history)
      namespace.publisher(entity)?.duplicates.restore(key, seenAt, s);
  }
  for (const [path, byId] of states) {
    for (const [sessionId, state] of byId) {
      if (state) namespace.queue(path)?.sessions.restoreState(sessionId, Buffer.from(state, 'base64'));
    }
  }
}

function inner<K, V>(outer: Map<string, Map<K, V>>, path: string): Map<K, V> {
  const found = outer.get(path);
  if (found) return found;
  const made = new Map<K, V>();
  outer.set(path, made);
  return made;
}

function place(namespace: Namespace, path: string, record: PutRecord): void {
  if (!path.endsWith(scheduledSuffix)) {
    namespace.queue(path)?.restore(storedFrom(record));
    return;
  }
  const entity = namespace.publisher(path.slice(0, -scheduledSuffix.length));
  if (!entity) return;
  // Released just before the crash, but not yet forgotten by the scheduler: it is already enqueued.
  const queues =
    entity.kind === 'queue' ? [entity.queue] : [...entity.subscriptions.values()].map((s) => s.queue);
  if (queues.some((queue) => queue.has(record.s))) return;
  entity.scheduler.restore(storedFrom(record));
}

/** Dead-letter queues number their messages on their own; everything else shares its queue's or topic's counter. */
function counterFor(namespace: Namespace, path: string): SequenceCounter | undefined {
  if (path.endsWith(deadLetterSuffix)) return namespace.queue(path)?.sequence;
  if (path.endsWith(scheduledSuffix))
    return namespace.publisher(path.slice(0, -scheduledSuffix.length))?.sequence;
  return namespace.queue(path)?.sequence ?? namespace.publisher(path)?.sequence;
}

const ownerKeys = (definitions: NamespaceDefinitions): Set<string> =>
  new Set([
    ...definitions.queues.map((queue) => queue.name.toLowerCase()),
    ...definitions.topics.flatMap((topic) => [
      topic.name.toLowerCase(),
      ...topic.subscriptions.map((subscription) =>
        `${topic.name}/subscriptions/${subscription.name}`.toLowerCase(),
      ),
    ]),
  ]);

function forgetAllBut(owners: Set<string>, maps: Map<string, unknown>[]): void {
  for (const map of maps) {
    for (const path of map.keys()) {
      const owner = path.replace(/\/\$(deadletterqueue|scheduled)$/, '');
      if (!owners.has(owner)) map.delete(path);
    }
  }
}
