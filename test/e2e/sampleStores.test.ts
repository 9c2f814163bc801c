// Through the local host with the shipped configuration map: each sample domain lands in its own store,
// as seen through the official SDKs (Table and Blob in Azurite, the stream file in the Files emulator).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobServiceClient, emulators, shareServiceClient, tableClient } from '../support/emulators.js';
import { uniqueId } from '../support/envelopes.js';
import { type HostProcess, startHost } from '../support/localHost.js';

let host: HostProcess;

beforeAll(async () => {
  host = await startHost(['--no-emulators', '--port', '0'], {
    ...emulators().settings,
    ConfigurationMap: '',
  });
});

afterAll(async () => {
  await host.stop();
});

const post = async (path: string, body: unknown) => {
  const response = await fetch(`${host.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

describe('the three sample domains in their stores', () => {
  it('bank.account lands in the Table store', async () => {
    const id = uniqueId('acc');
    expect((await post(`/commands/bank.account/${id}/open`, { owner: 'Ada' })).status).toBe(200);
    const header = await tableClient('eventsBankAccount').getEntity(id, '9223372036854775807');
    expect(header.Version).toBe(1);
  });

  it('diary.item lands in an append blob with its metadata', async () => {
    const id = uniqueId('item');
    const created = await post(`/commands/diary.item/${id}/create`, {
      title: 'Standup',
      from: '2026-12-01T09:00:00Z',
      to: '2026-12-01T09:15:00Z',
    });
    expect(created.status).toBe(200);
    expect((await post(`/commands/diary.item/${id}/rename`, { title: 'Daily standup' })).json.version).toBe(
      2,
    );
    const refused = await post(`/commands/diary.item/${id}/reschedule`, {
      from: '2026-12-02T10:00:00Z',
      to: '2026-12-02T09:00:00Z',
    });
    expect(refused.json).toMatchObject({ code: 'domain-rule-violated', reason: 'invalid-period' });
    const blob = blobServiceClient()
      .getContainerClient('event-streams')
      .getAppendBlobClient(`diary.item/${id}/000000.ndjson`);
    const properties = await blob.getProperties();
    expect(properties.metadata).toMatchObject({
      domain: 'diary',
      aggregatetype: 'diary.item',
      aggregatekey: id,
    });
    expect(properties.blobCommittedBlockCount).toBe(2);
    const lines = (await blob.downloadToBuffer()).toString('utf8').trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).type)).toEqual(['ItemCreated', 'ItemRenamed']);
  });

  it('fleet.vehicle lands in a file on the share, its metadata the commit point', async () => {
    const id = `KX${uniqueId('').slice(1, 9).toUpperCase()}`;
    expect(
      (await post(`/commands/fleet.vehicle/${id}/register`, { make: 'Volvo', model: 'V60', year: 2024 }))
        .status,
    ).toBe(200);
    expect(
      (await post(`/commands/fleet.vehicle/${id}/record-mileage`, { odometer: 1200 })).json.version,
    ).toBe(2);
    const rollback = await post(`/commands/fleet.vehicle/${id}/record-mileage`, { odometer: 1100 });
    expect(rollback.json).toMatchObject({ reason: 'odometer-rollback' });
    const fileName = id.replace(/[A-Z]/g, (letter) => `^${letter.toLowerCase()}`);
    const file = shareServiceClient()
      .getShareClient('event-streams')
      .getDirectoryClient('streams/fleet.vehicle')
      .getFileClient(`${fileName}.ndjson`);
    const properties = await file.getProperties();
    expect(properties.metadata).toMatchObject({
      aggregatetype: 'fleet.vehicle',
      aggregatekey: id,
      recordcount: '2',
    });
    expect(properties.contentLength).toBeGreaterThanOrEqual(Number(properties.metadata?.endofdata));
  });
});
