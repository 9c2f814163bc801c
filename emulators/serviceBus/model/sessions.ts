// Sessions of a session-enabled queue or subscription: which receiver holds each session's lock and until
// when, the lock's expiry, and each session's state (`setSessionState`), which outlives its messages.

/** The receiver holding a session; told when the lock is gone so it can detach with `SessionLockLost`. */
export interface SessionOwner {
  lost(): void;
}

interface SessionLock {
  owner: SessionOwner;
  lockedUntilUtc: Date;
  timer: NodeJS.Timeout;
}

export class SessionBook {
  private readonly locks = new Map<string, SessionLock>();
  private readonly states = new Map<string, Buffer>();

  constructor(
    private readonly lockDurationInMs: () => number,
    /** Called when a lock expires or is released, so the queue can hand the session's messages back. */
    private readonly onUnlocked: (sessionId: string) => void,
    private readonly onStateChanged: (sessionId: string, state: Buffer | undefined) => void,
  ) {}

  isLocked(sessionId: string): boolean {
    return this.locks.has(sessionId);
  }

  ownerOf(sessionId: string): SessionOwner | undefined {
    return this.locks.get(sessionId)?.owner;
  }

  lockedUntil(sessionId: string): Date | undefined {
    return this.locks.get(sessionId)?.lockedUntilUtc;
  }

  /** Locks the session for `owner`; undefined when another receiver holds it. */
  lock(sessionId: string, owner: SessionOwner): Date | undefined {
    if (this.locks.has(sessionId)) return undefined;
    const lockedUntilUtc = this.nextExpiry();
    this.locks.set(sessionId, { owner, lockedUntilUtc, timer: this.expireLater(sessionId, owner) });
    return lockedUntilUtc;
  }

  renew(sessionId: string): Date | undefined {
    const lock = this.locks.get(sessionId);
    if (!lock) return undefined;
    clearTimeout(lock.timer);
    lock.lockedUntilUtc = this.nextExpiry();
    lock.timer = this.expireLater(sessionId, lock.owner);
    return lock.lockedUntilUtc;
  }

  /** The owner closed its link: the session is free again. */
  release(sessionId: string, owner: SessionOwner): void {
    const lock = this.locks.get(sessionId);
    if (lock?.owner !== owner) return;
    clearTimeout(lock.timer);
    this.locks.delete(sessionId);
    this.onUnlocked(sessionId);
  }

  state(sessionId: string): Buffer | undefined {
    return this.states.get(sessionId);
  }

  setState(sessionId: string, state: Buffer | undefined): void {
    if (state === undefined || state.length === 0) this.states.delete(sessionId);
    else this.states.set(sessionId, state);
    this.onStateChanged(sessionId, state);
  }

  /** After a restart, without telling persistence again. */
  restoreState(sessionId: string, state: Buffer): void {
    this.states.set(sessionId, state);
  }

  allStates(): [string, Buffer][] {
    return [...this.states];
  }

  close(): void {
    for (const lock of this.locks.values()) clearTimeout(lock.timer);
    this.locks.clear();
  }

  private nextExpiry(): Date {
    return new Date(Date.now() + this.lockDurationInMs());
  }

  private expireLater(sessionId: string, owner: SessionOwner): NodeJS.Timeout {
    const timer = setTimeout(() => {
      if (this.locks.get(sessionId)?.owner !== owner) return;
      this.locks.delete(sessionId);
      this.onUnlocked(sessionId);
      owner.lost();
    }, this.lockDurationInMs());
    // A held session must not keep a test run or `npm start` alive.
    return timer.unref();
  }
}
