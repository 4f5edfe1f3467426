/**
 * `maildoctor check path` end to end, in-process, against the fixture DNS server on 127.0.0.1
 * (test/fixtures/dns/check-path.zone.json), always with --no-smtp so nothing leaves loopback.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_DNS_DIR, startDnsFixtureServer, type DnsFixtureServer } from '../helpers/dns-fixture-server.js';
import { runCliCaptured } from '../helpers/run-cli.js';

interface JsonCheck {
  check: string;
  status: string;
  findings: { code: string; severity: string; message: string }[];
  data: Record<string, unknown> | null;
}
interface JsonReport {
  target: string;
  verdict: string;
  kind: string;
  checks: JsonCheck[];
}

let server: DnsFixtureServer;
let dir = '';
beforeAll(async () => {
  server = await startDnsFixtureServer('check-path');
  dir = mkdtempSync(join(tmpdir(), 'maildoctor-path-'));
});
afterAll(async () => {
  await server.close();
});

const PATH = ['check', 'path', '--from', 'Alice@Contoso.Example', '--to', 'bob@fabrikam.example'];

async function json(extra: string[]): Promise<{ code: number; report: JsonReport }> {
  const run = await runCliCaptured([...PATH, '--dns-server', server.address, '--no-smtp', ...extra, '--json']);
  expect(run.stderr).toBe('');
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport };
}
const byName = (r: JsonReport, name: string): JsonCheck => r.checks.find((c) => c.check === name)!;
const codes = (c: JsonCheck): string[] => c.findings.map((f) => f.code);

describe('maildoctor check path', () => {
  it('an IP inside the SPF range: SPF pass, aligned DMARC pass, the IP checked; JSON shaped like check domain', async () => {
    const { code, report } = await json(['--ip', '192.0.2.25', '--helo', 'mail.contoso.example']);
    expect(code).toBe(0);
    expect(Object.keys(report).slice(0, 3)).toEqual(['target', 'verdict', 'kind']);
    expect(report).toMatchObject({ target: 'Alice@contoso.example -> bob@fabrikam.example', kind: 'path' });
    expect(report.checks.map((c) => c.check)).toEqual(['resolver', 'spf', 'dmarc', 'dkim', 'dnsbl-domain', 'alignment', 'mx', 'mtasts', 'tlsrpt', 'smtp', 'dane', 'ptr', 'dnsbl']);
    for (const check of report.checks) expect(Object.keys(check)).toEqual(['check', 'status', 'findings', 'data']);
    expect(byName(report, 'spf')).toMatchObject({ status: 'pass', data: { domain: 'contoso.example', evaluation: { ip: '192.0.2.25', result: 'pass', matched: { term: 'ip4:192.0.2.0/24' } } } });
    expect(codes(byName(report, 'spf'))).toContain('spf.pass-for-ip');
    expect(byName(report, 'alignment')).toMatchObject({ status: 'pass', data: { result: 'pass', policy: 'reject', spf: { domain: 'contoso.example', alignment: 'strict', aligned: true, pass: true } } });
    expect(codes(byName(report, 'alignment'))).toEqual(['dmarc.aligned-pass']);
    expect(byName(report, 'mx')).toMatchObject({ status: 'pass', data: { domain: 'fabrikam.example' } });
    expect(byName(report, 'tlsrpt').status).toBe('pass');
    expect(byName(report, 'ptr').status).toBe('pass');
    expect(byName(report, 'dnsbl').status).toBe('pass');
    expect(byName(report, 'dnsbl-domain')).toMatchObject({ status: 'pass', data: { subject: 'contoso.example', listed: [] } });
  });

  it('the From domain against the domain blocklists: listed on the fixture list; --blocklist selects', async () => {
    const listsFile = join(FIXTURE_DNS_DIR, 'fixture-blocklists.json');
    const { code, report } = await json(['--ip', '192.0.2.25', '--blocklist-file', listsFile]);
    expect(code).toBe(0);
    expect(report.verdict).toBe('fail');
    expect(byName(report, 'dnsbl-domain')).toMatchObject({ status: 'fail', data: { subject: 'contoso.example', listed: ['fixture-dbl'] } });
    expect(codes(byName(report, 'dnsbl-domain'))).toEqual(['dnsbl.listed']);
    expect(byName(report, 'dnsbl')).toMatchObject({ status: 'pass', data: { subject: '192.0.2.25', listed: [] } });
    const noIp = await json(['--blocklist-file', listsFile, '--blocklist', 'fixture-dbl']);
    expect(byName(noIp.report, 'dnsbl-domain').status).toBe('fail');
    expect(noIp.report.checks.map((c) => c.check)).not.toContain('dnsbl');
    const ipOnly = await json(['--ip', '192.0.2.25', '--blocklist', 'spamcop']);
    expect(ipOnly.report.checks.map((c) => c.check)).not.toContain('dnsbl-domain');
    expect((byName(ipOnly.report, 'dnsbl').data as { results: unknown[] }).results).toHaveLength(1);
  });

  it('a failed DMARC lookup: the alignment says the policy is unknown (temperror), not "no DMARC record"', async () => {
    const run = await runCliCaptured(['check', 'path', '--from', 'alice@dmarcfail.example', '--to', 'bob@fabrikam.example', '--dns-server', server.address, '--no-smtp', '--ip', '203.0.113.5', '--json']);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(byName(report, 'dmarc').status).toBe('temperror');
    const alignment = byName(report, 'alignment');
    expect(alignment).toMatchObject({ status: 'temperror', data: { result: 'fail', policy: null, policyUnknown: true } });
    expect(codes(alignment)).toEqual(['dmarc.unaligned-policy-unknown']);
    expect(alignment.findings[0]!.message).toContain('unknown (temperror');
    expect(alignment.findings[0]!.message).not.toContain('no DMARC record');
  });

  it('an IP outside: spf.fail-for-ip, and DMARC fails with the policy p=reject', async () => {
    const { code, report } = await json(['--ip', '203.0.113.5']);
    expect(code).toBe(0);
    expect(report.verdict).toBe('fail');
    expect(byName(report, 'spf')).toMatchObject({ status: 'fail', data: { evaluation: { result: 'fail', matched: { term: '-all' } } } });
    expect(codes(byName(report, 'spf'))).toContain('spf.fail-for-ip');
    const alignment = byName(report, 'alignment');
    expect(alignment).toMatchObject({ status: 'fail', data: { result: 'fail', policy: 'reject' } });
    expect(alignment.findings).toEqual([expect.objectContaining({ code: 'dmarc.unaligned', severity: 'error' })]);
    expect(alignment.findings[0]!.message).toContain('p=reject');
    expect(alignment.findings[0]!.message).toContain('SPF gives fail for 203.0.113.5');
    expect(codes(byName(report, 'ptr'))).toContain('ptr.missing');
    expect((await runCliCaptured([...PATH, '--dns-server', server.address, '--no-smtp', '--ip', '203.0.113.5', '--fail-on', 'fail'])).code).toBe(1);
  });

  it('no --ip: the ranges the SPF tree allows are listed and evaluated; no IP checks', async () => {
    const { report } = await json([]);
    expect(report.checks.map((c) => c.check)).not.toContain('ptr');
    expect(report.checks.map((c) => c.check)).not.toContain('dnsbl');
    const ranges = (byName(report, 'spf').data as { ranges: { ranges: { range: string; domain: string; term: string; result: string }[] } }).ranges.ranges;
    expect(ranges.map((r) => [r.range, r.domain, r.term, r.result])).toEqual([
      ['192.0.2.0/24', 'contoso.example', 'ip4:192.0.2.0/24', 'pass'],
      ['2001:db8:25::/48', '_spf.contoso.example', 'ip6:2001:db8:25::/48', 'pass'],
      ['198.51.100.25/32', '_spf.contoso.example', 'a:out.contoso.example', 'pass'],
    ]);
    expect(byName(report, 'alignment')).toMatchObject({ status: 'pass', data: { result: 'pass', spf: { ip: null, passingRanges: ['192.0.2.0/24', '2001:db8:25::/48', '198.51.100.25/32'] } } });
    const text = await runCliCaptured([...PATH, '--dns-server', server.address, '--no-smtp']);
    expect(text.stdout.split('\n')[0]).toBe('Alice@contoso.example -> bob@fabrikam.example: WARN (0 errors, 1 warning)');
    expect(text.stdout).toContain('SPF (contoso.example)  pass');
    expect(text.stdout).toContain('  192.0.2.0/24: pass (ip4:192.0.2.0/24 in contoso.example)');
    expect(text.stdout).toContain('MX (fabrikam.example)  pass');
  });

  it('--dkim-signature-from: its selectors are checked and its d= aligned', async () => {
    const message = join(dir, 'signed.eml');
    writeFileSync(
      message,
      [
        'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=contoso.example; s=s2024;',
        '\th=from:to:subject; bh=abc=; b=def=',
        'DKIM-Signature: v=1; a=rsa-sha256; d=mailer.example; s=k1; h=from; bh=abc=; b=def=',
        'From: Alice <alice@contoso.example>',
        'To: bob@fabrikam.example',
        'Subject: hello',
        'Date: Mon, 2 Mar 2026 10:00:00 +0000',
        'Message-ID: <1@contoso.example>',
        '',
        'Hello.',
        '',
      ].join('\r\n'),
    );
    const { report } = await json(['--ip', '203.0.113.5', '--dkim-signature-from', message]);
    const dkim = byName(report, 'dkim');
    expect(dkim.status).toBe('pass');
    expect((dkim.data as { selectors: { selector: string; origin: string; status: string }[] }).selectors[0]).toMatchObject({ selector: 's2024', origin: 'user', status: 'valid' });
    const alignment = byName(report, 'alignment');
    expect(alignment).toMatchObject({ status: 'warn', data: { result: 'pass-with-dkim' } });
    expect(codes(alignment)).toEqual(['dmarc.dkim-only']);
    expect(alignment.data!['dkim']).toEqual([
      expect.objectContaining({ domain: 'contoso.example', selector: 's2024', source: 'signature', key: 'valid', alignment: 'strict', usable: true }),
      expect.objectContaining({ domain: 'mailer.example', selector: 'k1', source: 'signature', key: 'valid', alignment: 'none', aligned: false, usable: false }),
    ]);
  });

  it('--record then --replay gives the same report', async () => {
    const file = join(dir, 'path.json');
    const recorded = await json(['--ip', '203.0.113.5', '--record', file]);
    const replay = await runCliCaptured([...PATH, '--replay', file, '--json']);
    expect(replay.code).toBe(0);
    const shape = (r: JsonReport) => r.checks.filter((c) => c.check !== 'resolver').map((c) => ({ check: c.check, status: c.status, findings: c.findings, data: c.data }));
    expect(shape(JSON.parse(replay.stdout) as JsonReport)).toEqual(shape(recorded.report));
  });

  it('usage errors exit 2 with one line', async () => {
    const noSig = join(dir, 'unsigned.eml');
    writeFileSync(noSig, 'From: alice@contoso.example\r\nSubject: x\r\n\r\nHello.\r\n');
    const cases: string[][] = [
      ['check', 'path', '--to', 'bob@fabrikam.example'],
      ['check', 'path', '--from', 'alice@contoso.example'],
      ['check', 'path', '--from', 'alice', '--to', 'bob@fabrikam.example'],
      ['check', 'path', '--from', 'alice@contoso.example', '--to', 'bob@not a domain'],
      ['check', 'path', '--from', 'alice@contoso.example', '--to', 'bob@fabrikam.example', '--ip', '300.1.2.3'],
      ['check', 'path', '--from', 'alice@contoso.example', '--to', 'bob@fabrikam.example', '--helo', 'not a name'],
      ['check', 'path', '--from', 'alice@contoso.example', '--to', 'bob@fabrikam.example', '--dkim-signature-from', join(dir, 'missing.eml')],
      ['check', 'path', '--from', 'alice@contoso.example', '--to', 'bob@fabrikam.example', '--dkim-signature-from', noSig],
      ['check', 'path', '--from', 'alice@contoso.example', '--to', 'bob@fabrikam.example', '--fail-on', 'sometimes'],
      ['check', 'path', '--from', 'alice@contoso.example', '--to', 'bob@fabrikam.example', '--smtp-port', '0'],
    ];
    for (const args of cases) {
      const run = await runCliCaptured(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stdout, args.join(' ')).toBe('');
    }
  });
});
