import { describe, expect, it } from 'vitest';
import type { HttpsRequest, HttpsResult } from '../../io/http/fetch-text.js';
import type { SmtpProbeRequest, SmtpProbeResult } from '../../io/smtp/smtp-probe.js';
import { addGuardFindings, createTargetGuard, internalNameSuffix, refusedAddressScope, refusedTarget } from './private-target-guard.js';

// The inner connectors are fakes: nothing here connects anywhere. One globally reachable
// address (a well-known public resolver, 8.8.8.8) shows that the guard lets public addresses through.
const PUBLIC = '8.8.8.8';

function fakeFetch(calls: string[]) {
  return async (request: HttpsRequest): Promise<HttpsResult> => {
    calls.push(request.address);
    return { ok: true, url: request.url, address: request.address, status: 200, headers: {}, body: 'ok', certificate: null, ms: 1 };
  };
}

function fakeProber(calls: string[]) {
  return {
    probe: async (request: SmtpProbeRequest): Promise<SmtpProbeResult> => {
      calls.push(request.address);
      return { host: request.host, address: request.address, port: request.port, startedAt: '', outcome: 'completed', stage: null, error: null, banner: null, ehlo: null, extensions: {}, tls: null, ehloAfterTls: null, rcpt: null, timings: {}, transcript: [] };
    },
  };
}

const LIMITS = { connectTimeoutMs: 1, readTimeoutMs: 1, probeTimeoutMs: 1, maxReplyLines: 1, maxLineLength: 1, maxChainCertificates: 1 };

describe('refusedAddressScope', () => {
  it.each([
    ['127.0.0.1', 'loopback'], ['::1', 'loopback'], ['10.0.0.1', 'private'], ['172.16.5.4', 'private'], ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'], ['fe80::1%eth0', 'link-local'], ['100.64.0.1', 'shared'], ['fd12:3456::1', 'private'],
    ['0.0.0.0', 'unspecified'], ['::', 'unspecified'], ['224.0.0.1', 'multicast'], ['ff02::1', 'multicast'], ['240.0.0.1', 'reserved'],
    ['203.0.113.5', 'documentation'], ['2001:db8::1', 'documentation'], ['::ffff:127.0.0.1', 'loopback'], ['::ffff:10.1.2.3', 'private'],
    ['mx.example.com', 'non-IP'], ['', 'non-IP'],
  ])('%s is refused as %s', (address, scope) => {
    expect(refusedAddressScope(address)).toBe(scope);
  });

  it('a globally reachable address is not refused', () => {
    expect(refusedAddressScope(PUBLIC)).toBeNull();
  });
});

describe('internal names', () => {
  it('names under local-network suffixes, and only those', () => {
    expect(internalNameSuffix('printer.local')).toBe('local');
    expect(internalNameSuffix('LOCALHOST.')).toBe('localhost');
    expect(internalNameSuffix('mail.corp.internal')).toBe('internal');
    expect(internalNameSuffix('nas.home.arpa')).toBe('home.arpa');
    expect(internalNameSuffix('1.0.0.10.in-addr.arpa')).toBe('in-addr.arpa');
    expect(internalNameSuffix('example.com')).toBeNull();
    expect(internalNameSuffix('mylocal.example')).toBeNull();
    expect(internalNameSuffix('internal.example.com')).toBeNull();
  });

  it('refusedTarget explains what is refused', () => {
    expect(refusedTarget({ ip: '10.0.0.1' })).toBe('10.0.0.1 is a private address; this server does not check internal addresses');
    expect(refusedTarget({ domain: 'a.lan' })).toBe('a.lan is under .lan, a name of local networks; this server does not check internal names');
    expect(refusedTarget({ ip: PUBLIC, domain: 'example.com' })).toBeNull();
  });
});

describe('the guarded connectors', () => {
  it('refuse internal addresses without calling the inner connector, and record each refusal', async () => {
    const calls: string[] = [];
    const guard = createTargetGuard(false, () => new Date('2026-11-28T00:00:00Z'));
    const fetch = guard.wrapFetcher(fakeFetch(calls));
    const prober = guard.wrapProber(fakeProber(calls));
    const refusedFetch = await fetch({ url: 'https://mta-sts.example.com/.well-known/mta-sts.txt', address: '127.0.0.1' });
    expect(refusedFetch).toMatchObject({ ok: false, code: 'error', error: 'not connected: 127.0.0.1 is a loopback address (private-target guard)' });
    const refusedProbe = await prober.probe({ host: 'mx.example.com', address: '10.0.0.1', port: 25, limits: LIMITS });
    expect(refusedProbe).toMatchObject({ outcome: 'unreachable', stage: 'connect', startedAt: '2026-11-28T00:00:00.000Z', transcript: [{ dir: 'event' }] });
    expect(calls).toEqual([]);
    expect(guard.refusals).toEqual([
      { host: 'mta-sts.example.com', address: '127.0.0.1', scope: 'loopback', check: 'mtasts' },
      { host: 'mx.example.com', address: '10.0.0.1', scope: 'private', check: 'smtp' },
    ]);
  });

  it('let public addresses through; with allowPrivate everything goes through untouched', async () => {
    const calls: string[] = [];
    const guard = createTargetGuard(false);
    expect((await guard.wrapFetcher(fakeFetch(calls))({ url: 'https://mta-sts.example.com/', address: PUBLIC })).ok).toBe(true);
    expect((await guard.wrapProber(fakeProber(calls)).probe({ host: 'mx.example.com', address: PUBLIC, port: 25, limits: LIMITS })).outcome).toBe('completed');
    const open = createTargetGuard(true);
    const inner = fakeFetch(calls);
    expect(open.wrapFetcher(inner)).toBe(inner);
    await open.wrapProber(fakeProber(calls)).probe({ host: 'mx.example.com', address: '127.0.0.1', port: 25, limits: LIMITS });
    expect(calls).toEqual([PUBLIC, PUBLIC, '127.0.0.1']);
    expect(guard.refusals).toEqual([]);
  });

  it('addGuardFindings adds target.private-address to the check that wanted the connection, once per address', () => {
    const report = { checks: [{ check: 'smtp', findings: [] as never[] }, { check: 'mtasts', findings: [] as never[] }] };
    const refusal = { host: 'mx.example.com', address: '10.0.0.1', scope: 'private' as const, check: 'smtp' as const };
    addGuardFindings(report, [refusal, refusal]);
    expect(report.checks[0]!.findings).toEqual([
      expect.objectContaining({ code: 'target.private-address', severity: 'error', message: 'Not connected to mx.example.com [10.0.0.1]: that is a private address, and this server does not connect to internal addresses.' }),
    ]);
    expect(report.checks[1]!.findings).toEqual([]);
  });
});
