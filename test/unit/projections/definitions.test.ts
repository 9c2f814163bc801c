// The projection framework's pure parts: definitions are checked at start-up, message bodies are checked
// before they reach a document name, and a conditional write that loses a race is recomputed.
import { describe, expect, it } from 'vitest';
import { aggregates } from '../../../src/domain/aggregates.js';
import { updateDocument } from '../../../src/projections/documentUpdate.js';
import { projections } from '../../../src/projections/index.js';
import { type ProjectionDocument, validateProjections } from '../../../src/projections/projection.js';
import { accountBalance } from '../../../src/projections/samples/accountBalance.js';
import { InvalidMessageError } from '../../../src/shared/jsonBody.js';
import { parseMessageBody } from '../../../src/shared/messageBody.js';
import { DocumentConflictError } from '../../../src/stores/documents/documentStore.js';
import { InMemoryDocumentStore } from '../../../src/stores/documents/inMemoryDocumentStore.js';
import { thrownBy } from '../support/thrown.js';

const TYPES = aggregates.map((aggregate) => aggregate.type);
const envelope = {
  eventId: 'e-1',
  aggregateType: 'bank.account',
  aggregateId: 'acc-1',
  version: 1,
  type: 'AccountOpened',
  schemaVersion: 2,
  occurredAt: '2026-01-01T12:00:00.000Z',
  sequence: 1,
  data: { owner: 'Ada', overdraftLimit: 0, currency: 'EUR' },
  metadata: { correlationId: 'c', causationId: 'k', commandName: 'open' },
};

describe('projection definitions', () => {
  it('accepts every registered projection, the samples among them', () => {
    expect(() => validateProjections(projections, TYPES)).not.toThrow();
    expect(projections.map((definition) => definition.name)).toEqual(
      expect.arrayContaining(['account-balance', 'accounts-in-arrears', 'diary-items', 'vehicle-summary']),
    );
  });

  it('refuses a duplicate name, a name that is not kebab-case, an unknown type, a per-aggregate one on two types', () => {
    expect(() => validateProjections([accountBalance, accountBalance], TYPES)).toThrow(/defined twice/);
    expect(() => validateProjections([{ ...accountBalance, name: 'Account_Balance' }], TYPES)).toThrow(
      /kebab-case/,
    );
    expect(() => validateProjections([accountBalance], ['diary.item'])).toThrow(
      /unknown aggregate type bank.account/,
    );
    const twoTypes = { ...accountBalance, handles: { 'bank.account': [], 'diary.item': [] } };
    expect(() => validateProjections([twoTypes], TYPES)).toThrow(/one aggregate type/);
  });
});

describe('message bodies', () => {
  it('takes an envelope as an object, a JSON string or JSON bytes', () => {
    expect(parseMessageBody(envelope)).toEqual(envelope);
    expect(parseMessageBody(JSON.stringify(envelope))).toEqual(envelope);
    expect(parseMessageBody(Buffer.from(JSON.stringify(envelope)))).toEqual(envelope);
  });

  it('refuses what is not an envelope, or whose id could not be a document name', () => {
    for (const body of ['{', 42, { ...envelope, version: 0 }, { ...envelope, aggregateId: '../x' }]) {
      expect(thrownBy(() => parseMessageBody(body))).toBeInstanceOf(InvalidMessageError);
    }
  });
});

describe('conditional document updates', () => {
  const document = (n: number): ProjectionDocument => ({
    projection: 'p',
    key: 'k',
    asOfVersion: n,
    updatedAt: 'now',
    state: { n },
  });

  it('creates only what does not exist and replaces only the version read', async () => {
    const documents = new InMemoryDocumentStore<ProjectionDocument>();
    const etag = await documents.put('p', 'k', document(1), {});
    await expect(documents.put('p', 'k', document(2), {})).rejects.toBeInstanceOf(DocumentConflictError);
    const next = await documents.put('p', 'k', document(2), { etag });
    await expect(documents.put('p', 'k', document(3), { etag })).rejects.toBeInstanceOf(
      DocumentConflictError,
    );
    expect(await documents.get('p', 'k')).toEqual({ document: document(2), etag: next });
  });

  it('recomputes from a fresh read after losing a race, and writes nothing when told so', async () => {
    const documents = new InMemoryDocumentStore<ProjectionDocument>();
    await documents.put('p', 'k', document(1), {});
    let calls = 0;
    const result = await updateDocument(documents, 'p', 'k', async (current) => {
      calls++;
      const n = current?.document.asOfVersion ?? 0;
      // A competing writer gets in between the first read and write.
      if (calls === 1) await documents.put('p', 'k', document(n + 10), { etag: current?.etag });
      return document(n + 1);
    });
    expect(result).toMatchObject({ written: true, conflicts: 1 });
    expect((await documents.get('p', 'k'))?.document.asOfVersion).toBe(12);
    const unchanged = await updateDocument(documents, 'p', 'k', async () => undefined);
    expect(unchanged).toMatchObject({ written: false, conflicts: 0 });
  });
});
