// File leases: Azure Files only has infinite leases, and a lease is the only write exclusion it
// offers (no ETag conditions), so these rules are what an event store's concurrency rests on.
import { randomUUID } from 'node:crypto';
import * as errors from '../errors.js';
import type { StoredFile } from './filesModel.js';

/**
 * Checks the `x-ms-lease-id` a writing request carries against the file's lease. `file` is
 * undefined when the write creates the file.
 */
export const checkWriteLease = (file: StoredFile | undefined, leaseId: string | undefined): void => {
  const held = file?.leaseId;
  if (held === undefined) {
    if (leaseId !== undefined) throw errors.leaseNotPresentWithFileOperation();
    return;
  }
  if (leaseId === undefined) throw errors.leaseIdMissing();
  if (leaseId !== held) throw errors.leaseIdMismatchWithFileOperation();
};

/** Reads need no lease, but a lease id they do carry must be the current one. */
export const checkReadLease = (file: StoredFile, leaseId: string | undefined): void => {
  if (leaseId === undefined) return;
  if (file.leaseId === undefined) throw errors.leaseNotPresentWithFileOperation();
  if (leaseId !== file.leaseId) throw errors.leaseIdMismatchWithFileOperation();
};

export interface LeaseRequest {
  action: string | undefined;
  leaseId: string | undefined;
  proposedLeaseId: string | undefined;
  duration: string | undefined;
}

export interface LeaseOutcome {
  status: 200 | 201 | 202;
  /** The lease id to return in `x-ms-lease-id`, if the action yields one. */
  leaseId: string | undefined;
}

/** Applies a Lease File action (`x-ms-lease-action`) to `file`. */
export const applyLeaseAction = (file: StoredFile, request: LeaseRequest): LeaseOutcome => {
  switch (request.action?.toLowerCase()) {
    case 'acquire': {
      if (request.duration !== '-1')
        throw errors.invalidHeaderValue('x-ms-lease-duration (files allow only -1)');
      if (file.leaseId !== undefined) throw errors.leaseAlreadyPresent();
      file.leaseId = request.proposedLeaseId ?? randomUUID();
      return { status: 201, leaseId: file.leaseId };
    }
    case 'release':
      requireHeldLease(file, request.leaseId);
      file.leaseId = undefined;
      return { status: 200, leaseId: undefined };
    case 'change': {
      requireHeldLease(file, request.leaseId);
      if (request.proposedLeaseId === undefined) throw errors.missingRequiredHeader('x-ms-proposed-lease-id');
      file.leaseId = request.proposedLeaseId;
      return { status: 200, leaseId: file.leaseId };
    }
    case 'break':
      // An infinite lease breaks immediately: the file is unleased once this returns.
      if (file.leaseId === undefined) throw errors.leaseNotPresentWithLeaseOperation();
      if (request.leaseId !== undefined && request.leaseId !== file.leaseId) {
        throw errors.leaseIdMismatchWithLeaseOperation();
      }
      file.leaseId = undefined;
      return { status: 202, leaseId: undefined };
    case undefined:
      throw errors.missingRequiredHeader('x-ms-lease-action');
    default:
      throw errors.invalidHeaderValue('x-ms-lease-action');
  }
};

const requireHeldLease = (file: StoredFile, leaseId: string | undefined): void => {
  if (leaseId === undefined) throw errors.missingRequiredHeader('x-ms-lease-id');
  if (file.leaseId === undefined) throw errors.leaseNotPresentWithLeaseOperation();
  if (leaseId !== file.leaseId) throw errors.leaseIdMismatchWithLeaseOperation();
};
