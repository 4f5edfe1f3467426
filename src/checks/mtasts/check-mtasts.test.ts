/**
 * MTA-STS and TLS-RPT end to end: a real DNS server on 127.0.0.1 serving
 * test/fixtures/dns/mta-sts.zone.json, and a real HTTPS server on 127.0.0.1 with certificates
 * made by the test (test/fixtures/https/mta-sts.json); the product's own resolver and fetcher.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsFixtureServer, type DnsFixtureServer } from '../../../test/helpers/dns-fixture-server.js';
import { startHttpsFixtureServer, type HttpsFixtureServer } from '../../../test/helpers/https-fixture-server.js';
import { fixedClock } from '../../io/clock.js';
import { SystemResolver } from '../../io/dns/system-resolver.js';
import type { DnsAnswer, DnsRecordType, DnsResolver } from '../../io/dns/resolver.js';
import { ZoneResolver } from '../../io/dns/zone-resolver.js';
import { createHttpsFetcher } from '../../io/http/fetch-text.js';
import { checkDomain } from '../check-domain.js';
import { createCheckContext } from '../context.js';
import { verdictOf } from '../run-checks.js';
import type { CheckReport, CheckResult } from '../types.js';
import type { MtaStsData } from './evaluate-mtasts.js';
import { checkMtaSts } from './check-mtasts.js';

let dns: DnsFixtureServer;
let web: HttpsFixtureServer;

beforeAll(async () => {
  [dns, web] = await Promise.all([startDnsFixtureServer('mta-sts'), startHttpsFixtureServer('mta-sts')]);
}, 30_000);
afterAll(async () => {
  await Promise.all([dns.close(), web.close()]);
});

async function run(domain: string): Promise<CheckReport> {
  const ctx = createCheckContext({
    resolver: new SystemResolver({ servers: [dns.address], timeoutMs: 1_000, tries: 1 }),
    fetch: createHttpsFetcher({ port: web.port, ca: web.caPem, timeoutMs: 2_000 }),
  });
  return checkDomain(ctx, domain, { timeoutMs: 10_000 });
}

function check(report: CheckReport, name: 'mtasts' | 'tlsrpt'): { status: string; codes: string[]; data: unknown } {
  const result = report.checks.find((c) => c.check === name) as CheckResult;
  return { status: result.status, codes: result.findings.map((f) => f.code), data: result.data };
}

describe('check domain: MTA-STS and TLS-RPT on fixture servers', () => {
  it('a healthy enforce policy matches every MX host (one through a *. pattern); TLS-RPT passes', async () => {
    const report = await run('sts-good.example');
    const sts = check(report, 'mtasts');
    expect(sts).toMatchObject({ status: 'pass', codes: [] });
    const data = sts.data as MtaStsData;
    expect(data.mx).toEqual([
      { host: 'mx1.sts-good.example', pattern: 'mx1.sts-good.example' },
      { host: 'mx.backup.sts-good.example', pattern: '*.backup.sts-good.example' },
    ]);
    expect(data).toMatchObject({ address: '127.0.0.1', record: { id: '20260301T000000Z' }, policy: { mode: 'enforce', maxAge: 1209600, lineEndings: 'crlf' }, certificate: { trusted: true } });
    expect(check(report, 'tlsrpt')).toMatchObject({ status: 'pass', codes: [] });
    expect(report.checks.map((c) => c.check)).toEqual(expect.arrayContaining(['mx', 'mtasts', 'tlsrpt']));
    expect(web.received).toContainEqual({ host: 'mta-sts.sts-good.example', path: '/.well-known/mta-sts.txt' });
  });

  it('a policy whose mx patterns miss the real MX: mtasts.mx-mismatch; no TLS-RPT is info only', async () => {
    const report = await run('sts-mismatch.example');
    expect(check(report, 'mtasts')).toMatchObject({ status: 'fail', codes: ['mtasts.mx-mismatch'] });
    expect((check(report, 'mtasts').data as MtaStsData).policy?.lineEndings).toBe('lf');
    expect(check(report, 'tlsrpt')).toMatchObject({ status: 'none', codes: ['tlsrpt.none'] });
  });

  it('a missing policy file (404): mtasts.policy-unreachable; an ftp: rua: tlsrpt.invalid', async () => {
    const report = await run('sts-404.example');
    expect(check(report, 'mtasts')).toMatchObject({ status: 'fail', codes: ['mtasts.policy-unreachable'] });
    const f = report.checks.find((c) => c.check === 'mtasts')!.findings[0]!;
    expect(f.message).toContain('HTTP 404');
    expect(check(report, 'tlsrpt')).toMatchObject({ status: 'warn', codes: ['tlsrpt.invalid'] });
  });

  it('testing mode is info; TLS-RPT with https and mailto destinations passes', async () => {
    const report = await run('sts-testing.example');
    expect(check(report, 'mtasts')).toMatchObject({ status: 'pass', codes: ['mtasts.mode-testing'] });
    expect(check(report, 'tlsrpt')).toMatchObject({ status: 'pass', codes: [] });
  });

  it('two v=STSv1 records and two v=TLSRPTv1 records', async () => {
    const report = await run('sts-two.example');
    expect(check(report, 'mtasts')).toMatchObject({ status: 'fail', codes: ['mtasts.multiple-records'] });
    expect((check(report, 'mtasts').data as MtaStsData).records).toHaveLength(2);
    expect(check(report, 'tlsrpt')).toMatchObject({ status: 'warn', codes: ['tlsrpt.multiple-records'] });
  });

  it('certificates: expired, self-signed (untrusted)', async () => {
    expect(check(await run('sts-expired.example'), 'mtasts')).toMatchObject({ status: 'fail', codes: ['mtasts.certificate-expired'] });
    expect(check(await run('sts-selfsigned.example'), 'mtasts')).toMatchObject({ status: 'fail', codes: ['mtasts.certificate-untrusted'] });
  });

  it('a policy served as text/html with a bad mode and max_age; a policy host that does not exist', async () => {
    const bad = check(await run('sts-badpolicy.example'), 'mtasts');
    expect(bad).toMatchObject({ status: 'fail', codes: ['mtasts.policy-content-type', 'mtasts.policy-invalid'] });
    const nohost = await run('sts-nohost.example');
    expect(check(nohost, 'mtasts')).toMatchObject({ status: 'fail', codes: ['mtasts.policy-unreachable'] });
    expect(nohost.checks.find((c) => c.check === 'mtasts')!.findings[0]!.message).toContain('mta-sts.sts-nohost.example has no A or AAAA record');
  });

  it('no MTA-STS and no TLS-RPT: status none, info findings, and the verdict is not lowered by them', async () => {
    const report = await run('sts-none.example');
    expect(check(report, 'mtasts')).toMatchObject({ status: 'none', codes: ['mtasts.none'] });
    expect(check(report, 'tlsrpt')).toMatchObject({ status: 'none', codes: ['tlsrpt.none'] });
    expect(web.received.some((r) => r.host === 'mta-sts.sts-none.example')).toBe(false);
    const optional = report.checks.filter((c) => c.check === 'mtasts' || c.check === 'tlsrpt');
    expect(verdictOf(optional)).toBe('pass');
  });
});

describe('checkMtaSts with an injected fetch', () => {
  const zone = ZoneResolver.fromFile({
    records: {
      '_mta-sts.a.example': { TXT: ['v=STSv1; id=1'] },
      'mta-sts.a.example': { A: ['192.0.2.1'] },
      '_mta-sts.b.example': { TXT: ['v=STSv1; id=1'] },
    },
    rcodes: { 'mta-sts.b.example': 'SERVFAIL' },
  });
  const cert = { subject: 'mta-sts.a.example', issuer: 'CA', altNames: ['mta-sts.a.example'], validFrom: '2026-01-01T00:00:00.000Z', validTo: '2026-04-01T00:00:00.000Z', fingerprint256: '', trusted: true, error: null };
  const body = 'version: STSv1\nmode: enforce\nmx: mx.a.example\nmax_age: 3600\n';

  it('expiry is judged at the run clock; a short max_age in enforce mode warns; no MX data: not compared', async () => {
    const ctx = (now: string) =>
      createCheckContext({
        resolver: zone,
        clock: fixedClock(new Date(now)),
        fetch: async ({ url, address }) => ({ ok: true, url, address, status: 200, headers: { 'content-type': 'text/plain' }, body, certificate: cert, ms: 1 }),
      });
    const inTime = await checkMtaSts(ctx('2026-03-01T00:00:00Z'), 'a.example', undefined);
    expect(inTime.status).toBe('warn');
    expect(inTime.findings.map((f) => f.code)).toEqual(['mtasts.max-age-short']);
    expect(inTime.data?.mxNotCompared).toBe('no MX hosts from the MX check');
    const late = await checkMtaSts(ctx('2026-05-01T00:00:00Z'), 'a.example', undefined);
    expect(late.findings.map((f) => f.code)).toEqual(['mtasts.certificate-expired', 'mtasts.max-age-short']);
  });

  it('a redirect is not followed: policy-unreachable naming the target', async () => {
    const ctx = createCheckContext({
      resolver: zone,
      clock: fixedClock(new Date('2026-03-01T00:00:00Z')),
      fetch: async ({ url, address }) => ({ ok: true, url, address, status: 301, headers: { location: 'https://www.a.example/sts.txt' }, body: '', certificate: cert, ms: 1 }),
    });
    const moved = await checkMtaSts(ctx, 'a.example', undefined);
    expect(moved.findings.map((f) => f.code)).toEqual(['mtasts.policy-unreachable']);
    expect(moved.findings[0]!.message).toContain('HTTP 301 redirect to https://www.a.example/sts.txt (senders do not follow redirects)');
  });

  it('a timed-out fetch is policy-unreachable; a failing policy-host lookup is temperror, never "no policy"', async () => {
    const ctx = createCheckContext({ resolver: zone, fetch: async ({ url, address }) => ({ ok: false, url, address, code: 'timeout', error: 'slow', certificate: null, ms: 1 }) });
    const slow = await checkMtaSts(ctx, 'a.example', undefined);
    expect(slow.findings.map((f) => f.code)).toEqual(['mtasts.policy-unreachable']);
    expect(slow.findings[0]!.message).toContain('timeout: slow');
    const broken = await checkMtaSts(ctx, 'b.example', undefined);
    expect(broken).toMatchObject({ status: 'temperror' });
    expect(broken.findings.map((f) => f.code)).toEqual(['dns.lookup-failed', 'dns.lookup-failed']);
  });
});

describe('check domain: MTA-STS does not wait for the MX check', () => {
  it('the _mta-sts record and the policy fetch are done while the MX answer is still out; the MX hosts are compared at the end', async () => {
    const zone = ZoneResolver.fromFile({
      records: {
        'a.example': { MX: [{ priority: 10, exchange: 'mx.a.example' }] },
        'mx.a.example': { A: ['192.0.2.10'] },
        '_mta-sts.a.example': { TXT: ['v=STSv1; id=1'] },
        'mta-sts.a.example': { A: ['192.0.2.1'] },
      },
    });
    const events: string[] = [];
    let releaseMx: () => void = () => undefined;
    let fallback: NodeJS.Timeout | undefined;
    // The MX answer is held until the policy has been fetched; a fallback timer keeps a
    // sequential implementation from hanging (it then fetches after the MX answer and fails).
    const mxHeld = new Promise<void>((resolve) => {
      releaseMx = resolve;
      fallback = setTimeout(resolve, 2_000);
    });
    const resolver: DnsResolver = {
      description: 'held MX',
      async query<T extends DnsRecordType>(name: string, type: T): Promise<DnsAnswer<T>> {
        const answer = await zone.query(name, type);
        if (name === 'a.example' && type === 'MX') {
          await mxHeld;
          events.push('MX answered');
        }
        return answer;
      },
    };
    const body = 'version: STSv1\nmode: testing\nmx: mx.a.example\nmax_age: 86400\n';
    const ctx = createCheckContext({
      resolver,
      fetch: async ({ url, address }) => {
        events.push('policy fetched');
        releaseMx();
        return { ok: true, url, address, status: 200, headers: { 'content-type': 'text/plain' }, body, certificate: null, ms: 1 };
      },
    });
    const report = await checkDomain(ctx, 'a.example', { timeoutMs: 10_000 });
    clearTimeout(fallback);
    expect(events).toEqual(['policy fetched', 'MX answered']);
    const sts = check(report, 'mtasts');
    expect((sts.data as MtaStsData).mx).toEqual([{ host: 'mx.a.example', pattern: 'mx.a.example' }]);
    expect(sts.codes).toEqual(['mtasts.mode-testing']);
  });
});
