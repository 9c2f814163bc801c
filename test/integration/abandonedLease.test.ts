// Issue 10, item 7: a lease left on a stream file by a writer that crashed. A command on that stream answers
// 503 store-unavailable with Retry-After after one lease wait (not eleven conflict retries ending in 409),
// naming the file and when the lease will be taken for abandoned; after that staleness the lease is broken
// and the command goes through.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/errors.js';
import { encodeFileName } from '../../src/stores/fileNames.js';
import { FileShareEventStore } from '../../src/stores/fileShare/fileShareEventStore.js';
import { configurationMapFor, createTestApplication, useApplication } from '../support/application.js';
import { shareServiceClient } from '../support/emulators.js';
import { makeEvents, uniqueId } from '../support/envelopes.js';
import { readStream, sendCommand } from '../support/functions.js';
import { recordingShare, type ShareRequest } from '../support/recordingShare.js';

const STALENESS_IN_MS = 2500;

/** The test map's file-share implementation with a short lease staleness. */
function mapWithStaleness(): string {
  const map = JSON.parse(configurationMapFor('files'));
  map.implementations.files.leaseStalenessInMs = STALENESS_IN_MS;
  return JSON.stringify(map);
}

useApplication(createTestApplication({ store: 'files', env: { ConfigurationMap: mapWithStaleness() } }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('item 7: a lease left on a stream file by a crashed writer', () => {
  it('item 7: a command answers 503 store-unavailable with Retry-After, then succeeds once the lease is stale', async () => {
    // given a vehicle whose stream file another writer leased, and then never wrote or released
    const id = uniqueId('Lease');
    expect(
      (await sendCommand('fleet.vehicle', id, 'register', { make: 'Volvo', model: 'V60', year: 2024 }))
        .status,
    ).toBe(200);
    const file = shareServiceClient()
      .getShareClient('itest-streams')
      .getDirectoryClient('streams/fleet.vehicle')
      .getFileClient(`${encodeFileName(id)}.ndjson`);
    await file.getShareLeaseClient().acquireLease(-1);
    // when a command arrives
    const refused = await sendCommand('fleet.vehicle', id, 'record-mileage', { odometer: 100 });
    // then it is refused as a store that is unavailable for now, not as a conflict the pipeline retried
    expect(refused.status).toBe(503);
    expect(refused.json).toMatchObject({ code: 'store-unavailable' });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(STALENESS_IN_MS / 1000));
    expect(String(refused.json.detail)).toContain(`streams/fleet.vehicle/${encodeFileName(id)}.ndjson`);
    expect(String(refused.json.detail)).toMatch(/leased by another writer.*taken for abandoned/);
    expect((await readStream('fleet.vehicle', id)).json.version).toBe(1);
    // when the client retries after Retry-After
    await sleep(retryAfter * 1000);
    const accepted = await sendCommand('fleet.vehicle', id, 'record-mileage', { odometer: 100 });
    // then the stale lease was broken and the command went through
    expect(accepted.status).toBe(200);
    expect((await readStream('fleet.vehicle', id)).json.version).toBe(2);
    expect((await file.getProperties()).leaseState).toBe('available');
  });

  it('item 7: the store gives up after one lease wait with StoreUnavailableError, having taken no lease', async () => {
    // given a stream file leased by a writer that stopped, and a store that waits 200 ms for a lease
    const sent: ShareRequest[] = [];
    const shareName = `lease-${randomUUID().slice(0, 8)}`;
    const store = new FileShareEventStore({
      shareClient: recordingShare(sent, shareName),
      directory: 'streams',
      leaseWaitInMs: 200,
      leaseStalenessInMs: 60_000,
    });
    const stream = { aggregateType: 'fleet.vehicle', aggregateId: uniqueId('Lease') };
    await store.appendToStream(stream, 0, makeEvents(stream, 0, 1));
    const file = shareServiceClient()
      .getShareClient(shareName)
      .getDirectoryClient('streams/fleet.vehicle')
      .getFileClient(`${encodeFileName(stream.aggregateId)}.ndjson`);
    await file.getShareLeaseClient().acquireLease(-1);
    sent.length = 0;
    // when it appends
    const error = await store.appendToStream(stream, 1, makeEvents(stream, 1, 1)).catch((e: unknown) => e);
    // then it answers unavailable, to be retried once the lease will be broken (in about a minute)
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).retryAfterInSeconds).toBeGreaterThanOrEqual(59);
    // having only tried for the lease and looked at the file, and written nothing
    expect(new Set(sent.map((request) => request.leaseAction ?? request.method))).toEqual(
      new Set(['acquire', 'HEAD']),
    );
    expect(sent.filter((request) => request.leaseAction === 'acquire').every((r) => r.status === 409)).toBe(
      true,
    );
  });
});
