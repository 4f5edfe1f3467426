/**
 * `maildoctor check` end to end, in-process, against the fixture DNS server on 127.0.0.1
 * (or a --replay file): JSON shape, exit codes, record and replay, usage errors.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_DNS_DIR, startDnsFixtureServer, type DnsFixtureServer } from '../helpers/dns-fixture-server.js';
import { startHttpsFixtureServer } from '../helpers/https-fixture-server.js';
import { runCliCaptured } from '../helpers/run-cli.js';

interface JsonReport {
  target: string;
  resolver: string;
  verdict: string;
  at: string;
  checks: { check: string; status: string; findings: Record<string, string>[]; data: unknown }[];
  queries: { name: string; type: string; rcode: string; records: unknown[]; authenticated: boolean | null }[];
}

const servers = new Map<string, DnsFixtureServer>();
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'maildoctor-check-'));
  for (const scenario of ['healthy-m365', 'spf-over-limit', 'missing-dmarc', 'dnsbl-listed', 'servfail']) {
    servers.set(scenario, await startDnsFixtureServer(scenario));
  }
});
afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.close()));
});

const dns = (scenario: string): string[] => ['--dns-server', servers.get(scenario)!.address];

async function json(args: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const run = await runCliCaptured([...args, '--json']);
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
}

const findingCodes = (report: JsonReport): string[] => report.checks.flatMap((c) => c.findings.map((f) => f.code ?? ''));

describe('maildoctor check domain', () => {
  it('prints the documented JSON shape and exits 0', async () => {
    const { code, report } = await json(['check', 'domain', 'Contoso.Example.', ...dns('healthy-m365'), '--no-smtp']);
    expect(code).toBe(0);
    expect(Object.keys(report).slice(0, 2)).toEqual(['target', 'verdict']);
    expect(report).toMatchObject({ target: 'contoso.example', verdict: 'pass', resolver: servers.get('healthy-m365')!.address });
    expect(report.checks.map((c) => c.check)).toEqual(['resolver', 'mx', 'spf', 'dmarc', 'dkim', 'mtasts', 'tlsrpt', 'dnsbl-domain', 'smtp', 'dane']);
    for (const check of report.checks) {
      expect(Object.keys(check)).toEqual(['check', 'status', 'findings', 'data']);
      for (const f of check.findings) expect(Object.keys(f)).toEqual(['code', 'severity', 'message', 'fix', 'ref']);
    }
    expect(report.queries).toContainEqual(expect.objectContaining({ name: 'contoso.example', type: 'MX', rcode: 'NOERROR' }));
    expect(report.queries.every((q) => q.authenticated === null)).toBe(true);
  });

  it('human text starts with the verdict', async () => {
    const run = await runCliCaptured(['check', 'domain', 'fabrikam.example', ...dns('spf-over-limit'), '--no-smtp']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('fabrikam.example: FAIL (1 error, 1 warning)');
    expect(run.stdout).toContain('spf.too-many-lookups');
    expect(run.stdout).toContain('DNS lookups: 12 (limit 10)');
  });

  it('exits 1 only with --fail-on reached', async () => {
    expect((await runCliCaptured(['check', 'domain', 'fabrikam.example', ...dns('spf-over-limit'), '--no-smtp', '--fail-on', 'fail'])).code).toBe(1);
    expect((await runCliCaptured(['check', 'domain', 'tailspin.example', ...dns('missing-dmarc'), '--no-smtp', '--fail-on', 'fail'])).code).toBe(0);
    expect((await runCliCaptured(['check', 'domain', 'tailspin.example', ...dns('missing-dmarc'), '--no-smtp', '--fail-on', 'warn'])).code).toBe(1);
    expect((await runCliCaptured(['check', 'domain', 'tailspin.example', ...dns('missing-dmarc'), '--no-smtp'])).code).toBe(0);
  });

  it('a SERVFAIL resolver: exit 0, inconclusive, never mx.none', async () => {
    const { code, report } = await json(['check', 'domain', 'contoso.example', ...dns('servfail'), '--no-smtp']);
    expect(code).toBe(0);
    expect(report.verdict).toBe('inconclusive');
    expect(findingCodes(report)).not.toContain('mx.none');
    expect(findingCodes(report)).toContain('dns.resolver-failing');
  });

  it('--record then --replay gives the same report, finding for finding, with no network', async () => {
    const file = join(dir, 'fabrikam.json');
    const recorded = await json(['check', 'domain', 'fabrikam.example', ...dns('spf-over-limit'), '--no-smtp', '--selector', 'mail2024', '--record', file]);
    const recording = JSON.parse(readFileSync(file, 'utf8')) as { format: string; version: number; recordedAt: string; target: unknown; dns: unknown[] };
    expect(recording).toMatchObject({ format: 'maildoctor-check-recording', version: 1, recordedAt: recorded.report.at, target: { kind: 'domain', name: 'fabrikam.example', options: { selectors: ['mail2024'] } } });
    expect(recording.dns.length).toBe(recorded.report.queries.length);
    const replayed = await json(['check', 'domain', 'fabrikam.example', '--replay', file]);
    expect(replayed.code).toBe(0);
    const shape = (r: JsonReport) => ({ verdict: r.verdict, at: r.at, checks: r.checks.filter((c) => c.check !== 'resolver').map((c) => ({ check: c.check, status: c.status, findings: c.findings, data: c.data })) });
    expect(shape(replayed.report)).toEqual(shape(recorded.report));
    // Parallel questions may be asked in another order; the questions and answers are the same.
    const questions = (r: JsonReport) => r.queries.map((q) => JSON.stringify([q.name, q.type, q.rcode, q.records])).sort();
    expect(questions(replayed.report)).toEqual(questions(recorded.report));
    expect(findingCodes(replayed.report)).toContain('dkim.key-missing');
  });

  it('usage errors exit 2 with one line and no stack trace', async () => {
    const cases: string[][] = [
      ['check', 'domain', 'not a domain'],
      ['check', 'domain', 'example.com', '--fail-on', 'sometimes'],
      ['check', 'domain', 'example.com', '--timeout', 'soon'],
      ['check', 'domain', 'example.com', '--dns-server', 'dns.example.com'],
      ['check', 'domain', 'example.com', '--record', join(dir, 'a.json'), '--replay', join(dir, 'b.json')],
      ['check', 'domain', 'example.com', '--replay', join(dir, 'missing.json')],
      ['check', 'ip', '300.1.2.3'],
      ['check', 'ip', '192.0.2.1', '--blocklist', 'nosuchlist'],
    ];
    for (const args of cases) {
      const run = await runCliCaptured(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe('');
    }
  });

  it('a replay file of another target or of bad shape is a usage error', async () => {
    const file = join(dir, 'contoso.json');
    await runCliCaptured(['check', 'domain', 'contoso.example', ...dns('healthy-m365'), '--no-smtp', '--record', file]);
    const other = await runCliCaptured(['check', 'domain', 'fabrikam.example', '--replay', file]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('records "check domain contoso.example"');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format":"something else"}');
    expect((await runCliCaptured(['check', 'domain', 'contoso.example', '--replay', bad])).code).toBe(2);
  });
});

describe('maildoctor check ip', () => {
  it('a listed IP: exit 0, listed on the fixture answers of the default lists', async () => {
    const { code, report } = await json(['check', 'ip', '192.0.2.99', ...dns('dnsbl-listed')]);
    expect(code).toBe(0);
    expect(report.verdict).toBe('fail');
    expect(report.checks.map((c) => [c.check, c.status])).toEqual([
      ['resolver', 'pass'],
      ['ptr', 'warn'],
      ['dnsbl', 'fail'],
    ]);
    expect(findingCodes(report).filter((c) => c === 'dnsbl.listed')).toHaveLength(2);
  });

  it('--blocklist-file and --blocklist choose the lists; replay keeps them', async () => {
    const listsFile = join(FIXTURE_DNS_DIR, 'fixture-blocklists.json');
    const record = join(dir, 'ip.json');
    const { report } = await json(['check', 'ip', '192.0.2.99', ...dns('dnsbl-listed'), '--blocklist-file', listsFile, '--record', record]);
    expect(report.checks.find((c) => c.check === 'dnsbl')?.data).toMatchObject({ listed: ['fixture-bl'] });
    const replayed = await json(['check', 'ip', '192.0.2.99', '--replay', record]);
    expect(replayed.report.checks.find((c) => c.check === 'dnsbl')?.data).toMatchObject({ listed: ['fixture-bl'] });
    const only = await json(['check', 'ip', '192.0.2.99', ...dns('dnsbl-listed'), '--blocklist', 'spamcop']);
    expect((only.report.checks.find((c) => c.check === 'dnsbl')?.data as { results: unknown[] }).results).toHaveLength(1);
  });
});

describe('maildoctor check domain: domain blocklists', () => {
  const listsFile = join(FIXTURE_DNS_DIR, 'fixture-blocklists.json');
  const dnsblDomain = (report: JsonReport) => report.checks.find((c) => c.check === 'dnsbl-domain');

  it('a listed domain: dnsbl.listed on the fixture domain list; an unlisted one passes', async () => {
    const listed = await json(['check', 'domain', 'adatum.example', ...dns('dnsbl-listed'), '--no-smtp', '--blocklist-file', listsFile]);
    expect(listed.code).toBe(0);
    expect(listed.report.verdict).toBe('fail');
    expect(dnsblDomain(listed.report)).toMatchObject({ status: 'fail', data: { subject: 'adatum.example', listed: ['fixture-dbl'] } });
    expect(dnsblDomain(listed.report)!.findings.map((f) => f.code)).toEqual(['dnsbl.listed']);
    expect(listed.report.queries).toContainEqual(expect.objectContaining({ name: 'adatum.example.dbl.fixture.example', type: 'A' }));
    expect(listed.report.queries.map((q) => q.name)).not.toContain('adatum.example.bl.fixture.example');
    const clean = await json(['check', 'domain', 'contoso.example', ...dns('dnsbl-listed'), '--no-smtp', '--blocklist-file', listsFile]);
    expect(dnsblDomain(clean.report)).toMatchObject({ status: 'pass', findings: [], data: { listed: [], unchecked: [] } });
  });

  it('a refusal code is "not checked", never clean; --blocklist selects; IP lists alone mean no domain check', async () => {
    const refused = await json(['check', 'domain', 'tailspin.example', ...dns('dnsbl-listed'), '--no-smtp', '--blocklist-file', listsFile, '--blocklist', 'fixture-dbl']);
    expect(dnsblDomain(refused.report)).toMatchObject({ status: 'temperror', data: { listed: [], unchecked: ['fixture-dbl'] } });
    expect(dnsblDomain(refused.report)!.findings.map((f) => f.code)).toEqual(['dnsbl.refused']);
    const ipOnly = await json(['check', 'domain', 'adatum.example', ...dns('dnsbl-listed'), '--no-smtp', '--blocklist', 'spamcop']);
    expect(dnsblDomain(ipOnly.report)).toBeUndefined();
    const defaults = await json(['check', 'domain', 'adatum.example', ...dns('dnsbl-listed'), '--no-smtp']);
    expect((dnsblDomain(defaults.report)!.data as { results: { list: string }[] }).results.map((r) => r.list)).toEqual(['spamhaus-dbl', 'surbl', 'uribl']);
  });

  it('--record keeps the lists and --replay uses them', async () => {
    const file = join(dir, 'domain-dbl.json');
    const recorded = await json(['check', 'domain', 'adatum.example', ...dns('dnsbl-listed'), '--no-smtp', '--blocklist-file', listsFile, '--record', file]);
    const replayed = await json(['check', 'domain', 'adatum.example', '--replay', file]);
    expect(dnsblDomain(replayed.report)).toEqual(dnsblDomain(recorded.report));
    const refused = await runCliCaptured(['check', 'domain', 'adatum.example', '--replay', file, '--blocklist', 'all']);
    expect(refused.code).toBe(2);
  });
});

describe('maildoctor check domain: MTA-STS and TLS-RPT', () => {
  it('reaches the policy on --https-port with --ca-file; --record keeps the fetch; --replay gives the same report', async () => {
    const web = await startHttpsFixtureServer('mta-sts');
    const sts = await startDnsFixtureServer('mta-sts');
    try {
      const https = ['--https-port', String(web.port), '--ca-file', web.caFile];
      const file = join(dir, 'sts-mismatch.json');
      const recorded = await json(['check', 'domain', 'sts-mismatch.example', '--dns-server', sts.address, '--no-smtp', ...https, '--record', file]);
      expect(recorded.code).toBe(0);
      const byName = (r: JsonReport, name: string) => r.checks.find((c) => c.check === name)!;
      expect(byName(recorded.report, 'mtasts')).toMatchObject({ status: 'fail', findings: [{ code: 'mtasts.mx-mismatch', severity: 'error' }] });
      expect(byName(recorded.report, 'tlsrpt')).toMatchObject({ status: 'none', findings: [{ code: 'tlsrpt.none', severity: 'info' }] });
      const recording = JSON.parse(readFileSync(file, 'utf8')) as { version: number; https: { version: number; fetches: { url: string; ok: boolean; status: number }[] } };
      expect(recording.version).toBe(1);
      expect(recording.https).toMatchObject({ version: 1, fetches: [{ url: 'https://mta-sts.sts-mismatch.example/.well-known/mta-sts.txt', ok: true, status: 200 }] });
      await web.close();
      const replayed = await json(['check', 'domain', 'sts-mismatch.example', '--replay', file]);
      const shape = (r: JsonReport) => ({ verdict: r.verdict, at: r.at, checks: r.checks.filter((c) => c.check !== 'resolver').map((c) => ({ check: c.check, status: c.status, findings: c.findings, data: c.data })) });
      expect(shape(replayed.report)).toEqual(shape(recorded.report));
      const text = await runCliCaptured(['check', 'domain', 'sts-mismatch.example', '--replay', file]);
      expect(text.stdout).toContain('MTA-STS  fail');
      expect(text.stdout).toContain('MX mail.sts-mismatch.example: matches NO pattern');
    } finally {
      await Promise.all([web.close(), sts.close()]);
    }
  });

  it('a recording without an https section still replays (the fetch is reported as not recorded)', async () => {
    const sts = await startDnsFixtureServer('mta-sts');
    try {
      const file = join(dir, 'sts-good.json');
      await runCliCaptured(['check', 'domain', 'sts-good.example', '--dns-server', sts.address, '--no-smtp', '--https-port', '1', '--record', file]);
      const recording = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      delete recording['https'];
      writeFileSync(file, JSON.stringify(recording));
      const replayed = await json(['check', 'domain', 'sts-good.example', '--replay', file]);
      expect(replayed.code).toBe(0);
      const mtasts = replayed.report.checks.find((c) => c.check === 'mtasts')!;
      expect(mtasts.findings.map((f) => f.code)).toEqual(['mtasts.policy-unreachable']);
      expect(mtasts.findings[0]!['message']).toContain('not-recorded');
    } finally {
      await sts.close();
    }
  });

  it('usage errors for the HTTPS options', async () => {
    const cases: string[][] = [
      ['check', 'domain', 'example.com', '--https-port', '0'],
      ['check', 'domain', 'example.com', '--https-port', 'https'],
      ['check', 'domain', 'example.com', '--ca-file', join(dir, 'no-such-ca.pem')],
      ['check', 'domain', 'example.com', '--replay', join(dir, 'x.json'), '--https-port', '8443'],
    ];
    for (const args of cases) {
      const run = await runCliCaptured(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});
