// Peek-lock locks of one queue: the lock token each locked message was handed out under, until when, and
// the timer that hands the message back when the lock expires. A session's messages have no timer of their
// own: their lock is the session's.
import { newLockToken } from '../codec.js';
import type { Entry } from './entry.js';

export class MessageLocks {
  private readonly locked = new Map<string, Entry>();

  constructor(
    private readonly durationInMs: () => number,
    private readonly onExpired: (entry: Entry) => void,
  ) {}

  /** `sessionLockedUntil`: the session's expiry, for a message of a session. */
  lock(entry: Entry, sessionLockedUntil?: Date): { token: string; lockedUntilUtc: Date } {
    const token = newLockToken();
    const lockedUntilUtc = sessionLockedUntil ?? new Date(Date.now() + this.durationInMs());
    entry.lock = { token, lockedUntilUtc, timer: sessionLockedUntil ? undefined : this.expireLater(token) };
    this.locked.set(token, entry);
    return { token, lockedUntilUtc };
  }

  get(token: string): Entry | undefined {
    return this.locked.get(token);
  }

  unlock(entry: Entry): void {
    if (!entry.lock) return;
    clearTimeout(entry.lock.timer);
    this.locked.delete(entry.lock.token);
    entry.lock = undefined;
  }

  renew(token: string): Date | undefined {
    const lock = this.locked.get(token)?.lock;
    if (!lock) return undefined;
    // A session's messages are locked by the session, whose lock is renewed on its own.
    if (!lock.timer) return lock.lockedUntilUtc;
    clearTimeout(lock.timer);
    lock.lockedUntilUtc = new Date(Date.now() + this.durationInMs());
    lock.timer = this.expireLater(token);
    return lock.lockedUntilUtc;
  }

  inSession(sessionKey: string): Entry[] {
    return [...this.locked.values()].filter((entry) => entry.sessionKey === sessionKey);
  }

  close(): void {
    for (const entry of this.locked.values()) clearTimeout(entry.lock?.timer);
    this.locked.clear();
  }

  private expireLater(token: string): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const entry = this.locked.get(token);
      if (!entry) return;
      this.unlock(entry);
      this.onExpired(entry);
    }, this.durationInMs());
    // A pending lock must not keep a test run or `npm start` alive.
    return timer.unref();
  }
}
