// The journal's records, one JSON object a line: a message put (as it now is) or deleted at a path, a message
// id remembered by duplicate detection, a session's state, the whole set of entity definitions, and (in a
// compacted journal) the last sequence number a path used. Messages travel as their AMQP encoding, base64.
import type { Message } from 'rhea';
import rhea from 'rhea';
import type { NamespaceDefinitions } from '../definitions.js';
import type { MessageState, StoredMessage } from '../model/entry.js';

export type JournalRecord =
  | { t: 'put'; p: string; s: number; e: number; d: number; st: MessageState; m: string }
  | { t: 'del'; p: string; s: number }
  | { t: 'seen'; p: string; k: string; at: number; s: number }
  | { t: 'state'; p: string; id: string; v: string | null }
  | { t: 'defs'; v: NamespaceDefinitions }
  | { t: 'seq'; p: string; s: number };

export const putRecord = (path: string, message: StoredMessage): JournalRecord => ({
  t: 'put',
  p: path,
  s: message.sequenceNumber,
  e: message.enqueuedTimeUtc.getTime(),
  d: message.failedDeliveries,
  st: message.state,
  m: rhea.message.encode(message.message).toString('base64'),
});

export const storedFrom = (record: Extract<JournalRecord, { t: 'put' }>): StoredMessage => ({
  sequenceNumber: record.s,
  enqueuedTimeUtc: new Date(record.e),
  failedDeliveries: record.d,
  state: record.st,
  message: rhea.message.decode(Buffer.from(record.m, 'base64')) as unknown as Message,
});

/** Every complete record of a journal's text; a torn last line (a write cut short) was never acknowledged. */
export function parseJournal(text: string): JournalRecord[] {
  const records: JournalRecord[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch {
      break;
    }
  }
  return records;
}
