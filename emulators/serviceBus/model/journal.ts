// What the model tells persistence, and when an answer may be given: every change that a client could be
// told about (a send accepted, a settlement acknowledged, an entity created) is recorded here first, and the
// transport waits for `durable()` before answering. In memory (no `--persist`) recording costs nothing.

import type { NamespaceDefinitions } from '../definitions.js';
import type { StoredMessage } from './entry.js';

export interface Journal {
  readonly persistent: boolean;
  /** A message as it now is in the queue (or scheduler) at `path`; replaces any earlier record of it. */
  putMessage(path: string, message: StoredMessage): void;
  deleteMessage(path: string, sequenceNumber: number): void;
  /** A message id seen by duplicate detection, with the sequence number it was accepted as. */
  rememberMessageId(entity: string, key: string, seenAt: number, sequenceNumber: number): void;
  sessionState(path: string, sessionId: string, state: Buffer | undefined): void;
  /** Every entity and rule, whenever one changes (they are few, so each record is the whole set). */
  definitions(definitions: NamespaceDefinitions): void;
  /** Resolves once everything recorded so far is on disk. */
  durable(): Promise<void>;
}

const resolved = Promise.resolve();

export const inMemory: Journal = {
  persistent: false,
  putMessage: () => {},
  deleteMessage: () => {},
  rememberMessageId: () => {},
  sessionState: () => {},
  definitions: () => {},
  durable: () => resolved,
};

/** Forwards to a journal chosen later: in memory while persistence restores the namespace, then the file. */
export class JournalSwitch implements Journal {
  target: Journal = inMemory;

  get persistent(): boolean {
    return this.target.persistent;
  }

  putMessage: Journal['putMessage'] = (...args) => this.target.putMessage(...args);
  deleteMessage: Journal['deleteMessage'] = (...args) => this.target.deleteMessage(...args);
  rememberMessageId: Journal['rememberMessageId'] = (...args) => this.target.rememberMessageId(...args);
  sessionState: Journal['sessionState'] = (...args) => this.target.sessionState(...args);
  definitions: Journal['definitions'] = (...args) => this.target.definitions(...args);
  durable: Journal['durable'] = () => this.target.durable();
}
