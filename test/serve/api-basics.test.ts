/**
 * The HTTP API in-process (`inject()`): the token (checked before the body is read or
 * validated, on every /api/ route but the three public ones), problem details for every kind
 * of error, the OpenAPI document and its reference page, and the request log (which must not
 * hold message contents, query strings, header values or the token).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, TEST_TOKEN, createTestApi, type TestApi } from '../helpers/serve-app.js';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
}

/** Every protected route with a request that is invalid in some way (so a missing token must win). */
const PROTECTED: { method: 'GET' | 'POST'; url: string; payload?: unknown }[] = [
  { method: 'POST', url: '/api/explain', payload: { wrong: 1 } },
  { method: 'GET', url: '/api/codes?q=' + 'x'.repeat(2000) },
  { method: 'GET', url: '/api/codes/5.7.1' },
  { method: 'POST', url: '/api/headers', payload: { message: 42 } },
  { method: 'POST', url: '/api/check/domain', payload: { domain: 7 } },
  { method: 'POST', url: '/api/check/path', payload: {} },
  { method: 'POST', url: '/api/check/ip', payload: { ip: [] } },
  { method: 'POST', url: '/api/trace/import?culture=xx-XX', payload: 'not an export' },
  { method: 'GET', url: '/api/trace/query?limit=-1' },
  { method: 'GET', url: '/api/no-such-route' },
  // The router decodes the path: these reach protected routes too, and need the token.
  { method: 'GET', url: '/%61pi/codes/5.7.1' },
  { method: 'GET', url: '/api/%63odes/5.7.1' },
  { method: 'GET', url: '/%41PI/nothing' },
];

function problemOf(response: { headers: Record<string, unknown>; body: string }): Problem {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(response.body) as Problem;
  expect(Object.keys(body)).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']));
  expect(body.type).toBe(`/api/docs#problem-${body.code}`);
  return body;
}

describe('the token', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi({ token: TEST_TOKEN });
  });
  afterAll(() => api.close());

  it.each(PROTECTED)('$method $url without a token: 401 problem, never a validation error', async (route) => {
    const response = await api.app.inject({ method: route.method, url: route.url, ...(route.payload !== undefined ? { payload: route.payload as string } : {}) });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="maildoctor"');
    const body = problemOf(response);
    expect(body).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(body.errors).toBeUndefined();
  });

  it('a wrong token, a token without "Bearer", and Basic auth are refused alike', async () => {
    for (const authorization of [`Bearer ${TEST_TOKEN}x`, TEST_TOKEN, `Basic ${Buffer.from(`u:${TEST_TOKEN}`).toString('base64')}`, 'Bearer', `Bearer ${TEST_TOKEN.slice(0, -1)}`]) {
      const response = await api.app.inject({ method: 'GET', url: '/api/codes/5.7.1', headers: { authorization } });
      expect(problemOf(response)).toMatchObject({ status: 401, detail: 'the token is not valid' });
    }
  });

  it('an oversized body without a token is 401, not 413 (nothing is read first)', async () => {
    const response = await api.app.inject({ method: 'POST', url: '/api/explain', headers: { 'content-type': 'text/plain' }, payload: 'x'.repeat(api.config.maxBodyBytes + 10) });
    expect(response.statusCode).toBe(401);
  });

  it('with the token, the same invalid requests reach validation (400) or their route', async () => {
    const explain = await api.app.inject({ method: 'POST', url: '/api/explain', headers: AUTH, payload: { wrong: 1 } });
    expect(problemOf(explain)).toMatchObject({ status: 400, code: 'validation', errors: [{ field: 'body.message' }] });
    const ok = await api.app.inject({ method: 'GET', url: '/api/codes/5.7.1', headers: { authorization: `bearer  ${TEST_TOKEN}` } });
    expect(ok.statusCode).toBe(200);
  });

  it('health, the OpenAPI document and the reference page need no token', async () => {
    for (const url of ['/api/health', '/api/openapi.json', '/api/docs', '/api/health?x=1']) {
      expect((await api.app.inject({ method: 'GET', url })).statusCode).toBe(200);
    }
  });

  it('an unknown route under /api/ without the token is 401 (routes cannot be probed), with it 404', async () => {
    expect((await api.app.inject({ method: 'GET', url: '/api/nothing' })).statusCode).toBe(401);
    const missing = await api.app.inject({ method: 'GET', url: '/api/nothing', headers: AUTH });
    expect(problemOf(missing)).toMatchObject({ status: 404, code: 'not-found' });
  });
});

