/**
 * `maildoctor m365 health`, `m365 trace pull` and `m365 trace detail` against a Graph
 * stand-in on loopback (HTTPS, a test CA via --ca-file, --graph-url) that serves the documented
 * response shapes from test/fixtures/m365/graph: paging links, 429 with Retry-After, 401 for
 * an expired token, empty collections. The token is injected (MAILDOCTOR_GRAPH_TOKEN).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { EXPIRED_TOKEN_BODY, startGraphFixtureServer, type GraphAnswer, type GraphFixtureServer, type GraphRequest } from '../helpers/graph-fixture-server.js';

const SHAPES = join(import.meta.dirname, '..', 'fixtures', 'm365', 'graph');
let graph: GraphFixtureServer;
let dir = '';

/** A fixture file, with NEXT_LINK and the RECEIVED_* times filled in. */
function shape(name: string, fill: Record<string, string> = {}): unknown {
  let text = readFileSync(join(SHAPES, `${name}.json`), 'utf8');
  for (const [key, value] of Object.entries(fill)) text = text.replaceAll(key, value);
  return JSON.parse(text) as unknown;
}

async function run(args: string[], token: string | null = 'fixture-token'): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1', XDG_DATA_HOME: dir, HOME: dir, ...(token ? { MAILDOCTOR_GRAPH_TOKEN: token } : {}) };
  const code = await runCli(args, {
    stdout: { write: (c: string) => ((stdout += c), true), isTTY: false },
    stderr: { write: (c: string) => ((stderr += c), true), isTTY: false },
    readStdin: () => Buffer.alloc(0),
    env,
  });
  return { code, stdout, stderr };
}
const at = (): string[] => ['--graph-url', graph.url, '--ca-file', graph.caFile];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'maildoctor-m365-graph-'));
  graph = await startGraphFixtureServer(() => ({ status: 404 }));
}, 30_000);
afterAll(() => graph?.close());

function route(answers: (req: GraphRequest) => GraphAnswer | null): void {
  graph.received.length = 0;
  graph.answer = (req) => {
    if (req.token !== 'fixture-token') return { status: 401, body: EXPIRED_TOKEN_BODY };
    return answers(req) ?? { status: 404, body: { error: { code: 'NotFound', message: `no fixture for ${req.path}` } } };
  };
}

