/**
 * The API client against a scripted fetch: the bearer token is asked for once on 401 (however
 * many requests were refused together), sent from then on, asked again when refused; a
 * declined question fails as token-declined; a 404 is "not available" only when the server's
 * OpenAPI document lacks the route; problem details come through with their fields.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiJson } from './api-client.js';
import { ApiFailure } from './api-problem.js';
import { setTokenPrompter } from './token-prompt.js';
import { currentToken, forgetToken } from './token-store.js';

const TOKEN = 'the-right-token-0123456789';
const DOCUMENT = { paths: { '/api/codes': { get: {} }, '/api/codes/{code}': { get: {} } } };

interface Call {
  url: string;
  authorization: string | null;
}

let calls: Call[];

function json(status: number, body: unknown, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
}

/** A server that wants TOKEN on /api/codes, has no /api/diagnose, and 404s unknown codes. */
async function server(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = String(input);
  const authorization = new Headers(init?.headers).get('authorization');
  calls.push({ url, authorization });
  if (url === '/api/openapi.json') return json(200, DOCUMENT);
  if (authorization !== `Bearer ${TOKEN}`) return json(401, { title: 'Token required', detail: 'x', code: 'unauthorized', status: 401 }, 'application/problem+json');
  if (url.startsWith('/api/codes/')) return json(404, { title: 'Not found', detail: 'no entry for "9.9.9"', code: 'not-found', status: 404 }, 'application/problem+json');
  if (url.startsWith('/api/codes')) return json(200, [{ id: 'x' }]);
  if (url === '/api/check/domain') return json(400, { title: 'Invalid request', detail: 'body.domain: not a domain', code: 'validation', status: 400, errors: [{ field: 'body.domain', message: 'not a domain' }] }, 'application/problem+json');
  return json(404, { title: 'Not found', detail: 'no route', code: 'not-found', status: 404 }, 'application/problem+json');
}

beforeEach(() => {
  calls = [];
  forgetToken();
  vi.stubGlobal('fetch', vi.fn(server));
});

afterEach(() => {
  setTokenPrompter(null);
  vi.unstubAllGlobals();
});

const failureOf = async (promise: Promise<unknown>): Promise<ApiFailure> => {
  try {
    await promise;
  } catch (error) {
    return error as ApiFailure;
  }
  throw new Error('expected a failure');
};

describe('apiJson and the token', () => {
  it('asks once for requests refused together, then sends the token with every request', async () => {
    const asked: boolean[] = [];
    setTokenPrompter(async (retry) => {
      asked.push(retry);
      return TOKEN;
    });
    const answers = await Promise.all([apiJson({ method: 'GET', path: '/api/codes?q=5.7.1' }), apiJson({ method: 'GET', path: '/api/codes?q=5.1.1' })]);
    expect(answers).toEqual([[{ id: 'x' }], [{ id: 'x' }]]);
    expect(asked).toEqual([false]);
    expect(currentToken()).toBe(TOKEN);
    await apiJson({ method: 'GET', path: '/api/codes' });
    expect(calls.at(-1)).toEqual({ url: '/api/codes', authorization: `Bearer ${TOKEN}` });
    expect(asked).toEqual([false]);
  });

  it('asks again, saying so, when the token given is refused', async () => {
    const asked: boolean[] = [];
    const answers = ['wrong-token-abcdefghijkl', TOKEN];
    setTokenPrompter(async (retry) => {
      asked.push(retry);
      return answers.shift() ?? null;
    });
    await apiJson({ method: 'GET', path: '/api/codes' });
    expect(asked).toEqual([false, true]);
    expect(calls.map((c) => c.authorization)).toEqual([null, 'Bearer wrong-token-abcdefghijkl', `Bearer ${TOKEN}`]);
  });

  it('fails as token-declined when the person cancels', async () => {
    setTokenPrompter(async () => null);
    const failure = await failureOf(apiJson({ method: 'GET', path: '/api/codes' }));
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(failure.kind).toBe('token-declined');
    expect(currentToken()).toBeNull();
  });
});

describe('apiJson and failures', () => {
  beforeEach(() => setTokenPrompter(async () => TOKEN));

  it('says not-available for a route the server does not document', async () => {
    const failure = await failureOf(apiJson({ method: 'POST', path: '/api/diagnose?name=x', body: 'x', contentType: 'text/plain' }));
    expect(failure.kind).toBe('not-available');
    expect(failure.message).toContain('POST /api/diagnose');
  });

  it('keeps a 404 of a documented route as the route saying nothing matched', async () => {
    const failure = await failureOf(apiJson({ method: 'GET', path: '/api/codes/9.9.9', route: '/api/codes/{code}' }));
    expect(failure.kind).toBe('problem');
    expect(failure.status).toBe(404);
    expect(failure.message).toBe('no entry for "9.9.9"');
  });

  it('passes the problem details on: title, detail, code and each field', async () => {
    const failure = await failureOf(apiJson({ method: 'POST', path: '/api/check/domain', body: '{}', contentType: 'application/json' }));
    expect(failure).toMatchObject({ kind: 'problem', status: 400, code: 'validation', title: 'Invalid request', message: 'body.domain: not a domain', errors: [{ field: 'body.domain', message: 'not a domain' }] });
  });

  it('fails as a network failure when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }));
    const failure = await failureOf(apiJson({ method: 'GET', path: '/api/codes' }));
    expect(failure.kind).toBe('network');
    expect(failure.message).toContain('Failed to fetch');
  });
});
