import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsFixtureServer, type DnsFixtureServer } from '../../../test/helpers/dns-fixture-server.js';
import { SystemResolver, parseDnsServer } from './system-resolver.js';

let server: DnsFixtureServer;
let resolver: SystemResolver;

beforeAll(async () => {
  server = await startDnsFixtureServer({
    records: {
      'a.example': { A: ['192.0.2.1'], AAAA: ['2001:db8::1'], MX: [{ priority: 5, exchange: 'MX.A.Example' }], TXT: [['v=spf1 ', 'ip4:192.0.2.0/24 -all']], NS: ['ns1.a.example'] },
      'a.example.soa': { SOA: [{ nsname: 'ns1.a.example', hostmaster: 'hostmaster.a.example', serial: 7, refresh: 3600, retry: 600, expire: 86400, minttl: 300 }] },
      'big.a.example': { TXT: Array.from({ length: 12 }, (_, i) => `record ${i} ${'z'.repeat(80)}`) },
      'alias.a.example': { CNAME: 'a.example' },
      '1.2.0.192.in-addr.arpa': { PTR: ['a.example'] },
      '_25._tcp.mx.a.example': { TLSA: [{ usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32) }] },
      '_25._tcp.mx2.a.example': { TLSA: [{ usage: 2, selector: 0, matchingType: 1, data: 'cd'.repeat(32) }] },
    },
    rcodes: { 'fail.a.example': 'SERVFAIL', 'refused.a.example': 'REFUSED', 'slow.a.example': 'TIMEOUT' },
    authenticated: ['_25._tcp.mx.a.example'],
  });
  resolver = new SystemResolver({ servers: [server.address], timeoutMs: 300, tries: 1 });
});
afterAll(() => server.close());

describe('SystemResolver against a DNS server on 127.0.0.1', () => {
  it('answers every type in the documented shapes', async () => {
    expect((await resolver.query('A.Example.', 'A')).records).toEqual(['192.0.2.1']);
    expect((await resolver.query('a.example', 'AAAA')).records).toEqual(['2001:db8::1']);
    expect((await resolver.query('a.example', 'MX')).records).toEqual([{ priority: 5, exchange: 'mx.a.example' }]);
    expect((await resolver.query('a.example', 'TXT')).records).toEqual([['v=spf1 ', 'ip4:192.0.2.0/24 -all']]);
    expect((await resolver.query('a.example', 'NS')).records).toEqual(['ns1.a.example']);
    expect((await resolver.query('alias.a.example', 'CNAME')).records).toEqual(['a.example']);
    expect((await resolver.query('1.2.0.192.in-addr.arpa', 'PTR')).records).toEqual(['a.example']);
    expect((await resolver.query('a.example.soa', 'SOA')).records[0]).toMatchObject({ nsname: 'ns1.a.example', serial: 7 });
    expect((await resolver.query('a.example', 'A')).authenticated).toBeNull();
  });

  it('large answers come over TCP on the same port', async () => {
    const answer = await resolver.query('big.a.example', 'TXT');
    expect(answer.records).toHaveLength(12);
    expect(server.received.some((q) => q.name === 'big.a.example' && q.transport === 'tcp')).toBe(true);
  });

  it('maps every failure to an rcode and never throws', async () => {
    expect((await resolver.query('nope.a.example', 'A')).rcode).toBe('NXDOMAIN');
    expect(await resolver.query('a.example', 'PTR')).toMatchObject({ rcode: 'NOERROR', records: [] });
    expect((await resolver.query('fail.a.example', 'A')).rcode).toBe('SERVFAIL');
    expect((await resolver.query('refused.a.example', 'A')).rcode).toBe('REFUSED');
    expect((await resolver.query('slow.a.example', 'A')).rcode).toBe('TIMEOUT');
  });

  it('TLSA through dns-packet, with the AD bit as the resolver set it', async () => {
    expect(await resolver.query('_25._tcp.mx.a.example', 'TLSA')).toMatchObject({
      rcode: 'NOERROR',
      authenticated: true,
      records: [{ usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32) }],
    });
    expect(await resolver.query('_25._tcp.mx2.a.example', 'TLSA')).toMatchObject({ rcode: 'NOERROR', authenticated: false });
    expect((await resolver.query('_25._tcp.none.a.example', 'TLSA')).rcode).toBe('NXDOMAIN');
    expect((await resolver.query('slow.a.example', 'TLSA')).rcode).toBe('TIMEOUT');
  });
});

describe('parseDnsServer', () => {
  it('reads HOST[:PORT] with IPv4 and IPv6', () => {
    expect(parseDnsServer('192.0.2.53')).toEqual({ host: '192.0.2.53', port: 53 });
    expect(parseDnsServer('127.0.0.1:5353')).toEqual({ host: '127.0.0.1', port: 5353 });
    expect(parseDnsServer('::1')).toEqual({ host: '::1', port: 53 });
    expect(parseDnsServer('[::1]:5353')).toEqual({ host: '::1', port: 5353 });
  });

  it('refuses host names and bad ports as usage errors', () => {
    expect(() => parseDnsServer('dns.example.com')).toThrow(/IP address/);
    expect(() => parseDnsServer('127.0.0.1:0')).toThrow(/port/);
    expect(() => parseDnsServer('127.0.0.1:99999')).toThrow(/port/);
  });
});
