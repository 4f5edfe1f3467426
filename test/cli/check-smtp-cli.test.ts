/**
 * `maildoctor check domain` with the SMTP, TLS and DANE checks, end to end in-process: the
 * fixture DNS server and real SMTP servers on 127.0.0.1 (--smtp-port), a test CA
 * (--ca-file), --record with the SMTP transcripts, --replay at the recorded time.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixtureZone, startDnsFixtureServer, type DnsFixtureServer } from '../helpers/dns-fixture-server.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { startSmtpFixtureServer, type SmtpFixtureServer } from '../helpers/smtp-fixture-server.js';
import { createTestPki, spkiSha256, type TestPki } from '../helpers/test-certificates.js';

interface JsonCheck {
  check: string;
  status: string;
  findings: { code: string; severity: string; message: string }[];
  data: unknown;
}
interface JsonReport {
  verdict: string;
  at: string;
  checks: JsonCheck[];
}

let pki: TestPki;
let dns: DnsFixtureServer;
let dir = '';
const smtp: Record<string, SmtpFixtureServer> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'maildoctor-smtp-cli-'));
  pki = await createTestPki();
  const good = await pki.leaf(['mx.good.example', 'mx.dane-bad.example']);
  const expired = await pki.leaf(['mx.good.example'], { notBefore: new Date(Date.now() - 400 * 86_400_000), notAfter: new Date(Date.now() - 30 * 86_400_000) });
  smtp['good'] = await startSmtpFixtureServer({ tls: good, size: 35_882_577 });
  smtp['expired'] = await startSmtpFixtureServer({ tls: expired });
  const file = readFixtureZone('smtp-loopback');
  dns = await startDnsFixtureServer({
    ...file,
    records: { ...file.records, '_25._tcp.mx.good.example': { TLSA: [{ usage: 3, selector: 1, matchingType: 1, data: spkiSha256(good.cert) }] } },
    authenticated: ['_25._tcp.mx.good.example'],
  });
}, 30_000);
afterAll(async () => {
  await Promise.all([dns?.close(), ...Object.values(smtp).map((s) => s.close())]);
});

const live = (server: string): string[] => ['--dns-server', dns.address, '--smtp-port', String(smtp[server]!.port), '--ca-file', pki.caFile];
const byName = (r: JsonReport, name: string): JsonCheck => r.checks.find((c) => c.check === name)!;
const codes = (r: JsonReport, name: string): string[] => byName(r, name).findings.map((f) => f.code);

async function json(args: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const run = await runCliCaptured([...args, '--json']);
  return { code: run.code, report: JSON.parse(run.stdout || '{}') as JsonReport, stderr: run.stderr };
}

describe('maildoctor check domain: SMTP, TLS and DANE', () => {
  it('probes the MX on --smtp-port, trusts --ca-file, matches DANE; --record keeps the transcript; --replay gives the same report', async () => {
    const file = join(dir, 'good.json');
    const recorded = await json(['check', 'domain', 'good.example', ...live('good'), '--record', file]);
    expect(recorded.code).toBe(0);
    expect(byName(recorded.report, 'smtp')).toMatchObject({ status: 'pass', findings: [{ code: 'smtp.size-limit', severity: 'info' }] });
    expect(byName(recorded.report, 'smtp').findings[0]!.message).toContain('35882577 bytes');
    expect(byName(recorded.report, 'dane')).toMatchObject({ status: 'pass', findings: [] });
    const recording = JSON.parse(readFileSync(file, 'utf8')) as { target: { options: Record<string, unknown> }; smtp: { version: number; probes: { host: string; transcript: { dir: string; text: string }[] }[] } };
    expect(recording.target.options['smtp']).toEqual({ port: smtp['good']!.port, ehloName: null, probeRcpt: false });
    expect(recording.smtp.version).toBe(1);
    expect(recording.smtp.probes.map((p) => p.host)).toEqual(['mx.good.example']);
    expect(recording.smtp.probes[0]!.transcript.filter((l) => l.dir === 'sent').map((l) => l.text)).toEqual(['EHLO [127.0.0.1]', 'STARTTLS', 'EHLO [127.0.0.1]', 'QUIT']);
    await smtp['good']!.close();
    const replayed = await json(['check', 'domain', 'good.example', '--replay', file]);
    const shape = (r: JsonReport) => ({ verdict: r.verdict, at: r.at, checks: r.checks.filter((c) => c.check !== 'resolver') });
    expect(shape(replayed.report)).toEqual(shape(recorded.report));
    const text = await runCliCaptured(['check', 'domain', 'good.example', '--replay', file]);
    expect(text.stdout).toContain('SMTP and TLS  pass');
    expect(text.stdout).toContain('mx.good.example [127.0.0.1]');
    expect(text.stdout).toContain('name matches');
    expect(text.stdout).toMatch(/_25\._tcp\.mx\.good\.example: 1 TLSA record \(AD bit set by the resolver\)/);
  });

  it('an expired certificate replays as expired at the recorded time, and a later recordedAt is judged then', async () => {
    const file = join(dir, 'expired.json');
    const recorded = await json(['check', 'domain', 'good.example', ...live('expired'), '--record', file]);
    expect(codes(recorded.report, 'smtp')).toEqual(['tls.certificate-expired']);
    expect(codes(recorded.report, 'dane')).toEqual(['dane.mismatch']);
    const replayed = await json(['check', 'domain', 'good.example', '--replay', file]);
    expect(replayed.report.checks).toEqual(recorded.report.checks.map((c) => (c.check === 'resolver' ? replayed.report.checks[0] : c)));
    const recording = JSON.parse(readFileSync(file, 'utf8')) as { recordedAt: string };
    recording.recordedAt = new Date(Date.now() - 200 * 86_400_000).toISOString();
    writeFileSync(file, JSON.stringify(recording));
    expect(codes((await json(['check', 'domain', 'good.example', '--replay', file])).report, 'smtp')).toEqual([]);
  });

  it('--no-smtp skips with a note, and the recording says so', async () => {
    const file = join(dir, 'no-smtp.json');
    const { report } = await json(['check', 'domain', 'good.example', '--dns-server', dns.address, '--no-smtp', '--record', file]);
    expect(byName(report, 'smtp')).toMatchObject({ status: 'none', findings: [{ code: 'smtp.skipped', severity: 'info' }] });
    expect(byName(report, 'dane')).toMatchObject({ status: 'none', findings: [{ code: 'dane.skipped' }] });
    const replayed = await json(['check', 'domain', 'good.example', '--replay', file]);
    expect(codes(replayed.report, 'smtp')).toEqual(['smtp.skipped']);
  });

  it('usage errors for the SMTP options', async () => {
    const cases: string[][] = [
      ['check', 'domain', 'example.com', '--smtp-port', '0'],
      ['check', 'domain', 'example.com', '--smtp-port', 'smtp'],
      ['check', 'domain', 'example.com', '--ehlo', 'bad name\r\nRCPT'],
      ['check', 'domain', 'example.com', '--replay', join(dir, 'good.json'), '--smtp-port', '2525'],
    ];
    for (const args of cases) {
      const run = await runCliCaptured(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});
