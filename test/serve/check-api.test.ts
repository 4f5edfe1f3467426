/**
 * The check routes and the private-target guard, against the fixture DNS server, a real SMTP
 * server and the HTTPS fixture server, all on 127.0.0.1. Without --allow-private-targets a
 * domain whose MX or MTA-STS host resolves to 127.0.0.1 or 10.0.0.1 is checked, but nothing
 * connects there: the check reports the finding target.private-address. With the option the
 * same requests reach the fixture servers and answer as `maildoctor check ... --json` does.
 * (The test connectors refuse anything but loopback themselves, so even a broken guard could
 * not send a packet to 10.0.0.1.)
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeZoneFiles, readFixtureZone, startDnsFixtureServer, type DnsFixtureServer } from '../helpers/dns-fixture-server.js';
import { startHttpsFixtureServer, type HttpsFixtureServer } from '../helpers/https-fixture-server.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { createTestApi, type TestApi } from '../helpers/serve-app.js';
import { startSmtpFixtureServer, type SmtpFixtureServer } from '../helpers/smtp-fixture-server.js';
import { createTestPki, type TestPki } from '../helpers/test-certificates.js';

interface Check {
  check: string;
  status: string;
  findings: { code: string; severity: string; message: string; fix: string; ref: string }[];
}
interface Report {
  target: string;
  verdict: string;
  kind: string;
  checks: Check[];
}

let dns: DnsFixtureServer;
let smtp: SmtpFixtureServer;
let https: HttpsFixtureServer;
let pki: TestPki;
/** The test CA of the SMTP fixture; the HTTPS fixture has its own, of the same name, so a run trusts one or the other. */
let smtpCa: string;
let httpsCa: string;

beforeAll(async () => {
  pki = await createTestPki();
  smtp = await startSmtpFixtureServer({ tls: await pki.leaf(['mx.good.example']) });
  https = await startHttpsFixtureServer('mta-sts');
  smtpCa = readFileSync(pki.caFile, 'utf8');
  httpsCa = readFileSync(https.caFile, 'utf8');
  dns = await startDnsFixtureServer(
    mergeZoneFiles([
      readFixtureZone('smtp-loopback'),
      readFixtureZone('mta-sts'),
      {
        records: {
          'inside.example': { MX: [{ priority: 10, exchange: 'mx.inside.example' }], TXT: [['v=spf1 -all']] },
          'mx.inside.example': { A: ['10.0.0.1'] },
        },
      },
    ]),
  );
}, 30_000);
afterAll(async () => {
  await Promise.all([dns?.close(), smtp?.close(), https?.close()]);
});

async function withApi(allowPrivateTargets: boolean, run: (api: TestApi) => Promise<void>, extra: Parameters<typeof createTestApi>[0] = {}): Promise<void> {
  const api = await createTestApi({ allowPrivateTargets, dnsServers: [dns.address], smtpPort: smtp.port, httpsPort: https.port, ca: smtpCa, checkTimeoutMs: 10_000, ...extra });
  try {
    await run(api);
  } finally {
    await api.close();
  }
}

async function check(api: TestApi, kind: string, body: object): Promise<{ status: number; report: Report }> {
  const response = await api.app.inject({ method: 'POST', url: `/api/check/${kind}`, payload: body });
  return { status: response.statusCode, report: JSON.parse(response.body) as Report };
}

const byName = (report: Report, name: string): Check => report.checks.find((c) => c.check === name)!;
const codes = (report: Report, name: string): string[] => byName(report, name).findings.map((f) => f.code);
const shape = (report: Report) => ({ target: report.target, verdict: report.verdict, checks: report.checks.map((c) => ({ check: c.check, status: c.status, codes: c.findings.map((f) => f.code) })) });