describe('without a token (loopback default)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  it('routes answer without Authorization', async () => {
    expect((await api.app.inject({ method: 'GET', url: '/api/codes/5.7.1' })).statusCode).toBe(200);
  });

  it('problem details: validation lists each field, bad JSON is 400, an unknown media type 415, a large body 413, an unknown route 404', async () => {
    const validation = problemOf(await api.app.inject({ method: 'POST', url: '/api/check/path', payload: { from: 'a@example.com', to: 5 } }));
    expect(validation).toMatchObject({ status: 400, code: 'validation', title: 'Invalid request' });
    expect(validation.errors?.map((e) => e.field)).toEqual(['body.to']);
    expect(problemOf(await api.app.inject({ method: 'POST', url: '/api/explain', headers: { 'content-type': 'application/json' }, payload: '{"message": ' }))).toMatchObject({ status: 400, code: 'bad-request' });
    expect(problemOf(await api.app.inject({ method: 'POST', url: '/api/explain', headers: { 'content-type': 'image/png' }, payload: 'x' }))).toMatchObject({ status: 415, code: 'unsupported-media-type' });
    const large = problemOf(await api.app.inject({ method: 'POST', url: '/api/explain', headers: { 'content-type': 'message/rfc822' }, payload: Buffer.alloc(api.config.maxBodyBytes + 1, 0x41) }));
    expect(large).toMatchObject({ status: 413, code: 'payload-too-large' });
    // (A GET of a page address outside /api is the web app's page: src/serve/web-app.test.ts.)
    expect(problemOf(await api.app.inject({ method: 'POST', url: '/elsewhere' }))).toMatchObject({ status: 404, code: 'not-found' });
    expect(problemOf(await api.app.inject({ method: 'DELETE', url: '/api/explain' }))).toMatchObject({ status: 404 });
  });

  it('the OpenAPI 3.1 document is JSON, lists every route with its methods, and resolves every reference', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const doc = JSON.parse(response.body) as { openapi: string; paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    const registered = [...api.app.printRoutes({ commonPrefix: false }).matchAll(/\((GET|POST|PUT|PATCH|DELETE)/g)].length;
    expect(operations.sort()).toEqual(
      [
        'GET /api/health', 'GET /api/openapi.json', 'GET /api/docs', 'POST /api/explain', 'GET /api/codes', 'GET /api/codes/{code}', 'POST /api/headers',
        'POST /api/check/domain', 'POST /api/check/path', 'POST /api/check/ip', 'POST /api/trace/import', 'GET /api/trace/query',
        'POST /api/diagnose', 'GET /api/trace/report', 'GET /api/trace/message',
      ].sort(),
    );
    // Every route the server has is in the document, and every operation of the document is a route.
    expect(registered).toBe(operations.length);
    for (const op of operations) {
      const [method, path] = op.split(' ') as [string, string];
      expect(api.app.hasRoute({ method: method as 'GET', url: path.replace(/\{(\w+)\}/g, ':$1') }), op).toBe(true);
    }
    expect(doc.components.securitySchemes).toHaveProperty('bearerAuth');
    for (const [name, item] of Object.entries(doc.paths)) {
      for (const operation of Object.values(item)) {
        expect(Boolean(operation.security?.length), name).toBe(!['/api/health', '/api/openapi.json', '/api/docs'].includes(name));
        expect(Object.keys(operation.responses)).toContain('200');
      }
    }
    const refs = [...response.body.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas, ref).toHaveProperty(ref.slice('#/components/schemas/'.length));
    }
  });

  it('the reference page is rendered by the server: every operation, the problem types, no script and no outside resource', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/api/docs' });
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    const html = response.body;
    for (const op of ['POST /api/explain', 'GET /api/codes/{code}', 'POST /api/check/domain', 'POST /api/trace/import', 'GET /api/trace/query']) expect(html).toContain(op);
    for (const code of ['validation', 'unauthorized', 'payload-too-large', 'private-target', 'timeout']) expect(html).toContain(`id="problem-${code}"`);
    expect(html).toContain('id="schema-ExplainResult"');
    expect(html).not.toMatch(/<script|<link|@import|https?:\/\/(?!www\.iana\.org|learn\.microsoft\.com)[a-z]/i);
  });

  it('logs one JSON line per request: method, route, status, time; no body, query string, header value or token', async () => {
    api.logs.length = 0;
    const secret = 'Subject: SECRET-SUBJECT-42\r\nFrom: a@example.com\r\n\r\nbody SECRET-BODY';
    await api.app.inject({ method: 'POST', url: '/api/explain?name=SECRET-NAME', headers: { 'content-type': 'text/plain', authorization: 'Bearer SECRET-TOKEN', cookie: 'SECRET-COOKIE' }, payload: secret });
    await api.app.inject({ method: 'GET', url: '/api/codes?q=SECRET-QUERY' });
    expect(api.logs).toHaveLength(2);
    expect(api.logs[0]).toMatchObject({ level: 'info', msg: 'request', method: 'POST', route: '/api/explain', status: 200 });
    expect(api.logs[1]).toMatchObject({ method: 'GET', route: '/api/codes', status: 200 });
    expect(typeof api.logs[0]!['ms']).toBe('number');
    expect(JSON.stringify(api.logs)).not.toMatch(/SECRET/);
  });
});