describe('maildoctor m365 health', () => {
  it('status and open Exchange Online issues from every page, mail flow first, with the latest update as text', async () => {
    route((req) => {
      if (req.path === '/v1.0/admin/serviceAnnouncement/healthOverviews/Exchange') return { status: 200, body: shape('health-overview-exchange') };
      if (req.path === '/v1.0/admin/serviceAnnouncement/issues?$filter=isResolved%20eq%20false') return { status: 200, body: shape('issues-page-1', { NEXT_LINK: `${graph.url}/v1.0/admin/serviceAnnouncement/issues?$skiptoken=p2` }) };
      if (req.path === '/v1.0/admin/serviceAnnouncement/issues?$skiptoken=p2') return { status: 200, body: shape('issues-page-2') };
      return null;
    });
    const json = await run(['m365', 'health', ...at(), '--json']);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const health = JSON.parse(json.stdout) as { status: string; issues: { id: string; mailFlow: boolean; latestUpdate: { text: string } | null }[] };
    expect(health.status).toBe('serviceDegradation');
    // The Teams incident is not Exchange's; mail-flow issues first, the incident before the advisory.
    expect(health.issues.map((i) => [i.id, i.mailFlow])).toEqual([['EX900002', true], ['EX900004', true], ['EX900001', false]]);
    expect(health.issues[0]!.latestUpdate!.text).toContain("We've rerouted traffic & queues are draining.");
    expect(health.issues[0]!.latestUpdate!.text).not.toContain('<p>');
    const text = await run(['m365', 'health', ...at()]);
    expect(text.stdout).toMatch(/^Exchange Online: serviceDegradation\n3 open \(2 about mail flow\):/);
    expect(text.stdout).toContain('incident EX900002  [mail flow]  restoringService');
  });

  it('no open issues', async () => {
    route((req) => (req.path.includes('healthOverviews') ? { status: 200, body: { service: 'Exchange Online', status: 'serviceOperational', id: 'Exchange' } } : { status: 200, body: { value: [] } }));
    const run1 = await run(['m365', 'health', ...at()]);
    expect(run1).toMatchObject({ code: 0, stdout: 'Exchange Online: serviceOperational\nNo open incidents or advisories.\n' });
  });

  it('an expired token is one line and exit 2', async () => {
    route(() => null);
    const res = await run(['m365', 'health', ...at()], 'stale-token');
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('maildoctor: the access token has expired: run `maildoctor m365 login` again (or give a new MAILDOCTOR_GRAPH_TOKEN)\n');
  });

  it('a missing permission names it', async () => {
    route(() => ({ status: 403, body: { error: { code: 'UnknownError', message: 'Forbidden' } } }));
    const res = await run(['m365', 'health', ...at()]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('ServiceHealth.Read.All');
  });

  it('without a token or login: one line, exit 2, nothing sent', async () => {
    route(() => null);
    const res = await run(['m365', 'health', ...at()], null);
    expect(res).toMatchObject({ code: 2, stdout: '' });
    expect(res.stderr).toContain('not signed in');
    expect(graph.received).toEqual([]);
  });
});

describe('maildoctor m365 trace pull / detail', () => {
  const received1 = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const received2 = new Date(Date.now() - 11 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const tracePath = '/v1.0/admin/exchange/tracing/messageTraces?';

  function traceRoutes(throttleFirst: boolean): void {
    let throttled = !throttleFirst;
    route((req) => {
      if (req.path.startsWith('/v1.0/admin/exchange/tracing/messageTraces/') && req.path.includes('getDetailsByRecipient')) {
        return { status: 200, body: shape('message-trace-detail', { RECEIVED_1B: received1.replace(/Z$/, '').slice(0, 17) + '59Z', RECEIVED_1: received1 }) };
      }
      if (!req.path.startsWith(tracePath)) return null;
      if (req.path.includes('skiptoken=page2')) return { status: 200, body: shape('message-traces-page-2', { RECEIVED_2: received2 }) };
      if (!throttled && (throttled = true)) return { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'TooManyRequests', message: 'Too many requests' } } };
      const filter = decodeURIComponent(new URL(req.path, graph.url).searchParams.get('$filter') ?? '');
      const start = Date.parse(/receivedDateTime ge (\S+)/.exec(filter)![1]!);
      const end = Date.parse(/receivedDateTime le (\S+)/.exec(filter)![1]!);
      // The window holding received1 answers page 1 (with a link to page 2); the others are empty.
      if (start <= Date.parse(received1) && Date.parse(received1) <= end && !filter.includes('status eq')) {
        return { status: 200, body: shape('message-traces-page-1', { RECEIVED_1: received1, NEXT_LINK: `${graph.url}/v1.0/admin/exchange/tracing/messageTraces?$skiptoken=page2` }) };
      }
      return { status: 200, body: { value: [] } };
    });
  }

  it('pulls 10-day windows with paging and a 429 retry into the store; a second pull adds nothing; `trace query` reads the rows', async () => {
    traceRoutes(true);
    const db = join(dir, 'pull.db');
    const first = await run(['m365', 'trace', 'pull', ...at(), '--since', '12d', '--db', db, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout) as { rows: number; windows: { start: string; end: string }[]; counts: Record<string, number>; retries: number };
    expect(result.windows).toHaveLength(2);
    for (const w of result.windows) expect(Date.parse(w.end) - Date.parse(w.start)).toBeLessThanOrEqual(10 * 86_400_000);
    expect(result.rows).toBe(3);
    expect(result.retries).toBe(1);
    expect(result.counts.imported).toBeGreaterThan(0);
    const filters = graph.received.filter((r) => r.path.startsWith(tracePath) && !r.path.includes('skiptoken')).map((r) => decodeURIComponent(r.path));
    expect(filters[0]).toMatch(/\$filter=receivedDateTime ge \S+Z and receivedDateTime le \S+Z&\$top=5000$/);

    traceRoutes(false);
    const again = JSON.parse((await run(['m365', 'trace', 'pull', ...at(), '--since', '12d', '--db', db, '--json'])).stdout) as { counts: Record<string, number> };
    expect(again.counts).toMatchObject({ imported: 0, updated: 0 });

    const query = await run(['trace', 'query', '--db', db, '--json']);
    const rows = JSON.parse(query.stdout) as { recipient: string; status: string; sender: string }[];
    expect(rows.map((r) => [r.recipient, r.status]).sort()).toEqual([['alice@contoso.example', 'filtered-as-spam'], ['bob@fabrikam.example', 'delivered'], ['carol@fabrikam.example', 'failed']]);
  }, 20_000);

  it('passes --sender, --recipient and --status as Graph filters', async () => {
    traceRoutes(false);
    const res = await run(['m365', 'trace', 'pull', ...at(), '--since', '1d', '--sender', 'Alice@Contoso.example', '--recipient', "o'brien@fabrikam.example", '--status', 'filtered-as-spam', '--db', join(dir, 'f.db'), '--json']);
    expect(res.code).toBe(0);
    const filter = decodeURIComponent(graph.received[0]!.path);
    expect(filter).toContain("senderAddress eq 'alice@contoso.example' and recipientAddress eq 'o''brien@fabrikam.example' and status eq 'filteredAsSpam'");
    expect(JSON.parse(res.stdout)).toMatchObject({ rows: 0 });
  });

  it('refuses spans the API does not keep, and bad options, with exit 2', async () => {
    for (const args of [['--since', '100d', '--until', '95d'], ['--status', 'lost'], ['--since', 'yesterday'], ['--sender', 'nobody']]) {
      const res = await run(['m365', 'trace', 'pull', ...at(), '--db', join(dir, 'x.db'), ...args]);
      expect(res.code).toBe(2);
      expect(res.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
  });

  it('trace detail prints the events and keeps them for `trace message`', async () => {
    traceRoutes(false);
    const db = join(dir, 'pull.db');
    const res = await run(['m365', 'trace', 'detail', ...at(), '4451A062-48CB-E80D-E8C0-196330437AE6', 'carol@fabrikam.example', '--db', db]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Message 4451a062-48cb-e80d-e8c0-196330437ae6 for carol@fabrikam.example: 2 event(s)');
    expect(res.stdout).toContain('550 5.1.1 User unknown');
    expect(decodeURIComponent(graph.received[0]!.path)).toBe("/v1.0/admin/exchange/tracing/messageTraces/4451a062-48cb-e80d-e8c0-196330437ae6/getDetailsByRecipient(recipientAddress='carol@fabrikam.example')");
    const message = await run(['trace', 'message', '4451a062-48cb-e80d-e8c0-196330437ae6', '--db', db, '--json']);
    expect(message.stdout).toContain('User unknown');
  });
});

describe('maildoctor m365 login / logout', () => {
  it('logout removes the login file; a second logout has nothing to remove', async () => {
    const { writeLoginFile, defaultLoginFilePath } = await import('../../src/m365/auth/token-cache-file.js');
    const path = defaultLoginFilePath({ XDG_DATA_HOME: dir });
    writeLoginFile(path, { version: 1, login: { flow: 'device-code', tenant: 'contoso.example', clientId: '11111111-2222-3333-4444-555555555555', cloud: 'global' }, msal: '' });
    expect(await run(['m365', 'logout'])).toMatchObject({ code: 0, stdout: `Signed out: removed ${path}.\n` });
    expect(await run(['m365', 'logout'])).toMatchObject({ code: 0, stdout: 'Not signed in: nothing to remove.\n' });
  });

  it('a login whose tokens cannot be had: one line, exit 2, nothing sent to Graph', async () => {
    const { writeLoginFile, defaultLoginFilePath } = await import('../../src/m365/auth/token-cache-file.js');
    writeLoginFile(defaultLoginFilePath({ XDG_DATA_HOME: dir }), { version: 1, login: { flow: 'device-code', tenant: 'contoso.example', clientId: '11111111-2222-3333-4444-555555555555', cloud: 'global' }, msal: '' });
    route(() => null);
    const res = await run(['m365', 'health', ...at()], null);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('m365 login');
    expect(graph.received).toEqual([]);
    await run(['m365', 'logout']);
  });

  it('usage errors stop before any sign-in', async () => {
    for (const args of [[], ['--tenant', 'contoso.example'], ['--tenant', 'contoso.example', '--client-id', 'not-a-guid'],
      ['--tenant', 'contoso.example', '--client-id', '11111111-2222-3333-4444-555555555555', '--client-secret', '--certificate', 'x.pem'],
      ['--tenant', 'contoso.example', '--client-id', '11111111-2222-3333-4444-555555555555', '--cloud', 'mars'],
      ['--tenant', 'contoso.example', '--client-id', '11111111-2222-3333-4444-555555555555', '--client-secret']]) {
      const res = await run(['m365', 'login', ...args], null);
      expect(res.code).toBe(2);
      expect(res.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
  });
});

describe('maildoctor diagnose, signed in to Microsoft 365', () => {
  it('notes an open Exchange Online mail-flow incident that had begun by the failure, and only that one', async () => {
    const { startDnsFixtureServer } = await import('../helpers/dns-fixture-server.js');
    const dns = await startDnsFixtureServer({ records: {} });
    try {
      const issue = (id: string, start: string, impact: string) => ({ id, title: 'Some messages return NDRs', impactDescription: impact, classification: 'incident', status: 'investigating', service: 'Exchange Online', feature: 'Mailflow - delayed delivery from Internet', featureGroup: 'E-Mail timely delivery', isResolved: false, startDateTime: start, lastModifiedDateTime: start, posts: [] });
      route((req) => {
        if (req.path.endsWith('/healthOverviews/Exchange')) return { status: 200, body: { id: 'Exchange', service: 'Exchange Online', status: 'serviceDegradation' } };
        if (req.path.startsWith('/v1.0/admin/serviceAnnouncement/issues')) return { status: 200, body: { value: [issue('EX800001', '2024-03-14T07:00:00Z', 'Users may get 550 5.1.10 for valid recipients.'), issue('EX800002', '2024-03-20T07:00:00Z', 'Later trouble.')] } };
        return null;
      });
      const example = join(import.meta.dirname, '..', '..', 'examples', 'exo-recipient-not-found.eml');
      const args = ['diagnose', example, '--dns-server', dns.address, '--no-smtp', '--ca-file', graph.caFile, '--json'];
      let stdout = '';
      const code = await runCli(args, {
        stdout: { write: (c: string) => ((stdout += c), true), isTTY: false },
        stderr: { write: () => true, isTTY: false },
        readStdin: () => Buffer.alloc(0),
        env: { NO_COLOR: '1', XDG_DATA_HOME: dir, MAILDOCTOR_GRAPH_TOKEN: 'fixture-token', MAILDOCTOR_GRAPH_URL: graph.url },
      });
      expect(code).toBe(0);
      const notes = (JSON.parse(stdout) as { bounce: { notes: { code: string; message: string; data?: { id: string; namesCode: boolean } }[] } }).bounce.notes.filter((n) => n.code.startsWith('m365.'));
      expect(notes.map((n) => [n.code, n.data?.id, n.data?.namesCode])).toEqual([['m365.service-incident-open', 'EX800001', true]]);
      // Offline: nothing is asked.
      graph.received.length = 0;
      await runCli(['diagnose', example, '--offline'], { stdout: { write: () => true }, stderr: { write: () => true }, readStdin: () => Buffer.alloc(0), env: { MAILDOCTOR_GRAPH_TOKEN: 'fixture-token', MAILDOCTOR_GRAPH_URL: graph.url } });
      expect(graph.received).toEqual([]);
    } finally {
      await dns.close();
    }
  }, 30_000);
});

describe('maildoctor m365 trace pull, failures', () => {
  it('an expired token before any window: one line, exit 2, no output; the service-principal hint for a plain 401', async () => {
    route(() => null);
    const expired = await run(['m365', 'trace', 'pull', ...at(), '--db', join(dir, 'e.db')], 'stale-token');
    expect(expired).toMatchObject({ code: 2, stdout: '' });
    expect(expired.stderr).toContain('has expired');
    graph.answer = () => ({ status: 401, body: { error: { code: 'Unauthorized', message: 'Access denied' } } });
    const denied = await run(['m365', 'trace', 'pull', ...at(), '--db', join(dir, 'e.db')]);
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain('service principal');
  });

  it('a failure after the first window keeps it and says so', async () => {
    let calls = 0;
    route((req) => {
      if (!req.path.startsWith('/v1.0/admin/exchange/tracing/messageTraces?')) return null;
      calls++;
      return calls === 1 ? { status: 200, body: { value: [] } } : { status: 500, body: { error: { code: 'InternalServerError', message: 'Backend failure' } } };
    });
    const res = await run(['m365', 'trace', 'pull', ...at(), '--since', '15d', '--db', join(dir, 'k.db')]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Stopped early: Backend failure.');
    expect(res.stdout).toContain('1 window(s)');
  });
});
