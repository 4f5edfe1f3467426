/**
 * The checks end to end against a real DNS server on 127.0.0.1 serving the fixture zones
 * (test/fixtures/dns/<scenario>.zone.json), through the product's own SystemResolver.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFixtureZone, startDnsFixtureServer, type DnsFixtureServer } from '../../test/helpers/dns-fixture-server.js';
import { parseIp } from '../core/ip-address.js';
import { SystemResolver } from '../io/dns/system-resolver.js';
import { ZoneResolver } from '../io/dns/zone-resolver.js';
import { checkDomain } from './check-domain.js';
import { checkIp } from './check-ip.js';
import { createCheckContext, type CheckContext } from './context.js';
import { checkDmarc } from './dmarc/check-dmarc.js';
import { checkSpf } from './spf/check-spf.js';
import type { CheckReport, CheckResult } from './types.js';
import type { SpfData } from './spf/check-spf.js';

const servers: DnsFixtureServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function contextFor(scenario: string): Promise<{ ctx: CheckContext; server: DnsFixtureServer }> {
  const server = await startDnsFixtureServer(scenario);
  servers.push(server);
  const resolver = new SystemResolver({ servers: [server.address], timeoutMs: 400, tries: 1 });
  return { ctx: createCheckContext({ resolver }), server };
}

function byCheck(report: CheckReport, name: string): CheckResult {
  const found = report.checks.find((c) => c.check === name);
  if (!found) throw new Error(`no ${name} check`);
  return found;
}

const codes = (result: CheckResult): string[] => result.findings.map((f) => f.code);

describe('check domain on fixture zones', () => {
  it('healthy Microsoft 365 domain passes, with Microsoft 365 recognised', async () => {
    const { ctx, server } = await contextFor('healthy-m365');
    const report = await checkDomain(ctx, 'contoso.example');
    expect(report.verdict).toBe('pass');
    expect(report.checks.map((c) => [c.check, c.status])).toEqual([
      ['resolver', 'pass'],
      ['mx', 'pass'],
      ['spf', 'pass'],
      ['dmarc', 'pass'],
      ['dkim', 'pass'],
      ['mtasts', 'none'],
      ['tlsrpt', 'none'],
      ['dnsbl-domain', 'pass'],
    ]);
    expect(codes(byCheck(report, 'mx'))).toEqual(['mx.microsoft-365']);
    expect(codes(byCheck(report, 'spf'))).toEqual(['spf.microsoft-365']);
    expect(codes(byCheck(report, 'dkim'))).toEqual(['dkim.microsoft-365', 'dkim.microsoft-365']);
    expect(codes(byCheck(report, 'dmarc'))).toEqual([]);
    const spf = byCheck(report, 'spf').data as SpfData;
    expect(spf.lookups).toBe(1);
    expect(spf.voidLookups).toBe(0);
    const dkim = byCheck(report, 'dkim').data as { selectors: { selector: string; status: string; bits: number | null }[] };
    expect(dkim.selectors.filter((s) => s.status === 'valid').map((s) => [s.selector, s.bits])).toEqual([
      ['selector1', 2048],
      ['selector2', 2048],
    ]);
    const dmarc = byCheck(report, 'dmarc').data as { reportDestinations: { domain: string; external: boolean; authorized: boolean | null }[] };
    expect(dmarc.reportDestinations).toMatchObject([
      { domain: 'contoso.example', external: false, authorized: null },
      { domain: 'reports.fabrikam.example', external: true, authorized: true },
    ]);
    // Every question went to the fixture server, and each check lists its own.
    expect(server.received.length).toBeGreaterThan(10);
    expect(byCheck(report, 'mx').queries.map((q) => `${q.name} ${q.type}`)).toContain('contoso.example MX');
    expect(report.queries.every((q) => q.rcode === 'NOERROR' || q.rcode === 'NXDOMAIN')).toBe(true);
  });

  it('SPF over the lookup limit: permerror, 12 lookups counted exactly, the 11th named, tree kept', async () => {
    const { ctx } = await contextFor('spf-over-limit');
    const result = await checkSpf(ctx, 'fabrikam.example');
    expect(result.status).toBe('permerror');
    expect(codes(result)).toContain('spf.too-many-lookups');
    const data = result.data as SpfData;
    expect(data.lookups).toBe(12);
    expect(data.voidLookups).toBe(0);
    expect(data.tree.lookupLimitAt).toEqual({ domain: '_spf.b.fabrikam.example', depth: 1, term: 'a:relay6.fabrikam.example' });
    const f = result.findings.find((x) => x.code === 'spf.too-many-lookups');
    expect(f?.message).toContain('needs 12 DNS lookups');
    // The whole tree is returned, past the limit.
    const last = data.tree.root.terms.find((t) => t.term === 'include:spf.protection.outlook.com');
    expect(last?.lookup).toBe(12);
    expect(last?.child?.record).toMatch(/^v=spf1 ip4:40\.92/);
  });

  it('SPF evaluation for an IP: match with its depth, or permerror at the 11th lookup', async () => {
    const { ctx } = await contextFor('spf-over-limit');
    const relay = await checkSpf(ctx, 'fabrikam.example', { ip: '192.0.2.32' });
    const evaluation = (relay.data as SpfData).evaluation;
    expect(evaluation).toMatchObject({ result: 'pass', matched: { domain: '_spf.a.fabrikam.example', depth: 1, term: 'a:relay2.fabrikam.example' }, lookups: 4 });
    const microsoft = await checkSpf(ctx, 'fabrikam.example', { ip: '40.92.1.1' });
    const ev = (microsoft.data as SpfData).evaluation;
    expect(ev?.result).toBe('permerror');
    expect(ev?.lookups).toBe(11);
    expect(ev?.problem?.code).toBe('spf.too-many-lookups');
    const stranger = await checkSpf(ctx, 'fabrikam.example', { ip: '192.0.2.33' });
    expect((stranger.data as SpfData).evaluation?.result).toBe('pass');
  });

  it('SPF with void lookups: permerror, 3 void lookups of 3 lookups', async () => {
    const { ctx } = await contextFor('spf-void');
    const result = await checkSpf(ctx, 'northwind.example');
    expect(result.status).toBe('permerror');
    expect(codes(result)).toEqual(['spf.too-many-void-lookups']);
    const data = result.data as SpfData;
    expect([data.lookups, data.voidLookups]).toEqual([3, 3]);
    expect(data.tree.voidLimitAt?.term).toBe('mx:mail.northwind.example');
    const fail = await checkSpf(ctx, 'northwind.example', { ip: '203.0.113.9' });
    expect((fail.data as SpfData).evaluation?.result).toBe('permerror');
    expect((fail.data as SpfData).evaluation?.voidLookups).toBe(3);
  });

  it('null MX: status none with mx.null, SPF -all and DMARC reject pass', async () => {
    const { ctx } = await contextFor('null-mx');
    const report = await checkDomain(ctx, 'parked.example');
    const mx = byCheck(report, 'mx');
    expect(mx.status).toBe('none');
    expect(codes(mx)).toEqual(['mx.null']);
    expect(byCheck(report, 'spf').status).toBe('pass');
    expect(byCheck(report, 'dmarc').status).toBe('pass');
  });

  it('missing DMARC: status none with dmarc.none', async () => {
    const { ctx } = await contextFor('missing-dmarc');
    const report = await checkDomain(ctx, 'tailspin.example');
    expect(byCheck(report, 'dmarc').status).toBe('none');
    expect(codes(byCheck(report, 'dmarc'))).toEqual(['dmarc.none']);
    expect(byCheck(report, 'mx').status).toBe('pass');
    expect(byCheck(report, 'dkim').status).toBe('none');
    expect(codes(byCheck(report, 'dkim'))).toEqual(['dkim.none-found']);
    expect(report.verdict).toBe('warn');
  });

  it('DMARC p=none: policy-none and the unauthorised external rua; a subdomain inherits', async () => {
    const { ctx } = await contextFor('dmarc-none');
    const result = await checkDmarc(ctx, 'wingtip.example');
    expect(result.status).toBe('warn');
    expect(codes(result)).toEqual(['dmarc.policy-none', 'dmarc.external-report-unauthorized']);
    expect(result.queries.map((q) => q.name)).toContain('wingtip.example._report._dmarc.dmarc.adatum.example');
    const sub = await checkDmarc(ctx, 'mail.wingtip.example');
    expect(codes(sub)).toContain('dmarc.inherited');
    expect(sub.data).toMatchObject({ source: 'organizational-domain', policy: 'none', name: '_dmarc.wingtip.example' });
  });

  it('broken DKIM keys: invalid, missing at the Microsoft 365 target, revoked, weak and testing', async () => {
    const { ctx } = await contextFor('broken-dkim');
    const report = await checkDomain(ctx, 'litware.example');
    const dkim = byCheck(report, 'dkim');
    expect(dkim.status).toBe('fail');
    expect(codes(dkim)).toEqual([
      'dkim.key-invalid',
      'dkim.microsoft-365',
      'dkim.microsoft-365-key-missing',
      'dkim.key-revoked',
      'dkim.key-weak',
      'dkim.testing',
    ]);
    expect(report.verdict).toBe('fail');
  });

  it('a resolver that answers SERVFAIL for everything is not reported as "no MX"', async () => {
    const { ctx } = await contextFor('servfail');
    const report = await checkDomain(ctx, 'contoso.example');
    const all = report.checks.flatMap(codes);
    expect(all).not.toContain('mx.none');
    expect(all).not.toContain('mx.domain-not-found');
    expect(all).not.toContain('spf.none');
    expect(all).not.toContain('dmarc.none');
    expect(byCheck(report, 'mx').status).toBe('temperror');
    expect(codes(byCheck(report, 'mx'))).toEqual(['dns.lookup-failed']);
    expect(byCheck(report, 'resolver').status).toBe('temperror');
    expect(codes(byCheck(report, 'resolver'))).toEqual(['dns.resolver-failing']);
    expect(report.verdict).toBe('inconclusive');
    // Only names of the target were asked (and the target on the domain blocklists, which are "not checked", never clean).
    expect(report.queries.every((q) => q.name === 'contoso.example' || q.name.endsWith('.contoso.example') || q.name.startsWith('contoso.example.'))).toBe(true);
    expect(byCheck(report, 'dnsbl-domain')).toMatchObject({ status: 'temperror', data: { listed: [], unchecked: ['spamhaus-dbl', 'surbl', 'uribl'] } });
  });

  it('a resolver that answers NXDOMAIN for everything: domain not found, and the resolver doubt said', async () => {
    const { ctx } = await contextFor('offline-nxdomain');
    const report = await checkDomain(ctx, 'gmail.example');
    expect(codes(byCheck(report, 'mx'))).toEqual(['mx.domain-not-found']);
    expect(codes(byCheck(report, 'resolver'))).toEqual(['dns.all-nxdomain']);
    expect(report.checks.flatMap(codes)).not.toContain('mx.none');
  });
});

describe('speed', () => {
  it('independent lookups run in parallel: the run takes about its longest chain, not the sum', async () => {
    // The same fixture zone, answered in-process by the module that also serves --replay, 50 ms per answer.
    const resolver = ZoneResolver.fromFile(readFixtureZone('healthy-m365'), { delayMs: 50 });
    const ctx = createCheckContext({ resolver });
    const started = performance.now();
    const report = await checkDomain(ctx, 'contoso.example');
    const elapsed = performance.now() - started;
    expect(report.verdict).toBe('pass');
    // Longest chain: MX -> host A/AAAA/CNAME, SPF TXT -> include TXT, DMARC -> report authorisation: 2 x 50 ms.
    expect(report.queries.length * 50).toBeGreaterThan(1000);
    expect(elapsed).toBeLessThan(400);
  });
});

describe('check ip on fixture zones', () => {
  it('a listed IP: listed on two lists, refusal-free, one list unanswered, generic but confirmed PTR', async () => {
    const { ctx } = await contextFor('dnsbl-listed');
    const report = await checkIp(ctx, parseIp('192.0.2.99')!);
    const dnsbl = byCheck(report, 'dnsbl');
    expect(dnsbl.status).toBe('fail');
    expect(codes(dnsbl)).toEqual(['dnsbl.listed', 'dnsbl.listed', 'dnsbl.unanswered']);
    expect(dnsbl.findings[0]?.message).toContain('XBL');
    expect(dnsbl.findings[0]?.message).toContain('PBL');
    expect(dnsbl.data).toMatchObject({ listed: ['spamhaus-zen', 'spamcop'], unchecked: ['psbl'] });
    const ptr = byCheck(report, 'ptr');
    expect(ptr.status).toBe('warn');
    expect(codes(ptr)).toEqual(['ptr.generic']);
    expect(ptr.data).toMatchObject({ confirmed: ['dsl-192-0-2-99.dynamic.isp.example'] });
    expect(report.verdict).toBe('fail');
  });

  it('a refusal code is reported as unanswered, never as clean', async () => {
    const { ctx } = await contextFor('dnsbl-listed');
    const report = await checkIp(ctx, parseIp('192.0.2.50')!);
    const dnsbl = byCheck(report, 'dnsbl');
    expect(codes(dnsbl)).toEqual(['dnsbl.refused']);
    expect(dnsbl.status).toBe('warn');
    expect(dnsbl.data).toMatchObject({ listed: [], unchecked: ['spamhaus-zen'] });
    expect(byCheck(report, 'ptr').status).toBe('pass');
  });

  it('IPv6: PTR and zen asked in nibble form; IPv4-only lists skipped', async () => {
    const { ctx, server } = await contextFor('dnsbl-listed');
    const report = await checkIp(ctx, parseIp('2001:db8::25')!);
    expect(server.received.map((q) => q.name)).toContain('5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zen.spamhaus.org');
    expect(byCheck(report, 'ptr').status).toBe('pass');
    const dnsbl = byCheck(report, 'dnsbl');
    expect(dnsbl.data).toMatchObject({ listed: ['spamhaus-zen'] });
    expect(codes(dnsbl).filter((c) => c === 'dnsbl.skipped').length).toBe(5);
  });

  it('no PTR: ptr.missing', async () => {
    const { ctx } = await contextFor('dnsbl-listed');
    const report = await checkIp(ctx, parseIp('198.51.100.7')!);
    expect(codes(byCheck(report, 'ptr'))).toEqual(['ptr.missing']);
    expect(byCheck(report, 'dnsbl').status).toBe('pass');
  });

  it('a broken resolver makes the IP check inconclusive, never clean', async () => {
    const { ctx } = await contextFor('servfail');
    const report = await checkIp(ctx, parseIp('192.0.2.99')!);
    expect(byCheck(report, 'dnsbl').status).toBe('temperror');
    expect(byCheck(report, 'ptr').status).toBe('temperror');
    expect(report.checks.flatMap(codes)).not.toContain('ptr.missing');
    expect(report.verdict).toBe('inconclusive');
  });
});
