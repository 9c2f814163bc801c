// Leases on files and shares. A file lease is infinite and breaks at once; a share lease may last 15–60 s
// and breaks after a break period. A lease is the only write exclusion Azure Files offers (no ETag
// conditions), so these rules are what an event store's concurrency rests on. Pure: each action returns
// the lease to store, and the model records it.
import { randomUUID } from 'node:crypto';
import * as errors from '../errors.js';
import type { Lease } from './types.js';

export interface LeaseView {
  status: 'locked' | 'unlocked';
  state: 'available' | 'leased' | 'expired' | 'breaking' | 'broken';
  duration: 'infinite' | 'fixed' | undefined;
  /** The id that must accompany writes, while the lease holds (leased or breaking). */
  heldId: string | undefined;
}

/** What a stored lease amounts to at `now`. */
export const leaseView = (lease: Lease | undefined, now: number): LeaseView => {
  const free = { status: 'unlocked', duration: undefined, heldId: undefined } as const;
  if (lease === undefined) return { ...free, state: 'available' };
  const running = lease.until === undefined || now < lease.until;
  if (lease.state === 'broken' || (lease.state === 'breaking' && !running))
    return { ...free, state: 'broken' };
  if (lease.state === 'leased' && !running) return { ...free, state: 'expired' };
  return {
    status: 'locked',
    state: lease.state,
    duration: lease.durationSeconds === -1 ? 'infinite' : 'fixed',
    heldId: lease.id,
  };
};

export type LeaseTarget = 'file' | 'share';

/** Checks the `x-ms-lease-id` a writing request carries against the lease, as Azure does for files and shares. */
export const checkWriteLease = (
  lease: Lease | undefined,
  leaseId: string | undefined,
  now: number,
  target: LeaseTarget = 'file',
): void => {
  const held = leaseView(lease, now).heldId;
  if (held === undefined) {
    if (leaseId !== undefined) throw errors.leaseNotPresentWithOperation(target);
    return;
  }
  if (leaseId === undefined) throw errors.leaseIdMissing();
  if (leaseId !== held) throw errors.leaseIdMismatchWithOperation(target);
};

/** Reads need no lease, but a lease id they do carry must be the current one. */
export const checkReadLease = (lease: Lease | undefined, leaseId: string | undefined, now: number): void => {
  if (leaseId !== undefined) checkWriteLease(lease, leaseId, now);
};

export interface LeaseRequest {
  action: string | undefined;
  leaseId: string | undefined;
  proposedLeaseId: string | undefined;
  duration: string | undefined;
  breakPeriod: string | undefined;
}

export interface LeaseOutcome {
  status: 200 | 201 | 202;
  lease: Lease | undefined;
  /** Headers particular to the action: `x-ms-lease-id`, `x-ms-lease-time`. */
  headers: Record<string, string>;
}

/** Applies a Lease File / Lease Share action (`x-ms-lease-action`) and returns the lease to store. */
export const leaseAction = (
  current: Lease | undefined,
  request: LeaseRequest,
  target: LeaseTarget,
  now: number,
): LeaseOutcome => {
  const view = leaseView(current, now);
  const granted = (status: 200 | 201, lease: Lease): LeaseOutcome => ({
    status,
    lease,
    headers: { 'x-ms-lease-id': lease.id },
  });
  switch (request.action?.toLowerCase()) {
    case 'acquire': {
      const durationSeconds = leaseDuration(request.duration, target);
      if (view.state === 'breaking') throw errors.leaseIsBreakingAndCannotBeAcquired();
      if (view.heldId !== undefined && request.proposedLeaseId !== view.heldId)
        throw errors.leaseAlreadyPresent();
      const id = request.proposedLeaseId ?? randomUUID();
      return granted(201, { id, durationSeconds, state: 'leased', ...until(durationSeconds, now) });
    }
    case 'renew': {
      if (target === 'file') throw errors.invalidHeaderValue('x-ms-lease-action (files cannot renew)');
      const lease = requireLease(current, request.leaseId);
      if (view.state === 'broken' || view.state === 'breaking')
        throw errors.leaseIsBrokenAndCannotBeRenewed();
      return granted(200, { ...lease, state: 'leased', ...until(lease.durationSeconds, now) });
    }
    case 'change': {
      const lease = requireLease(current, request.leaseId);
      if (view.heldId === undefined) throw errors.leaseNotPresentWithLeaseOperation();
      if (view.state === 'breaking') throw errors.leaseIsBreakingAndCannotBeChanged();
      if (request.proposedLeaseId === undefined) throw errors.missingRequiredHeader('x-ms-proposed-lease-id');
      return granted(200, { ...lease, id: request.proposedLeaseId });
    }
    case 'release':
      requireLease(current, request.leaseId);
      return { status: 200, lease: undefined, headers: {} };
    case 'break':
      return breakLease(current, view, request, target, now);
    case undefined:
      throw errors.missingRequiredHeader('x-ms-lease-action');
    default:
      throw errors.invalidHeaderValue('x-ms-lease-action');
  }
};

// A file lease breaks at once; a share lease after the break period (default: what remains of it).
const breakLease = (
  current: Lease | undefined,
  view: LeaseView,
  request: LeaseRequest,
  target: LeaseTarget,
  now: number,
): LeaseOutcome => {
  if (current === undefined || view.heldId === undefined) {
    if (view.state === 'broken' && current) return broken(current, 0);
    throw errors.leaseNotPresentWithLeaseOperation();
  }
  if (target === 'file' && request.leaseId !== undefined && request.leaseId !== view.heldId)
    throw errors.leaseIdMismatchWithLeaseOperation();
  const remaining = current.until === undefined ? 0 : Math.ceil((current.until - now) / 1000);
  const period = request.breakPeriod === undefined ? remaining : Number(request.breakPeriod);
  if (!Number.isInteger(period) || period < 0 || period > 60)
    throw errors.invalidHeaderValue('x-ms-lease-break-period');
  const seconds = Math.min(period, current.durationSeconds === -1 ? period : remaining);
  if (seconds === 0) return broken(current, 0);
  return {
    status: 202,
    lease: { ...current, state: 'breaking', until: now + seconds * 1000 },
    headers: { 'x-ms-lease-time': String(seconds) },
  };
};

const broken = (lease: Lease, seconds: number): LeaseOutcome => {
  const { until: _until, ...rest } = lease;
  return {
    status: 202,
    lease: { ...rest, state: 'broken' },
    headers: { 'x-ms-lease-time': String(seconds) },
  };
};

const until = (durationSeconds: number, now: number) =>
  durationSeconds === -1 ? {} : { until: now + durationSeconds * 1000 };

const leaseDuration = (value: string | undefined, target: LeaseTarget): number => {
  const seconds = Number(value);
  if (seconds === -1) return -1;
  if (target === 'share' && Number.isInteger(seconds) && seconds >= 15 && seconds <= 60) return seconds;
  throw errors.invalidHeaderValue(
    `x-ms-lease-duration (${target === 'file' ? 'files allow only -1' : '-1 or 15 to 60'})`,
  );
};

const requireLease = (current: Lease | undefined, leaseId: string | undefined): Lease => {
  if (leaseId === undefined) throw errors.missingRequiredHeader('x-ms-lease-id');
  if (current === undefined) throw errors.leaseNotPresentWithLeaseOperation();
  if (leaseId !== current.id) throw errors.leaseIdMismatchWithLeaseOperation();
  return current;
};
