// Issue 10, the HTTP edges, over real HTTP against the local host: bodies refused at the limit while they
// stream in (item 8), UTF-8 and repeated headers (item 10), 405 with Allow, and problem+json for requests
// Node's parser refuses (item 12).
import { type ClientRequest, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulators } from '../support/emulators.js';
import { uniqueId } from '../support/envelopes.js';
import { type HostProcess, startHost } from '../support/localHost.js';
import { type RawResponse, rawRequest } from '../support/rawHttp.js';

const LIMIT = 1_048_576; // FUNCTIONS_REQUEST_BODY_SIZE_LIMIT in local.settings.json
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

const path = (relative: string) => new URL(host.url).pathname + relative;
const json = (response: RawResponse) => JSON.parse(response.body) as Record<string, unknown>;

async function open(id: string): Promise<void> {
  const response = await fetch(`${host.url}/commands/bank.account/${id}/open`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ owner: 'Ada' }),
  });
  expect(response.status).toBe(200);
}

async function streamOf(id: string) {
  const response = await fetch(`${host.url}/streams/bank.account/${id}`);
  return (await response.json()) as { version: number; events: { metadata: Record<string, unknown> }[] };
}

interface Upload {
  /** The answer, as soon as it arrives: the upload stops there. */
  response: Promise<RawResponse>;
  /** Body bytes handed to the connection so far. */
  sent(): number;
}

/**
 * A POST sent with node:http, so headers can repeat and carry raw bytes. `body` chunks are written one by one,
 * waiting for the connection to take each, and stop as soon as an answer arrives; `end: false` leaves the
 * body unfinished, as a client still uploading would.
 */
function post(
  route: string,
  headers: Record<string, string | string[]>,
  body: Iterable<Buffer>,
  { end = true } = {},
): Upload {
  let sent = 0;
  let answered = false;
  const request = httpRequest(`${host.url}${route}`, { method: 'POST' });
  for (const [name, value] of Object.entries(headers)) request.setHeader(name, value);
  const response = new Promise<RawResponse>((resolve, reject) => {
    request.on('response', (answer) => {
      answered = true;
      let text = '';
      answer.setEncoding('utf8');
      answer.on('data', (chunk: string) => {
        text += chunk;
      });
      answer.on('end', () => {
        resolve({
          status: answer.statusCode ?? 0,
          headers: answer.headers as Record<string, string>,
          body: text,
        });
        request.destroy();
      });
    });
    // Once the host has answered and closed, the rest of the upload fails: that is the point.
    request.on('error', (error) => answered || reject(error));
  });
  void (async () => {
    for (const chunk of body) {
      if (answered || request.destroyed) return;
      sent += chunk.length;
      // Buffers, never strings: node:http would encode the headers with a string's encoding (UTF-8), and
      // the raw header bytes under test must go out as they are (Latin-1, one byte per character).
      if (!request.write(chunk)) await drained(request);
    }
    if (sent === 0) request.flushHeaders();
    if (end && !answered) request.end();
  })();
  return { response, sent: () => sent };
}

const deposit = (id: string, headers: Record<string, string | string[]>) =>
  post(`/commands/bank.account/${id}/deposit`, { 'content-type': 'application/json', ...headers }, [
    Buffer.from(JSON.stringify({ amount: 5 })),
  ]).response;

function drained(request: ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      request.off('drain', done).off('close', done);
      resolve();
    };
    request.on('drain', done).on('close', done);
  });
}

function* chunks(total: number, size: number): Generator<Buffer> {
  for (let offset = 0; offset < total; offset += size)
    yield Buffer.alloc(Math.min(size, total - offset), 0x20);
}

/** A header value as a host hands it over: the UTF-8 bytes, one Latin-1 character each. */
const utf8Bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

function expectProblem(response: RawResponse, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json');
  expect(json(response)).toMatchObject({ status, code, type: `urn:problem:${code}` });
}

