import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPIRED_TOKEN_BODY, startGraphFixtureServer, type GraphFixtureServer } from '../../../test/helpers/graph-fixture-server.js';
import { GraphClient, retryAfterSeconds } from './graph-client.js';
import { RequestBudget, type Waiter } from './request-budget.js';

/** A clock that moves only when someone sleeps. */
function fakeWaiter(): Waiter & { slept: number[] } {
  let now = Date.parse('2026-11-20T12:00:00Z');
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => { slept.push(ms); now += ms; } };
}

let graph: GraphFixtureServer;
let ca: string;
beforeAll(async () => {
  graph = await startGraphFixtureServer(() => ({ status: 404, body: { error: { code: 'NotFound', message: 'no such path' } } }));
  ca = readFileSync(graph.caFile, 'utf8');
}, 30_000);
afterAll(() => graph?.close());

const client = (token = 'tok', waiter = fakeWaiter(), refresh: string | null = null) =>
  new GraphClient({ baseUrl: graph.url, ca, waiter, token: async (again) => (again ? refresh : token) });

describe('GraphClient over a real HTTPS connection', () => {
  it('sends the bearer token and follows @odata.nextLink to the end', async () => {
    graph.answer = (req) => req.path === '/v1.0/things'
      ? { status: 200, body: { value: [1, 2], '@odata.nextLink': `${graph.url}/v1.0/things?$skiptoken=abc` } }
      : req.path === '/v1.0/things?$skiptoken=abc' ? { status: 200, body: { value: [3] } } : { status: 404 };
    graph.received.length = 0;
    const res = await client().getAll<number>('/v1.0/things');
    expect(res).toEqual({ ok: true, value: [1, 2, 3] });
    expect(graph.received.map((r) => r.token)).toEqual(['tok', 'tok']);
  });

  it('waits Retry-After on 429 and tries again', async () => {
    graph.answer = (req) => (req.count === 1 ? { status: 429, headers: { 'retry-after': '7' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } } : { status: 200, body: { value: [] } });
    const waiter = fakeWaiter();
    const c = client('tok', waiter);
    expect(await c.getAll('/v1.0/retry')).toEqual({ ok: true, value: [] });
    expect(waiter.slept).toEqual([7000]);
    expect(c.stats).toMatchObject({ requests: 2, retries: 1 });
  });

  it('gives up on a Retry-After longer than the limit', async () => {
    graph.answer = () => ({ status: 429, headers: { 'retry-after': '3600' } });
    const res = await client().get('/v1.0/long-throttle');
    expect(res.ok).toBe(false);
    expect(!res.ok && res.failure.kind).toBe('throttled');
  });

  it('an expired token: one refresh; without a new token, the failure says expired', async () => {
    graph.answer = (req) => (req.token === 'fresh' ? { status: 200, body: { ok: 1 } } : { status: 401, body: EXPIRED_TOKEN_BODY });
    expect(await client('old', fakeWaiter(), 'fresh').get('/v1.0/me')).toEqual({ ok: true, value: { ok: 1 } });
    const res = await client('old', fakeWaiter(), null).get('/v1.0/me');
    expect(!res.ok && res.failure).toMatchObject({ kind: 'token-expired', status: 401, code: 'InvalidAuthenticationToken' });
  });

  it('403 is a permission failure, with Graph\'s words', async () => {
    graph.answer = () => ({ status: 403, body: { error: { code: 'Forbidden', message: 'Missing role' } } });
    const res = await client().get('/v1.0/admin/serviceAnnouncement/issues');
    expect(!res.ok && res.failure).toMatchObject({ kind: 'forbidden', message: 'Missing role' });
  });

  it('does not follow a nextLink to another origin', async () => {
    graph.answer = () => ({ status: 200, body: { value: [1], '@odata.nextLink': 'https://graph.example.org/v1.0/x' } });
    const res = await client().getAll('/v1.0/elsewhere');
    expect(!res.ok && res.failure.kind).toBe('bad-response');
  });

  it('refuses an untrusted certificate (no --ca-file)', async () => {
    graph.answer = () => ({ status: 200, body: {} });
    const res = await new GraphClient({ baseUrl: graph.url, token: async () => 't' }).get('/v1.0/x');
    expect(!res.ok && res.failure.kind).toBe('network');
  });

  it('bounds the answer size', async () => {
    graph.answer = () => ({ status: 200, body: { value: 'x'.repeat(5000) } });
    const res = await new GraphClient({ baseUrl: graph.url, ca, token: async () => 't', maxBytes: 1000 }).get('/v1.0/big');
    expect(!res.ok && res.failure.kind).toBe('too-large');
  });
});

describe('RequestBudget', () => {
  it('lets 100 requests through in 5 minutes, then waits for the oldest to leave the window', async () => {
    const waiter = fakeWaiter();
    const budget = new RequestBudget(100, 300_000, waiter);
    for (let i = 0; i < 100; i++) await budget.take();
    expect(waiter.slept).toEqual([]);
    await budget.take();
    expect(waiter.slept).toEqual([300_000]);
  });
});

describe('retryAfterSeconds', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterSeconds('12', 0)).toBe(12);
    expect(retryAfterSeconds('Fri, 20 Nov 2026 12:00:30 GMT', Date.parse('2026-11-20T12:00:00Z'))).toBe(30);
    expect(retryAfterSeconds(undefined, 0)).toBeNull();
  });
});
