// Issue 10 item 10: header values arrive as Latin-1 byte strings; the app reads UTF-8 text out of them and
// refuses what cannot be one value.
import functions from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../../src/errors.js';
import { decodeHeaderValue, readHeader, TOKEN_HEADER } from '../../src/http/headers.js';

const { HttpRequest } = functions;

/** What a host hands over for `text` sent as UTF-8: one Latin-1 character per byte. */
const asSent = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

function read(value: string, rule: Parameters<typeof readHeader>[2]) {
  const request = new HttpRequest({
    method: 'GET',
    url: 'http://localhost/api/x',
    headers: { 'x-test': value },
  });
  const issues: ValidationIssue[] = [];
  return { value: readHeader(request, 'x-test', rule, issues), issues };
}

describe('decodeHeaderValue', () => {
  it.each(['Zürich', 'Café', '€ 100', '東京', 'naïve 🙂', 'Ærøskøbing'])(
    'item 10: reads %s out of its UTF-8 bytes',
    (text) => {
      expect(decodeHeaderValue(asSent(text))).toBe(text);
    },
  );

  it('item 10: decodes bytes that land on C1 control characters in Latin-1 (€ is E2 82 AC)', () => {
    expect(asSent('€')).toBe('\u00e2\u0082\u00ac');
    expect(decodeHeaderValue('\u00e2\u0082\u00ac')).toBe('€');
  });

  it('item 10: keeps ASCII, values that are not UTF-8, and values a host already decoded', () => {
    expect(decodeHeaderValue('mobile-app/4.2')).toBe('mobile-app/4.2');
    expect(decodeHeaderValue('caf\u00e9')).toBe('caf\u00e9'); // a lone E9 byte is not UTF-8: Latin-1 "café"
    expect(decodeHeaderValue('東京 Ã©')).toBe('東京 Ã©'); // above U+00FF: already text
  });
});

describe('readHeader', () => {
  it('item 10: validates the decoded text, counting characters, not bytes', () => {
    const sent = asSent('é'.repeat(200)); // 400 bytes, 200 characters
    expect(read(sent, { kind: 'text', maxLength: 200 })).toEqual({ value: 'é'.repeat(200), issues: [] });
    expect(read(asSent('é'.repeat(201)), { kind: 'text', maxLength: 200 }).issues).toHaveLength(1);
  });

  it('item 10: refuses control characters in text, after decoding', () => {
    expect(read('a\u0085b', { kind: 'text', maxLength: 10 }).issues).toEqual([
      { path: 'headers.x-test', message: 'must be 1-10 characters without control characters' },
    ]);
  });

  it.each([
    ['X-Correlation-Id', 'checkout-1, checkout-2', TOKEN_HEADER],
    [
      'x-ms-client-principal-name',
      'ada@contoso.com, eve@contoso.com',
      { kind: 'text', maxLength: 256, single: true },
    ],
  ] as const)('item 10: refuses a %s joined from two headers', (_, joined, rule) => {
    const { issues } = read(joined, rule);
    expect(issues).toEqual([{ path: 'headers.x-test', message: expect.stringContaining('sent once') }]);
  });

  it('item 10: allows commas where a header is free text', () => {
    expect(read('Salary, November', { kind: 'text', maxLength: 100 }).issues).toEqual([]);
  });

  it('item 10: keeps tokens printable ASCII', () => {
    expect(read('key-1', TOKEN_HEADER).issues).toEqual([]);
    expect(read(asSent('clé'), TOKEN_HEADER).issues).toEqual([
      { path: 'headers.x-test', message: 'must be 1-128 printable ASCII characters without commas' },
    ]);
  });
});