describe('item 8: request bodies over FUNCTIONS_REQUEST_BODY_SIZE_LIMIT', () => {
  it('item 8: answers a 5 MB chunked body with 413 problem+json while the upload is still under way', async () => {
    const id = uniqueId('acc');
    await open(id);
    const total = 5 * 1024 * 1024;
    // At most twice the limit is offered, and the body is never finished: a host that waits for the end of
    // the body before judging its size never answers.
    const upload = post(
      `/commands/bank.account/${id}/deposit`,
      { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks(2 * LIMIT, 64 * 1024),
      { end: false },
    );
    const response = await upload.response;
    expectProblem(response, 413, 'payload-too-large');
    expect(response.headers.connection).toBe('close');
    expect(upload.sent()).toBeLessThan(total);
    expect((await streamOf(id)).version).toBe(1);
  });

  it('item 8: answers a declared 101 MB body with 413 before a byte of it is sent', async () => {
    const id = uniqueId('acc');
    await open(id);
    const upload = post(
      `/commands/bank.account/${id}/deposit`,
      { 'content-type': 'application/json', 'content-length': String(101 * 1024 * 1024) },
      [],
      { end: false },
    );
    const response = await upload.response;
    expectProblem(response, 413, 'payload-too-large');
    expect(json(response).detail).toContain(String(LIMIT));
    expect(upload.sent()).toBe(0);
    expect((await streamOf(id)).version).toBe(1);
    await open(uniqueId('acc')); // and the host serves on
  });
});

describe('item 10: header values', () => {
  it('item 10: stores UTF-8 X-Source and X-Commentary sent as raw bytes as the text they spell', async () => {
    const id = uniqueId('acc');
    await open(id);
    const response = await deposit(id, {
      'x-source': utf8Bytes('caisse-Zürich'),
      'x-commentary': utf8Bytes('Café € 東京 🙂'),
      'x-ms-client-principal-name': utf8Bytes('josé@contoso.com'),
    });
    expect(response.status).toBe(200);
    const stored = (await streamOf(id)).events[1]?.metadata;
    expect(stored).toMatchObject({
      source: 'caisse-Zürich',
      commentary: 'Café € 東京 🙂',
      who: 'josé@contoso.com',
    });
  });

  it.each([
    ['x-correlation-id', ['checkout-1', 'checkout-2']],
    ['x-ms-client-principal-name', ['ada@contoso.com', 'eve@contoso.com']],
    ['idempotency-key', ['key-1', 'key-2']],
    ['if-match', ['"1"', '"1"']],
  ])(
    'item 10: refuses a repeated %s with 400 validation-failed naming it, storing nothing',
    async (name, values) => {
      const id = uniqueId('acc');
      await open(id);
      const response = await deposit(id, { [name]: values });
      expectProblem(response, 400, 'validation-failed');
      expect(json(response).errors).toEqual([
        { path: `headers.${name}`, message: expect.stringContaining('sent once') },
      ]);
      expect((await streamOf(id)).version).toBe(1);
    },
  );
});

describe('item 12: HTTP edges', () => {
  it.each([
    ['GET', '/commands/bank.account/acc-1/deposit', 'POST'],
    ['DELETE', '/streams/bank.account/acc-1', 'GET'],
    ['PUT', '/streams/bank.account/acc-1/state', 'GET'],
    ['POST', '/projections/account-balance/acc-1', 'GET'],
    ['POST', '/health', 'GET'],
  ])('item 12: answers %s %s with 405 problem+json and Allow: %s', async (method, route, allow) => {
    const response = await fetch(`${host.url}${route}`, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 405, code: 'method-not-allowed' });
  });

  it('item 12: serves POST /projections/{projection}/rebuild and answers GET there with 405, as literal segments win', async () => {
    const route = `${host.url}/projections/account-balance/rebuild`;
    const wrong = await fetch(route);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    const started = await fetch(route, { method: 'POST' });
    expect(started.status).toBe(202);
    expect(await started.json()).toMatchObject({ projection: 'account-balance', phase: 'starting' });
  });

  it('item 12: answers a 100 KB header with 431 problem+json', async () => {
    const response = await rawRequest(
      host.url,
      `GET ${path('/health')} HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(100 * 1024)}\r\n\r\n`,
    );
    expectProblem(response, 431, 'request-header-fields-too-large');
    expect(response.headers.connection).toBe('close');
  });

  it('item 12: answers a malformed request with 400 problem+json', async () => {
    const response = await rawRequest(host.url, 'NOT HTTP AT ALL\r\n\r\n');
    expectProblem(response, 400, 'bad-request');
  });
});
