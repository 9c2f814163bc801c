// The explorer's static files: only files of the built folder, exactly named; no path can leave it; the
// hashed assets are cached for good, the page is revalidated; /api/ui moves to /api/ui/.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import functions from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { ApplicationError } from '../../src/errors.js';
import { StaticFiles } from '../../src/http/staticFiles.js';

const { HttpRequest } = functions;

const folder = mkdtempSync(join(tmpdir(), 'ui-'));
mkdirSync(join(folder, 'assets'));
writeFileSync(join(folder, 'index.html'), '<!doctype html><title>Explorer</title>');
writeFileSync(join(folder, 'assets/index-abc123.js'), 'console.log(1)');
writeFileSync(join(folder, 'assets/index-abc123.css'), 'body{}');
writeFileSync(join(folder, 'notes.unknown'), 'not served');
// A secret beside the folder, which no request may reach.
writeFileSync(join(folder, '..', 'secret.txt'), 'secret');

const files = new StaticFiles(folder);
const request = (path: string, headers: Record<string, string> = {}) =>
  new HttpRequest({ method: 'GET', url: `http://localhost/api/ui/${path}`, headers, params: { path } });
const serve = (path: string, headers: Record<string, string> = {}) =>
  files.serve(request(path, headers), path);

function refusal(path: string): string {
  try {
    serve(path);
    return 'served';
  } catch (error) {
    return error instanceof ApplicationError ? `${error.status} ${error.code}` : String(error);
  }
}

describe('the explorer files', () => {
  it('serves the page at the root, revalidated on every load, with security headers', () => {
    const page = serve('');
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('<title>Explorer</title>');
    expect(page.headers).toMatchObject({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    expect((page.headers as Record<string, string>)['Content-Security-Policy']).toContain(
      "frame-ancestors 'none'",
    );
  });

  it('caches the hashed assets for a year, with their content types', () => {
    expect(serve('assets/index-abc123.js').headers).toMatchObject({
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
    expect(serve('assets/index-abc123.css').headers).toMatchObject({
      'Content-Type': 'text/css; charset=utf-8',
    });
  });

  it('answers 304 to the ETag it gave', () => {
    const etag = (serve('index.html').headers as Record<string, string>).ETag ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect(serve('index.html', { 'if-none-match': etag }).status).toBe(304);
  });

  it('moves /api/ui to /api/ui/, keeping the query', () => {
    const bare = new HttpRequest({ method: 'GET', url: 'http://localhost/api/ui?x=1', params: { path: '' } });
    expect(files.serve(bare, '')).toMatchObject({ status: 308, headers: { Location: '/api/ui/?x=1' } });
  });

  it.each([
    ['../secret.txt', '400 validation-failed'],
    ['assets/../../secret.txt', '400 validation-failed'],
    ['..%2Fsecret.txt', '400 validation-failed'],
    ['.hidden', '400 validation-failed'],
    ['assets\\index-abc123.js', '400 validation-failed'],
    ['assets//index-abc123.js', '400 validation-failed'],
    ['a'.repeat(300), '400 validation-failed'],
    ['secret.txt', '404 route-not-found'],
    ['notes.unknown', '404 route-not-found'],
    ['assets', '404 route-not-found'],
    ['missing.js', '404 route-not-found'],
  ])('refuses %s (%s)', (path, expected) => {
    expect(refusal(path)).toBe(expected);
  });

  it('serves nothing when the explorer was not built', () => {
    const unbuilt = new StaticFiles(join(folder, 'missing'));
    expect(() => unbuilt.serve(request(''), '')).toThrow('The explorer has no file index.html.');
  });
});