describe('timeouts and internal errors', () => {
  it('a route that takes too long answers 503 problem details', async () => {
    const api = await createTestApi({ handlerTimeoutMs: 50 }, {
      // A store that never opens makes the trace query wait past the limit.
      openStore: () => new Promise(() => undefined),
    });
    try {
      const response = await api.app.inject({ method: 'GET', url: '/api/trace/query' });
      expect(problemOf(response)).toMatchObject({ status: 503, code: 'timeout' });
    } finally {
      await api.close();
    }
  });

  it('a store that cannot be opened: 503 store-unavailable, the reason only in the log', async () => {
    const api = await createTestApi({}, {
      openStore: async () => {
        throw new Error('cannot connect to SECRET-HOST');
      },
    });
    try {
      const response = await api.app.inject({ method: 'GET', url: '/api/trace/query' });
      expect(problemOf(response)).toMatchObject({ status: 503, code: 'store-unavailable' });
      expect(response.body).not.toContain('SECRET');
      expect(api.logs.some((l) => l.msg === 'trace store unavailable' && String(l['error']).includes('SECRET-HOST'))).toBe(true);
    } finally {
      await api.close();
    }
  });

  it('a bug is a 500 without internals (the request id only); the log has the error and its stack', async () => {
    const broken = { dialect: 'sqlite', db: { selectFrom: () => { throw new TypeError('SECRET internal detail'); } }, beginImport: async () => { throw new Error('unused'); }, close: async () => undefined };
    const api = await createTestApi({}, { openStore: async () => broken as never });
    try {
      const response = await api.app.inject({ method: 'GET', url: '/api/trace/query' });
      const body = problemOf(response);
      expect(body).toMatchObject({ status: 500, code: 'internal' });
      expect(body.detail).toContain(JSON.parse(JSON.stringify(api.logs.at(-1)))['reqId']);
      expect(response.body).not.toMatch(/SECRET|TypeError|at /);
      const logged = api.logs.find((l) => l.msg === 'internal error');
      expect(logged).toMatchObject({ level: 'error', route: '/api/trace/query', error: 'TypeError: SECRET internal detail' });
      expect(String(logged?.['stack'])).toContain('TypeError');
    } finally {
      await api.close();
    }
  });
});
