// Serves the built explorer (Vite's output in dist/ui) from the function app itself. No file system path is
// ever made from the request: the files are listed once, and a request names one of them exactly or gets 404;
// a path that could not name a file (`..`, a hidden name, a backslash, too long) is 400 before the lookup.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { NotFoundError, ValidationFailedError } from '../errors.js';

/**
 * dist/ui, wherever this module runs: compiled (dist/src/http), bundled into the deployment package
 * (dist/functions), or from source (src/http, in tests).
 */
export const BUILT_UI_FOLDER = fileURLToPath(
  new URL(
    import.meta.url.includes('/dist/src/')
      ? '../../ui/'
      : import.meta.url.includes('/dist/functions/')
        ? '../ui/'
        : '../../dist/ui/',
    import.meta.url,
  ),
);

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;
const MAX_PATH_LENGTH = 256;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

// The page loads only its own files; nothing may frame it.
const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
};

interface StaticFile {
  body: Buffer;
  contentType: string;
  etag: string;
  /** Vite names the files under assets/ by their content hash, so they never change. */
  immutable: boolean;
}

export class StaticFiles {
  private files: Map<string, StaticFile> | undefined;

  constructor(private readonly folder: string = BUILT_UI_FOLDER) {}

  /** The answer for `path` (relative to the explorer's root; empty for the root itself). */
  serve(request: HttpRequest, path: string): HttpResponseInit {
    const { pathname, search } = new URL(request.url);
    // `/api/ui` would resolve the page's relative links against `/api/`.
    if (path === '' && !pathname.endsWith('/'))
      return { status: 308, headers: { Location: `${pathname}/${search}` } };
    const name = path === '' ? 'index.html' : validPath(path);
    const file = this.index().get(name);
    if (!file) throw new NotFoundError('route-not-found', `The explorer has no file ${name}.`);
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'Content-Type': file.contentType,
      ETag: file.etag,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    if (request.headers.get('if-none-match') === file.etag) return { status: 304, headers };
    return { status: 200, headers, body: file.body };
  }

  private index(): Map<string, StaticFile> {
    if (this.files) return this.files;
    const files = new Map<string, StaticFile>();
    let entries: string[] = [];
    try {
      entries = readdirSync(this.folder, { recursive: true, encoding: 'utf8' });
    } catch {
      // Not built: every request is 404 until `npm run build` has produced dist/ui.
    }
    for (const entry of entries) {
      const contentType = CONTENT_TYPES[extname(entry).toLowerCase()];
      if (!contentType) continue;
      const body = readFileSync(join(this.folder, entry));
      const name = relative(this.folder, join(this.folder, entry)).split(sep).join('/');
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      files.set(name, { body, contentType, etag, immutable: name.startsWith('assets/') });
    }
    this.files = files;
    return files;
  }
}

function validPath(path: string): string {
  const segments = path.split('/');
  if (path.length <= MAX_PATH_LENGTH && segments.every((segment) => SEGMENT.test(segment))) return path;
  throw new ValidationFailedError('The path cannot name a file of the explorer.', [
    {
      path: 'path',
      message: 'must be names of letters, digits, ".", "_" and "-" separated by "/", none starting with "."',
    },
  ]);
}