describe('the private-target guard of the live checks', () => {
  it('an MX that resolves to 127.0.0.1 is not probed without --allow-private-targets: target.private-address', async () => {
    const before = smtp.commands.length;
    await withApi(false, async (api) => {
      const { status, report } = await check(api, 'domain', { domain: 'good.example' });
      expect(status).toBe(200);
      expect(byName(report, 'smtp').status).toBe('fail');
      expect(codes(report, 'smtp')).toContain('target.private-address');
      const found = byName(report, 'smtp').findings.find((f) => f.code === 'target.private-address')!;
      expect(found).toMatchObject({ severity: 'error' });
      expect(found.message).toBe('Not connected to mx.good.example [127.0.0.1]: that is a loopback address, and this server does not connect to internal addresses.');
      expect(found.fix).toContain('--allow-private-targets');
      expect(api.connections).toEqual([]);
    });
    expect(smtp.commands.length).toBe(before);
  });

  it('an MX whose DNS answer is 10.0.0.1 is refused without the option; with it the guard lets it through to the connector', async () => {
    await withApi(false, async (api) => {
      const { report } = await check(api, 'domain', { domain: 'inside.example' });
      expect(codes(report, 'smtp')).toContain('target.private-address');
      expect(byName(report, 'smtp').findings.find((f) => f.code === 'target.private-address')!.message).toContain('[10.0.0.1]: that is a private address');
      expect(api.connections).toEqual([]);
    });
    await withApi(true, async (api) => {
      const { report } = await check(api, 'domain', { domain: 'inside.example' });
      expect(codes(report, 'smtp')).not.toContain('target.private-address');
      expect(api.connections).toEqual([`smtp 10.0.0.1:${smtp.port}`]);
    });
  });

  it('with --allow-private-targets the MX on 127.0.0.1 is probed, and the report is the CLI\'s', async () => {
    await withApi(true, async (api) => {
      const { status, report } = await check(api, 'domain', { domain: 'good.example' });
      expect(status).toBe(200);
      expect(byName(report, 'smtp')).toMatchObject({ status: 'pass' });
      expect(api.connections).toEqual([`smtp 127.0.0.1:${smtp.port}`]);
      const cli = await runCliCaptured(['check', 'domain', 'good.example', '--json', '--dns-server', dns.address, '--smtp-port', String(smtp.port), '--ca-file', pki.caFile]);
      expect(shape(report)).toEqual(shape(JSON.parse(cli.stdout) as Report));
    });
  });

  it('the MTA-STS policy host on 127.0.0.1 is not fetched without the option; with it the policy is read', async () => {
    const before = https.received.length;
    await withApi(false, async (api) => {
      const { report } = await check(api, 'domain', { domain: 'sts-good.example', smtp: false });
      expect(codes(report, 'mtasts')).toEqual(['mtasts.policy-unreachable', 'target.private-address']);
      expect(byName(report, 'smtp').status).toBe('none');
    });
    expect(https.received.length).toBe(before);
    await withApi(true, async (api) => {
      const { report } = await check(api, 'domain', { domain: 'sts-good.example', smtp: false });
      expect(byName(report, 'mtasts')).toMatchObject({ status: 'pass', findings: [] });
      expect(api.connections).toEqual([`https 127.0.0.1:${https.port}`]);
    }, { ca: httpsCa });
  });

  it('targets named in the request that are internal are refused with 422 before anything is asked', async () => {
    await withApi(false, async (api) => {
      const refused: [string, object, string][] = [
        ['ip', { ip: '10.0.0.1' }, '10.0.0.1 is a private address'],
        ['ip', { ip: '127.0.0.1' }, 'loopback'],
        ['ip', { ip: '169.254.169.254' }, 'link-local'],
        ['ip', { ip: '100.64.0.1' }, 'shared'],
        ['ip', { ip: '::ffff:10.0.0.1' }, 'private'],
        ['ip', { ip: 'fd00::1' }, 'private'],
        ['ip', { ip: '203.0.113.5' }, 'documentation'],
        ['domain', { domain: 'mail.corp.internal' }, 'under .internal'],
        ['domain', { domain: 'printer.local' }, 'under .local'],
        ['domain', { domain: 'router.home.arpa' }, 'under .home.arpa'],
        ['path', { from: 'a@good.example', to: 'b@good.example', ip: '192.168.1.10' }, '192.168.1.10 is a private address'],
        ['path', { from: 'a@good.example', to: 'b@nas.lan' }, 'under .lan'],
      ];
      const queriesBefore = dns.received.length;
      for (const [kind, body, detail] of refused) {
        const response = await api.app.inject({ method: 'POST', url: `/api/check/${kind}`, payload: body });
        expect(response.statusCode, JSON.stringify(body)).toBe(422);
        const problem = JSON.parse(response.body) as { code: string; detail: string };
        expect(problem.code).toBe('private-target');
        expect(problem.detail).toContain(detail);
      }
      expect(dns.received.length).toBe(queriesBefore);
    });
  });

  it('with the option, an IP target is checked (reverse DNS and blocklists) as by `check ip`', async () => {
    await withApi(true, async (api) => {
      const { status, report } = await check(api, 'ip', { ip: '203.0.113.5' });
      expect(status).toBe(200);
      expect(report).toMatchObject({ kind: 'ip', target: '203.0.113.5' });
      expect(report.checks.map((c) => c.check)).toEqual(expect.arrayContaining(['ptr', 'dnsbl']));
      const cli = await runCliCaptured(['check', 'ip', '203.0.113.5', '--json', '--dns-server', dns.address]);
      expect(shape(report)).toEqual(shape(JSON.parse(cli.stdout) as Report));
    });
  });
});

