// The explorer's client of the API: every call goes through the gateway beside the page (/api/ui/api/…), which
// runs the API's own routes; a problem+json answer becomes an ApiProblem the page can show as it is.

export interface Problem {
  type?: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  reason?: string;
  currentVersion?: number;
  errors?: { path: string; message: string }[];
  omittedErrors?: number;
  signIn?: string;
}

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.code}: ${problem.detail ?? problem.title}`);
  }
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
  headers: Headers;
}

const base = () => new URL('api/', document.baseURI);

export function apiUrl(path: string): string {
  return new URL(path, base()).href;
}

export async function call<T>(
  path: string,
  options: { method?: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'x-requested-with': 'XMLHttpRequest',
    ...options.headers,
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(apiUrl(path), {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    cache: 'no-store',
    // In Azure, a call whose sign-in has lapsed is redirected to the sign-in page: say so rather than follow it.
    redirect: 'manual',
  });
  if (response.type === 'opaqueredirect') throw new ApiProblem(signedOut());
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  if (response.headers.get('content-type')?.includes('application/problem+json') || response.status >= 400) {
    throw new ApiProblem(
      body && typeof body.code === 'string'
        ? (body as Problem)
        : { title: response.statusText, status: response.status, code: 'http-error', detail: text },
    );
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

function signedOut(): Problem {
  return {
    title: 'Signed out',
    status: 401,
    code: 'authentication-required',
    detail: 'Your sign-in has ended: sign in again.',
    signIn: `/.auth/login/aad?post_login_redirect_uri=${encodeURIComponent(location.pathname)}`,
  };
}

export const get = async <T>(path: string) => (await call<T>(path)).body;

// The shapes the explorer reads (the API's OpenAPI document has them all).

export type JsonSchema = Record<string, unknown>;

export interface Catalog {
  aggregateTypes: {
    type: string;
    store: { name: string; type: string };
    commands: { name: string; schema: JsonSchema }[];
    events: { type: string; schemaVersion: number }[];
  }[];
  projections: {
    name: string;
    kind: 'per-aggregate' | 'list' | 'classifier';
    handles: Record<string, string[]>;
  }[];
  workflows: { name: string }[];
}

export interface EventEnvelope {
  eventId: string;
  aggregateType: string;
  aggregateId: string;
  version: number;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  sequence: number;
  data: unknown;
  metadata: {
    correlationId: string;
    causationId: string;
    commandName: string;
    idempotencyKey?: string;
    who?: string;
    source?: string;
    commentary?: string;
  };
}

export interface StreamPage {
  version: number;
  events: EventEnvelope[];
  nextFromVersion?: number;
}

export interface StateAsOf {
  version: number;
  streamVersion: number;
  state: unknown;
}

export interface StreamListing {
  aggregateIds: string[];
  continuation?: string;
}

export interface ProjectionDocument<State = unknown> {
  projection: string;
  key: string;
  asOfVersion?: number;
  updatedAt: string;
  state: State;
}

/** A page of a list (`items`) or of a classifier's group (`members`); `continuation` when more may follow. */
export interface ProjectionPage<Item = unknown> {
  projection: string;
  items?: Item[];
  members?: string[];
  continuation?: string;
}

export interface CommandResult {
  aggregateType: string;
  aggregateId: string;
  version: number;
  events: { eventId: string; type: string; version: number }[];
  correlationId: string;
}

export const path = (...segments: string[]) => segments.map(encodeURIComponent).join('/');

export const sendCommand = (type: string, id: string, command: string, payload: unknown, ifMatch?: number) =>
  call<CommandResult>(`commands/${path(type, id, command)}`, {
    method: 'POST',
    body: payload ?? {},
    headers: ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` },
  });
