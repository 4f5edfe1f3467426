/**
 * `maildoctor m365 ...` end to end in-process. `config analyze`: the exported tenants of
 * test/fixtures/m365 with the fixture DNS server (--dns-server) and real SMTP servers on
 * loopback (--smtp-port, --ca-file) as smart hosts; --offline; --json; --fail-on; exit codes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DnsZoneFile } from '../../src/io/dns/zone-resolver.js';
import { startDnsFixtureServer, type DnsFixtureServer } from '../helpers/dns-fixture-server.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { startSmtpFixtureServer, type SmtpFixtureServer } from '../helpers/smtp-fixture-server.js';
import { createTestPki, type TestPki } from '../helpers/test-certificates.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'm365');
const files = (tenant: string): string[] => readdirSync(join(FIXTURES, tenant)).sort().map((f) => join(FIXTURES, tenant, f));

interface JsonFinding { code: string; severity: string; ndr: string | null; message: string; subject: { cmdlet: string | null; identity: string | null; file: string }; data?: Record<string, unknown> }
interface JsonReport { verdict: string; live: boolean; missing: string[]; findings: JsonFinding[]; counts: Record<string, number>; checked: { smartHosts: { host: string; probe: { outcome: string } | null }[]; dkim: { name: string; actual: string[] }[] } | null }

let pki: TestPki;
let dns: DnsFixtureServer;
const smtp: Record<string, SmtpFixtureServer> = {};

beforeAll(async () => {
  pki = await createTestPki();
  smtp['contoso'] = await startSmtpFixtureServer({ tls: await pki.leaf(['relay.contoso.example']) });
  smtp['partner'] = await startSmtpFixtureServer({ tls: await pki.leaf(['smtp.partner.example']) });
  dns = await startDnsFixtureServer(JSON.parse(readFileSync(join(FIXTURES, 'tenants.zone.json'), 'utf8')) as DnsZoneFile);
}, 30_000);
afterAll(async () => {
  await Promise.all([dns?.close(), ...Object.values(smtp).map((s) => s.close())]);
});

async function analyze(args: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const run = await runCliCaptured(['m365', 'config', 'analyze', ...args, '--json']);
  return { code: run.code, report: JSON.parse(run.stdout || '{}') as JsonReport, stderr: run.stderr };
}
const live = (server: string, ca = true): string[] => ['--dns-server', dns.address, '--smtp-port', String(smtp[server]!.port), ...(ca ? ['--ca-file', pki.caFile] : [])];

describe('maildoctor m365 config analyze', () => {
  it('a healthy tenant passes: the smart host resolves, answers and meets CertificateValidation; the DKIM CNAMEs are published', async () => {
    const { code, report } = await analyze([...files('healthy'), ...live('contoso'), '--fail-on', 'warn']);
    expect(code).toBe(0);
    expect(report.verdict).toBe('pass');
    expect(report.live).toBe(true);
    // The empty export (no restricted senders) cannot say which cmdlet wrote it.
    expect(report.missing).toEqual(['Get-BlockedSenderAddress']);
    expect(report.findings.map((f) => f.code).sort()).toEqual(['m365.connector-routes-all-to-smarthost', 'm365.connector-smarthost-answers', 'm365.dkim-cnames-published']);
    // The smart host, and the MX of the MX-routed connector's domain (EncryptionOnly: STARTTLS suffices).
    expect(report.checked?.smartHosts.map((h) => [h.host, h.probe?.outcome]).sort()).toEqual([['mx.fabrikam.example', 'completed'], ['relay.contoso.example', 'completed']]);
  });

  it('the same smart host fails CertificateValidation when its CA is not trusted', async () => {
    const { code, report } = await analyze([...files('healthy'), ...live('contoso', false), '--fail-on', 'fail']);
    expect(code).toBe(1);
    const unmet = report.findings.find((f) => f.code === 'm365.connector-tls-unmet');
    expect(unmet).toMatchObject({ severity: 'error', ndr: '4.4.317', subject: { identity: 'Archive relay' } });
    expect(unmet!.message).toContain('does not verify');
  });

  it('a destination without STARTTLS meets neither EncryptionOnly nor CertificateValidation', async () => {
    smtp['plain'] ??= await startSmtpFixtureServer({ tls: null });
    const { report } = await analyze([...files('healthy'), ...live('plain')]);
    const unmet = report.findings.filter((f) => f.code === 'm365.connector-tls-unmet');
    expect(unmet.map((f) => [f.subject.identity, f.data?.['tlsSettings']]).sort()).toEqual([['Archive relay', 'CertificateValidation'], ['Partner fabrikam (MX, TLS)', 'EncryptionOnly']]);
    for (const f of unmet) expect(f.message).toContain('it does not offer STARTTLS');
  });

  it('a misconfigured tenant: unresolvable and unreachable smart hosts, TLS it cannot meet, DKIM CNAMEs missing or wrong', async () => {
    const { code, report } = await analyze([...files('misconfigured'), ...live('partner')]);
    expect(code).toBe(0);
    expect(report.verdict).toBe('fail');
    const by = (c: string) => report.findings.filter((f) => f.code === c);
    expect(by('m365.connector-smarthost-unresolvable')).toMatchObject([{ ndr: '5.4.312', data: { host: 'relay.tailspin.example' } }]);
    expect(by('m365.connector-smarthost-unreachable')).toMatchObject([{ ndr: '4.4.316', data: { host: 'dead.backup.example', address: '127.0.0.2' } }]);
    expect(by('m365.connector-tls-unmet').map((f) => f.subject.identity).sort()).toEqual(['Bank (TLS required)', 'Secure partner']);
    const tls = (name: string) => by('m365.connector-tls-unmet').find((f) => f.subject.identity === name)!.message;
    expect(tls('Secure partner')).toContain('not TlsDomain mail.partner.example');
    // An MX-routed connector: the destination is the recipient domain's MX.
    expect(tls('Bank (TLS required)')).toContain('mx.bank.example (MX of bank.example)');
    expect(tls('Bank (TLS required)')).toContain('not TlsDomain mx.bank.example');
    expect(by('m365.dkim-cname-missing').map((f) => f.data?.['name'])).toEqual(['selector1._domainkey.tailspin.example', 'selector2._domainkey.tailspin.example']);
    expect(by('m365.dkim-cname-mismatch')).toMatchObject([{ data: { name: 'selector1._domainkey.news.tailspin.example', actual: ['selector1-news-tailspin-example._domainkey.tailspin.onmicrosoft.com'] } }]);
    expect(by('m365.rule-rejects-external')).toMatchObject([{ ndr: '5.7.900' }]);
    expect(by('m365.sender-restricted')).toMatchObject([{ ndr: '5.1.8' }]);
    // Errors come first.
    const ranks = report.findings.map((f) => ['error', 'warning', 'info'].indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('--offline: no network, the export\'s own DKIM status; --fail-on warn exits 1', async () => {
    const { code, report } = await analyze([...files('misconfigured'), '--offline', '--fail-on', 'warn']);
    expect(code).toBe(1);
    expect(report.live).toBe(false);
    expect(report.checked).toBeNull();
    expect(report.findings.some((f) => f.code === 'm365.connector-smarthost-unresolvable')).toBe(false);
    expect(report.findings.filter((f) => f.code === 'm365.dkim-cname-missing')).toHaveLength(2);
  });

  it('prints human text with the NDR codes, and no colour off a TTY', async () => {
    const run = await runCliCaptured(['m365', 'config', 'analyze', ...files('misconfigured'), '--offline']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Microsoft 365 mail-flow configuration {2}fail/);
    expect(run.stdout).toContain('ERROR m365.rule-rejects-external  [NDR 5.7.900]');
    expect(run.stdout).toContain('Get-TransportRule "Block mail to competitors"');
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('says which cmdlets were not given', async () => {
    const { report } = await analyze([join(FIXTURES, 'misconfigured', 'rules.json'), '--offline']);
    expect(report.missing).toContain('Get-OutboundConnector');
    expect(report.missing).not.toContain('Get-TransportRule');
  });

  it('usage errors exit 2 with one line', async () => {
    for (const args of [['--fail-on', 'sometimes'], ['--offline', '--dns-server', '127.0.0.1'], []]) {
      const run = await runCliCaptured(['m365', 'config', 'analyze', ...(args.length ? [join(FIXTURES, 'healthy', 'dkim.json')] : []), ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    }
    const missing = await runCliCaptured(['m365', 'config', 'analyze', join(FIXTURES, 'nope.json'), '--offline']);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toMatch(/^maildoctor: cannot read .*nope\.json: ENOENT\n$/);
  });
});