describe('the check routes', () => {
  it('check path: both ends, as `maildoctor check path --json`', async () => {
    await withApi(true, async (api) => {
      const { status, report } = await check(api, 'path', { from: 'alice@good.example', to: 'bob@sts-good.example', smtp: false });
      expect(status).toBe(200);
      expect(report.target).toBe('alice@good.example -> bob@sts-good.example');
      const cli = await runCliCaptured(['check', 'path', '--from', 'alice@good.example', '--to', 'bob@sts-good.example', '--no-smtp', '--json', '--dns-server', dns.address, '--https-port', String(https.port), '--ca-file', https.caFile]);
      expect(shape(report)).toEqual(shape(JSON.parse(cli.stdout) as Report));
    }, { ca: httpsCa });
  });

  it('a server started with --no-smtp never probes, whatever the request asks', async () => {
    await withApi(true, async (api) => {
      const { report } = await check(api, 'domain', { domain: 'good.example', smtp: true });
      expect(byName(report, 'smtp')).toMatchObject({ status: 'none', findings: [{ code: 'smtp.skipped' }] });
      expect(api.connections).toEqual([]);
    }, { smtp: false });
  });

  it('bad input: 400 with the field, or the blocklist that is not known', async () => {
    await withApi(true, async (api) => {
      const cases: [string, object, string][] = [
        ['domain', { domain: 'not a domain' }, 'body.domain'],
        ['domain', { domain: 'example.com', selectors: 'selector1' }, 'body.selectors'],
        ['path', { from: 'alice', to: 'bob@example.com' }, 'body.from'],
        ['path', { from: 'alice@example.com', to: 'bob@example.com', ip: '999.1.1.1' }, 'body.ip'],
        ['ip', { ip: 'example.com' }, 'body.ip'],
      ];
      for (const [kind, body, field] of cases) {
        const response = await api.app.inject({ method: 'POST', url: `/api/check/${kind}`, payload: body });
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(JSON.parse(response.body)).toMatchObject({ code: 'validation', errors: [expect.objectContaining({ field })] });
      }
      const unknown = await api.app.inject({ method: 'POST', url: '/api/check/ip', payload: { ip: '203.0.113.5', blocklists: ['no-such-list'] } });
      expect(JSON.parse(unknown.body)).toMatchObject({ status: 400, code: 'bad-request' });
      expect(JSON.parse(unknown.body).detail).toContain('unknown blocklist "no-such-list"');
    });
  });
});
