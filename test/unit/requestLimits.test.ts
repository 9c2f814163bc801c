// Issue 10 item 8: the local host's body limit is the Functions host's app setting, and a body over it is
// refused after at most one chunk past the limit, however long the body would go on.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import {
  DEFAULT_REQUEST_BODY_LIMIT,
  readBodyWithin,
  requestBodyLimit,
} from '../../src/local/requestLimits.js';

/** An endless body that counts what was taken from it. */
function endless(chunkSize: number) {
  let pulled = 0;
  const stream = new Readable({
    highWaterMark: chunkSize,
    read() {
      pulled += chunkSize;
      this.push(Buffer.alloc(chunkSize));
    },
  });
  return { stream, pulled: () => pulled };
}

describe('the local host body limit', () => {
  it('item 8: reads FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, in bytes, with the Functions host default of 100 MB', () => {
    expect(requestBodyLimit({ FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '1048576' })).toBe(1_048_576);
    expect(requestBodyLimit({})).toBe(DEFAULT_REQUEST_BODY_LIMIT);
    expect(DEFAULT_REQUEST_BODY_LIMIT).toBe(104_857_600);
  });

  it.each(['1MB', '-1', '0', '1.5', 'lots'])(
    'item 8: refuses FUNCTIONS_REQUEST_BODY_SIZE_LIMIT=%s, naming it',
    (value) => {
      expect(() => requestBodyLimit({ FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: value })).toThrow(
        ConfigurationError,
      );
      expect(() => requestBodyLimit({ FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: value })).toThrow(
        /FUNCTIONS_REQUEST_BODY_SIZE_LIMIT/,
      );
    },
  );

  it('item 8: gives up on an endless body one chunk past the limit and stops reading it', async () => {
    const body = endless(64 * 1024);
    expect(await readBodyWithin(body.stream, 1_048_576)).toBeUndefined();
    expect(body.stream.isPaused()).toBe(true);
    // what was taken: the limit, one chunk over it, and what the stream buffers ahead (one chunk)
    expect(body.pulled()).toBeLessThanOrEqual(1_048_576 + 3 * 64 * 1024);
  });

  it('item 8: returns a body within the limit whole', async () => {
    const body = Readable.from([Buffer.from('{"amount":'), Buffer.from('5}')]);
    expect((await readBodyWithin(body, 12))?.toString()).toBe('{"amount":5}');
  });
});
