// Issue 10, item 11 (the stores' side): one damaged record in a stream makes its read, a command and the state
// query answer 500 `unreadable-event` naming the stream and the version, on every store that parses stored
// bytes, instead of 500 `internal-error` from a raw SyntaxError. The damage is done with the SDKs (or the file
// system), as a faulty tool or a disk would do it.
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeFileName } from '../../src/stores/fileNames.js';
import { toRowKey } from '../../src/stores/table/entities.js';
import { createTestApplication, type StoreChoice, useApplicationInBlock } from '../support/application.js';
import { blobServiceClient, shareServiceClient, tableClient } from '../support/emulators.js';
import { uniqueId } from '../support/envelopes.js';
import { readState, readStream, sendCommand, type TestResponse } from '../support/functions.js';

const localFolder = `.data/test-streams-unreadable-${process.pid}`;

function expectUnreadable(
  response: TestResponse,
  aggregateType: string,
  aggregateId: string,
  version: number,
) {
  expect([response.status, response.headers.get('content-type')]).toEqual([500, 'application/problem+json']);
  expect(response.json).toMatchObject({ code: 'unreadable-event', aggregateType, aggregateId, version });
  expect(String(response.json.detail)).toContain(`${aggregateType}/${aggregateId}`);
}

/**
 * Given a stream of the store's sample aggregate, written by another instance, whose record at `version` is
 * damaged by `damage`: the stream read, the state query and a command through the exported handlers all name
 * it. (An instance that still remembers the aggregate's state decides without reading the stream, so the
 * handlers run on one that does not.)
 */
function describeDamage(
  store: StoreChoice,
  sample: { type: string; create: [string, unknown]; next: [string, unknown] },
  damage: (aggregateId: string) => Promise<void>,
  version: number,
) {
  describe(`item 11: a damaged record in the ${store} store`, () => {
    const options = { store, localFolder };
    useApplicationInBlock(createTestApplication(options));
    const writer = createTestApplication(options);
    const id = uniqueId('Dmg');
    const command = ([commandName, payload]: [string, unknown]) =>
      writer.commands.handle({
        aggregateType: sample.type,
        aggregateId: id,
        commandName,
        payload,
        causationId: uniqueId('cmd'),
        correlationId: uniqueId('corr'),
      });

    beforeAll(async () => {
      await command(sample.create);
      await command(sample.next);
      await damage(id);
    });

    it(`item 11: the stream read answers 500 unreadable-event naming the stream and version ${version}`, async () => {
      expectUnreadable(await readStream(sample.type, id), sample.type, id, version);
    });

    it(`item 11: the state query answers 500 unreadable-event naming the stream and version ${version}`, async () => {
      expectUnreadable(await readState(sample.type, id), sample.type, id, version);
    });

    it(`item 11: a command answers 500 unreadable-event naming the stream and version ${version}`, async () => {
      expectUnreadable(await sendCommand(sample.type, id, ...sample.next), sample.type, id, version);
    });
  });
}

const diary = {
  type: 'diary.item',
  create: ['create', { title: 'Standup', from: '2026-12-01T09:00:00Z', to: '2026-12-01T09:15:00Z' }],
  next: ['rename', { title: 'Daily' }],
} satisfies Parameters<typeof describeDamage>[1];
const vehicle = {
  type: 'fleet.vehicle',
  create: ['register', { make: 'Volvo', model: 'V60', year: 2024 }],
  next: ['record-mileage', { odometer: 100 }],
} satisfies Parameters<typeof describeDamage>[1];
const account = {
  type: 'bank.account',
  create: ['open', { owner: 'Ada' }],
  next: ['deposit', { amount: 5 }],
} satisfies Parameters<typeof describeDamage>[1];

// An append blob: a third line that is not JSON, appended with the SDK.
describeDamage(
  'blob',
  diary,
  async (id) => {
    const blob = blobServiceClient()
      .getContainerClient('itest-streams')
      .getAppendBlobClient(`diary.item/${id}/000000.ndjson`);
    await blob.appendBlock('{"version": oops\n', 17);
  },
  3,
);

// A file-share stream file: the committed bytes of the second line overwritten with a range of garbage.
describeDamage(
  'files',
  vehicle,
  async (id) => {
    const file = shareServiceClient()
      .getShareClient('itest-streams')
      .getDirectoryClient('streams/fleet.vehicle')
      .getFileClient(`${encodeFileName(id)}.ndjson`);
    const content = await file.downloadToBuffer();
    const secondLine = content.indexOf(0x0a) + 1;
    const garbage = Buffer.from('#'.repeat(40));
    await file.uploadRange(garbage, secondLine, garbage.length);
  },
  2,
);

// A local file: a damaged line after the two good ones.
describeDamage(
  'local',
  account,
  async (id) => {
    await appendFile(join(localFolder, 'bank.account', `${encodeFileName(id)}.ndjson`), '[{"version":3,\n');
  },
  3,
);

// A table entity whose data column is no longer JSON.
describeDamage(
  'table',
  account,
  async (id) => {
    await tableClient('itestBankAccount').updateEntity(
      { partitionKey: id, rowKey: toRowKey(2), Data: '{"amount":' },
      'Merge',
    );
  },
  2,
);
