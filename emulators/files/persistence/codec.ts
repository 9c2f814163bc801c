// How a change is laid out in the journal: a 12-byte header (JSON length, payload length, CRC-32 of both),
// the change as JSON, then its bytes (a range's data) raw, so content is never base64-inflated. The CRC
// finds a record torn by a kill in mid-write: replay stops there, and nothing after it was acknowledged.
import { crc32 } from 'node:zlib';
import type { Change } from '../model/changes.js';

export const headerBytes = 12;

export const encodeChange = (change: Change): Buffer => {
  const payload = 'data' in change ? change.data : Buffer.alloc(0);
  const json = Buffer.from(
    JSON.stringify('data' in change ? { ...change, data: undefined } : change),
    'utf8',
  );
  const header = Buffer.alloc(headerBytes);
  header.writeUInt32LE(json.length, 0);
  header.writeUInt32LE(payload.length, 4);
  header.writeUInt32LE(crc32(payload, crc32(json)), 8);
  return Buffer.concat([header, json, payload]);
};

export interface RecordHeader {
  jsonLength: number;
  payloadLength: number;
  checksum: number;
}

export const readHeader = (header: Buffer): RecordHeader => ({
  jsonLength: header.readUInt32LE(0),
  payloadLength: header.readUInt32LE(4),
  checksum: header.readUInt32LE(8),
});

/** The change in a record's body, or undefined if the body does not match its checksum. */
export const decodeChange = (header: RecordHeader, body: Buffer): Change | undefined => {
  const json = body.subarray(0, header.jsonLength);
  const payload = body.subarray(header.jsonLength);
  if (crc32(payload, crc32(json)) !== header.checksum) return undefined;
  const change = JSON.parse(json.toString('utf8')) as Change;
  return change.type === 'rangeWritten' || change.type === 'chunkRestored'
    ? { ...change, data: Buffer.from(payload) }
    : change;
};
