/**
 * The SMTP, TLS and DANE checks against real SMTP servers on 127.0.0.1 (smtp-server) with
 * certificates made here by a test CA; the MX hosts resolve to 127.0.0.1 in a fixture zone.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixtureZone } from '../../../test/helpers/dns-fixture-server.js';
import { closedPort, startSmtpFixtureServer, type SmtpFixtureServer } from '../../../test/helpers/smtp-fixture-server.js';
import { createTestPki, spkiSha256, type TestKeyPair, type TestPki } from '../../../test/helpers/test-certificates.js';
import { fixedClock } from '../../io/clock.js';
import { ZoneResolver, type DnsZoneFile } from '../../io/dns/zone-resolver.js';
import { createSmtpProber } from '../../io/smtp/smtp-probe.js';
import { RecordingSmtpProber, replaySmtpProber } from '../../io/smtp/smtp-recording.js';
import { checkDomain } from '../check-domain.js';
import { createCheckContext } from '../context.js';
import type { DaneData } from '../dane/evaluate-dane.js';
import { matchTlsa } from '../dane/match-tlsa.js';
import { parseTlsa } from '../dane/parse-tlsa.js';
import type { CheckReport, CheckResult } from '../types.js';
import { certificateNameMatches } from './evaluate-certificate.js';
import { evaluateSmtp, type SmtpData } from './evaluate-smtp.js';

let pki: TestPki;
let good: TestKeyPair;
let zone: DnsZoneFile;
const servers: Record<string, SmtpFixtureServer> = {};

beforeAll(async () => {
  pki = await createTestPki();
  good = await pki.leaf(['mx.good.example', 'mx.dane-bad.example']);
  const expired = await pki.leaf(['mx.good.example'], { notBefore: new Date(Date.now() - 400 * 86_400_000), notAfter: new Date(Date.now() - 30 * 86_400_000) });
  const chained = { key: good.key, cert: `${good.cert.trimEnd()}\n${pki.ca.cert}` };
  servers['good'] = await startSmtpFixtureServer({ tls: chained, size: 10_485_760 });
  servers['plain'] = await startSmtpFixtureServer({ tls: null });
  servers['expired'] = await startSmtpFixtureServer({ tls: expired });
  servers['slow'] = await startSmtpFixtureServer({ tls: chained, bannerDelayMs: 400 });
  servers['refuse'] = await startSmtpFixtureServer({ tls: chained, refuseWith: 554 });
  const file = readFixtureZone('smtp-loopback');
  zone = {
    ...file,
    records: { ...file.records, '_25._tcp.mx.good.example': { TLSA: [{ usage: 3, selector: 1, matchingType: 1, data: spkiSha256(good.cert) }] } },
    authenticated: ['_25._tcp.mx.good.example'],
  };
}, 30_000);
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

interface RunOptions {
  ca?: boolean;
  probeRcpt?: boolean;
  at?: Date;
}

async function run(domain: string, port: number, options: RunOptions = {}, prober = createSmtpProber({ ca: options.ca === false ? null : pki.ca.cert })): Promise<CheckReport> {
  const ctx = createCheckContext({ resolver: ZoneResolver.fromFile(zone), smtp: prober, limits: { smtpSlowBannerMs: 200, smtpReadTimeoutMs: 3000 }, ...(options.at ? { clock: fixedClock(options.at) } : {}) });
  return checkDomain(ctx, domain, { smtp: { port, ehloName: 'probe.maildoctor.test', probeRcpt: options.probeRcpt ?? false }, timeoutMs: 15_000 });
}

const check = (report: CheckReport, name: string): CheckResult => report.checks.find((c) => c.check === name)!;
const codes = (report: CheckReport, name: string): string[] => check(report, name).findings.map((f) => f.code);

describe('checkSmtp and checkDane', () => {
  it('a good MX: STARTTLS, trusted certificate for the name, SIZE, DANE-EE matched; never MAIL or DATA', async () => {
    const report = await run('good.example', servers['good']!.port);
    expect(check(report, 'smtp').status).toBe('pass');
    expect(codes(report, 'smtp')).toEqual(['smtp.size-limit']);
    const probe = (check(report, 'smtp').data as SmtpData).probes[0]!;
    expect(probe).toMatchObject({ host: 'mx.good.example', address: '127.0.0.1', outcome: 'completed', starttls: true, sizeLimit: 10_485_760, certificate: { trusted: true, nameMatches: true, expired: false } });
    expect(probe.extensions).toMatchObject({ STARTTLS: '', PIPELINING: '', '8BITMIME': '', SMTPUTF8: '' });
    expect(probe.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(probe.tls?.chain.map((c) => c.commonName)).toEqual(['mx.good.example', 'maildoctor test CA']);
    const sent = probe.transcript.filter((l) => l.dir === 'sent').map((l) => l.text);
    expect(sent).toEqual(['EHLO probe.maildoctor.test', 'STARTTLS', 'EHLO probe.maildoctor.test', 'QUIT']);
    expect(probe.transcript.find((l) => l.dir === 'received')?.text).toMatch(/^220 /);
    expect(probe.transcript.every((l) => !Number.isNaN(Date.parse(l.at)) && l.ms >= 0)).toBe(true);
    expect(Object.keys(probe.timings)).toEqual(expect.arrayContaining(['connect', 'banner', 'ehlo', 'starttls', 'tls', 'ehlo-tls', 'total']));
    expect(servers['good']!.commands).toEqual([]);
    expect(check(report, 'dane')).toMatchObject({ status: 'pass', findings: [] });
    expect((check(report, 'dane').data as DaneData).hosts[0]).toMatchObject({ authenticated: true, matches: [{ address: '127.0.0.1', matched: true }] });
  });

  it('--probe-rcpt: MAIL FROM:<> and RCPT TO the postmaster, then RSET; still no DATA', async () => {
    const report = await run('good.example', servers['good']!.port, { probeRcpt: true });
    const probe = (check(report, 'smtp').data as SmtpData).probes[0]!;
    expect(probe.rcpt).toMatchObject({ mail: { code: 250 }, rcpt: { code: 250 } });
    expect(probe.transcript.filter((l) => l.dir === 'sent').map((l) => l.text).slice(3)).toEqual(['MAIL FROM:<>', 'RCPT TO:<postmaster@good.example>', 'RSET', 'QUIT']);
    expect(servers['good']!.commands).toEqual(['MAIL FROM:<>', 'RCPT TO:<postmaster@good.example>']);
  });

  it('no STARTTLS: smtp.no-starttls, and the TLSA record cannot be met', async () => {
    const report = await run('good.example', servers['plain']!.port);
    expect(check(report, 'smtp').status).toBe('fail');
    expect(codes(report, 'smtp')).toEqual(['smtp.no-starttls']);
    expect(codes(report, 'dane')).toEqual(['dane.mismatch']);
  });

  it('an expired certificate: tls.certificate-expired at the clock of the check, not after', async () => {
    const report = await run('good.example', servers['expired']!.port);
    expect(codes(report, 'smtp')).toEqual(['tls.certificate-expired']);
    const probe = (check(report, 'smtp').data as SmtpData).probes[0]!;
    const earlier = evaluateSmtp('good.example', probe.port, [probe], new Date(Date.now() - 100 * 86_400_000), 10_000);
    expect(earlier.findings.map((f) => f.code)).toEqual([]);
  });

  it('a certificate for other names; an untrusted CA; a DANE-EE record that matches nothing', async () => {
    expect(codes(await run('wrong-name.example', servers['good']!.port), 'smtp')).toEqual(['tls.certificate-name-mismatch', 'smtp.size-limit']);
    expect(codes(await run('good.example', servers['good']!.port, { ca: false }), 'smtp')).toEqual(['tls.certificate-untrusted', 'smtp.size-limit']);
    const bad = await run('dane-bad.example', servers['good']!.port);
    expect(check(bad, 'dane').status).toBe('fail');
    expect(codes(bad, 'dane')).toEqual(['dane.unvalidated', 'dane.mismatch']);
    expect(codes(await run('wrong-name.example', servers['good']!.port), 'dane')).toEqual(['dane.none']);
  });

  it('slow banner, 554 greeting, closed port', async () => {
    expect(codes(await run('good.example', servers['slow']!.port), 'smtp')).toContain('smtp.slow-banner');
    const refused = await run('good.example', servers['refuse']!.port);
    expect(check(refused, 'smtp')).toMatchObject({ status: 'fail', findings: [{ code: 'smtp.banner-error', severity: 'error' }] });
    expect(check(refused, 'smtp').findings[0]!.message).toContain('554');
    const closed = await run('good.example', await closedPort());
    expect(check(closed, 'smtp')).toMatchObject({ status: 'fail', findings: [{ code: 'smtp.unreachable' }] });
    expect(check(closed, 'smtp').findings[0]!.message).toContain('ECONNREFUSED');
  });

  it('a null MX: SMTP and DANE skipped with a note; the verdict is not lowered by them', async () => {
    const report = await run('null.example', servers['good']!.port);
    expect(check(report, 'smtp')).toMatchObject({ status: 'none', findings: [{ code: 'smtp.skipped', severity: 'info' }] });
    expect(check(report, 'dane')).toMatchObject({ status: 'none', findings: [{ code: 'dane.skipped' }] });
  });

  it('a recorded run replays to the same findings (the replay prober makes no connection)', async () => {
    const recorder = new RecordingSmtpProber(createSmtpProber({ ca: pki.ca.cert }));
    const at = new Date();
    const live = await run('good.example', servers['expired']!.port, { at }, recorder);
    const replayed = await run('good.example', servers['expired']!.port, { at }, replaySmtpProber(structuredClone(recorder.toRecording())));
    const shape = (r: CheckReport) => r.checks.map((c) => ({ check: c.check, status: c.status, findings: c.findings, data: c.data }));
    expect(shape(replayed)).toEqual(shape(live));
    expect(codes(replayed, 'smtp')).toEqual(['tls.certificate-expired']);
  });
});

describe('TLSA matching and certificate names (pure)', () => {
  it('DANE-TA matches the CA of the chain; DANE-EE full certificate and SHA-512', () => {
    const der = (pem: string) => new X509Certificate(pem).raw;
    const info = (pem: string, names: string[]) => ({ subject: '', commonName: names[0] ?? null, subjectAltName: null, altNames: names, issuer: '', validFrom: '', validTo: '', fingerprint256: '', der: der(pem).toString('base64') });
    const chain = [info(good.cert, ['mx.good.example']), info(pki.ca.cert, [])];
    const ta = parseTlsa({ usage: 2, selector: 0, matchingType: 1, data: createHash('sha256').update(der(pki.ca.cert)).digest('hex') });
    expect(matchTlsa('mx.good.example', [ta], chain)).toMatchObject({ matched: true });
    expect(matchTlsa('other.example', [ta], chain)).toMatchObject({ matched: false });
    const full = parseTlsa({ usage: 3, selector: 0, matchingType: 0, data: der(good.cert).toString('hex') });
    const sha512 = parseTlsa({ usage: 3, selector: 0, matchingType: 2, data: createHash('sha512').update(der(good.cert)).digest('hex') });
    expect(matchTlsa('anything', [full], chain).matched).toBe(true);
    expect(matchTlsa('anything', [sha512], chain).matched).toBe(true);
    expect(parseTlsa({ usage: 1, selector: 1, matchingType: 1, data: 'ab'.repeat(32) })).toMatchObject({ usable: false });
    expect(parseTlsa({ usage: 3, selector: 1, matchingType: 1, data: 'ab' })).toMatchObject({ usable: false });
  });

  it('names: exact, one-label wildcard, CN only without DNS names', () => {
    expect(certificateNameMatches('MX.a.example.', ['mx.a.example'], null)).toBe(true);
    expect(certificateNameMatches('mx.a.example', ['*.a.example'], null)).toBe(true);
    expect(certificateNameMatches('x.mx.a.example', ['*.a.example'], null)).toBe(false);
    expect(certificateNameMatches('mx.a.example', [], 'mx.a.example')).toBe(true);
    expect(certificateNameMatches('mx.a.example', ['other.example'], 'mx.a.example')).toBe(false);
  });
});
