import { describe, expect, it } from 'vitest';
import { formatIp, IP_SCOPES, ipInCidr, ipScope, ipScopeOf, isGloballyReachable, isInternetScope, parseIp, reverseDnsName, reversedLabels, unmapIpv4, type IpScope } from './ip-address.js';

describe('ip-address', () => {
  it('parses IPv4 strictly', () => {
    expect(parseIp('192.0.2.1')?.bytes).toEqual([192, 0, 2, 1]);
    for (const bad of ['192.0.2', '192.0.2.256', '192.0.2.01', '1.2.3.4.5', 'a.b.c.d', '']) expect(parseIp(bad)).toBeNull();
  });

  it('parses and canonicalises IPv6, embedded IPv4 included', () => {
    expect(parseIp('2001:DB8::1')?.full).toBe('2001:0db8:0000:0000:0000:0000:0000:0001');
    expect(parseIp('::')?.full).toBe('0000:0000:0000:0000:0000:0000:0000:0000');
    expect(parseIp('::ffff:192.0.2.1')?.bytes.slice(10)).toEqual([0xff, 0xff, 192, 0, 2, 1]);
    expect(parseIp('64:ff9b::192.0.2.1')?.full).toBe('0064:ff9b:0000:0000:0000:0000:c000:0201');
    for (const bad of ['2001:db8::1::2', '2001:db8:1:2:3:4:5:6:7', '12345::', ':::', '2001:db8::g']) expect(parseIp(bad)).toBeNull();
  });

  it('formats IPv6 per RFC 5952 and unmaps IPv4-mapped addresses', () => {
    expect(formatIp(parseIp('2001:0db8:0000:0000:0000:0000:0000:0001')!)).toBe('2001:db8::1');
    expect(formatIp(parseIp('2001:db8:0:1:0:0:0:1')!)).toBe('2001:db8:0:1::1');
    expect(formatIp(parseIp('2001:db8:1:1:1:1:1:1')!)).toBe('2001:db8:1:1:1:1:1:1');
    expect(unmapIpv4(parseIp('::ffff:192.0.2.1')!).full).toBe('192.0.2.1');
  });

  it('reverse names: in-addr.arpa and the ip6.arpa nibble form', () => {
    expect(reverseDnsName(parseIp('192.0.2.5')!)).toBe('5.2.0.192.in-addr.arpa');
    expect(reversedLabels(parseIp('2001:db8:7ca6:22::45')!)).toBe('5.4.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.2.0.0.6.a.c.7.8.b.d.0.1.0.0.2');
  });

  it('CIDR matching', () => {
    const ip = parseIp('192.0.2.130')!;
    expect(ipInCidr(ip, parseIp('192.0.2.128')!, 30)).toBe(true);
    expect(ipInCidr(ip, parseIp('192.0.2.128')!, 31)).toBe(false);
    expect(ipInCidr(ip, parseIp('0.0.0.0')!, 0)).toBe(true);
    expect(ipInCidr(parseIp('2001:db8::1')!, parseIp('2001:db8::')!, 32)).toBe(true);
    expect(ipInCidr(ip, parseIp('2001:db8::')!, 0)).toBe(false);
  });
});

/** Each row: an address, its scope, and the source (IANA special-purpose registries, RFC 6890). */
const SCOPES: readonly [string, IpScope, string][] = [
  ['0.0.0.0', 'unspecified', 'RFC 791: 0.0.0.0/8 this network'],
  ['0.255.1.2', 'unspecified', 'RFC 791: 0.0.0.0/8 this network'],
  ['10.1.2.3', 'private', 'RFC 1918: 10.0.0.0/8'],
  ['172.16.0.1', 'private', 'RFC 1918: 172.16.0.0/12'],
  ['172.31.255.255', 'private', 'RFC 1918: 172.16.0.0/12, last address'],
  ['172.32.0.1', 'public', 'just above 172.16.0.0/12'],
  ['192.168.1.1', 'private', 'RFC 1918: 192.168.0.0/16'],
  ['100.64.0.1', 'shared', 'RFC 6598: 100.64.0.0/10 (CGNAT)'],
  ['100.127.255.254', 'shared', 'RFC 6598: 100.64.0.0/10, top'],
  ['100.128.0.1', 'public', 'just above 100.64.0.0/10'],
  ['100.63.255.255', 'public', 'just below 100.64.0.0/10'],
  ['127.0.0.1', 'loopback', 'RFC 1122: 127.0.0.0/8'],
  ['127.255.0.9', 'loopback', 'RFC 1122: 127.0.0.0/8'],
  ['169.254.10.20', 'link-local', 'RFC 3927: 169.254.0.0/16'],
  ['192.0.0.8', 'reserved', 'RFC 6890: 192.0.0.0/24 IETF protocol assignments'],
  ['192.0.0.9', 'public', 'RFC 7723: PCP anycast, globally reachable'],
  ['192.0.0.10', 'public', 'RFC 8155: TURN anycast, globally reachable'],
  ['192.0.2.55', 'documentation', 'RFC 5737: TEST-NET-1'],
  ['198.51.100.7', 'documentation', 'RFC 5737: TEST-NET-2'],
  ['203.0.113.5', 'documentation', 'RFC 5737: TEST-NET-3'],
  ['198.18.0.1', 'reserved', 'RFC 2544: 198.18.0.0/15 benchmarking'],
  ['198.19.255.255', 'reserved', 'RFC 2544: 198.18.0.0/15 benchmarking'],
  ['224.0.0.251', 'multicast', 'RFC 5771: 224.0.0.0/4'],
  ['239.255.255.250', 'multicast', 'RFC 5771: 224.0.0.0/4'],
  ['240.0.0.1', 'reserved', 'RFC 1112: 240.0.0.0/4 future use'],
  ['255.255.255.255', 'reserved', 'RFC 919: limited broadcast'],
  ['8.8.8.8', 'public', 'globally reachable unicast'],
  ['::', 'unspecified', 'RFC 4291 section 2.5.2'],
  ['::1', 'loopback', 'RFC 4291 section 2.5.3'],
  ['::ffff:10.0.0.1', 'private', 'RFC 4291 section 2.5.5.2: IPv4-mapped, scope of the IPv4 address'],
  ['::ffff:127.0.0.1', 'loopback', 'RFC 4291 section 2.5.5.2: IPv4-mapped'],
  ['::ffff:c000:205', 'documentation', 'RFC 4291 section 2.5.5.2: IPv4-mapped, hex form'],
  ['::ffff:8.8.8.8', 'public', 'RFC 4291 section 2.5.5.2: IPv4-mapped'],
  ['64:ff9b::a9fe:a9fe', 'link-local', 'RFC 6052: NAT64 well-known prefix carries 169.254.169.254'],
  ['64:ff9b::808:808', 'public', 'RFC 6052: NAT64 of 8.8.8.8'],
  ['64:ff9b:1::1', 'private', 'RFC 8215: local-use translation prefix'],
  ['2002:c0a8:101::1', 'private', 'RFC 3056: 6to4 carries 192.168.1.1'],
  ['2002:808:808::1', 'public', 'RFC 3056: 6to4 of 8.8.8.8'],
  ['::192.0.2.1', 'reserved', 'RFC 4291 section 2.5.5.1: deprecated IPv4-compatible, outside 2000::/3'],
  ['100::1', 'reserved', 'RFC 6666: discard-only 100::/64'],
  ['2001:2::1', 'reserved', 'RFC 5180: benchmarking, in 2001::/23'],
  ['2001:10::1', 'reserved', 'RFC 4843: deprecated ORCHID, in 2001::/23'],
  ['2001::1', 'public', 'RFC 4380: Teredo'],
  ['2001:1::1', 'public', 'RFC 7723: PCP anycast'],
  ['2001:4:112::1', 'public', 'RFC 7535: AS112-v6'],
  ['2001:20::1', 'public', 'RFC 7343: ORCHIDv2'],
  ['2001:db8::1', 'documentation', 'RFC 3849: 2001:db8::/32'],
  ['3fff::1', 'documentation', 'RFC 9637: 3fff::/20'],
  ['3fff:1000::1', 'public', 'just above 3fff::/20'],
  ['5f00::1', 'reserved', 'RFC 9602: SRv6 SIDs'],
  ['fc00::1', 'private', 'RFC 4193: unique local fc00::/7'],
  ['fd12:3456::1', 'private', 'RFC 4193: unique local fc00::/7'],
  ['fe80::1', 'link-local', 'RFC 4291 section 2.5.6: fe80::/10'],
  ['febf::1', 'link-local', 'RFC 4291 section 2.5.6: fe80::/10, top'],
  ['fec0::1', 'private', 'RFC 3879: deprecated site-local'],
  ['ff02::1', 'multicast', 'RFC 4291 section 2.7'],
  ['2a01:111:f400::1', 'public', 'global unicast 2000::/3'],
  ['4000::1', 'reserved', 'IANA IPv6 address space: reserved by the IETF'],
];

describe('ipScope', () => {
  it.each(SCOPES)('%s is %s (%s)', (text, scope) => {
    expect(ipScope(parseIp(text)!)).toBe(scope);
  });

  it('the table above covers every scope', () => {
    expect(new Set(SCOPES.map(([, scope]) => scope))).toEqual(new Set(IP_SCOPES));
  });

  it('reads text forms: brackets, IPv6: tag, zone index; null for what is not an address', () => {
    expect(ipScopeOf('[192.168.0.1]')).toBe('private');
    expect(ipScopeOf('[IPv6:2001:db8::5]')).toBe('documentation');
    expect(ipScopeOf('fe80::1%eth0')).toBe('link-local');
    expect(ipScopeOf(' 203.0.113.9 ')).toBe('documentation');
    for (const bad of ['mx.contoso.com', '192.0.2', '192.0.2.01', '']) expect(ipScopeOf(bad)).toBeNull();
  });

  it('guard against internal addresses: only public passes, IPv4 inside IPv6 included', () => {
    const reachable = (text: string): boolean => isGloballyReachable(parseIp(text)!);
    expect(reachable('8.8.8.8')).toBe(true);
    expect(reachable('2a01:111:f400::1')).toBe(true);
    for (const internal of ['127.0.0.1', '10.0.0.1', '100.64.0.1', '169.254.169.254', '0.0.0.0', '192.0.2.1', '::1', '::ffff:127.0.0.1', '64:ff9b::7f00:1', '2002:7f00:1::', 'fd00::1', 'fe80::1', '::']) {
      expect(reachable(internal), internal).toBe(false);
    }
  });

  it('in messages, documentation addresses stand for internet hosts (fixtures use them)', () => {
    expect(isInternetScope('public')).toBe(true);
    expect(isInternetScope('documentation')).toBe(true);
    for (const scope of ['private', 'shared', 'loopback', 'link-local', 'unspecified', 'multicast', 'reserved', null] as const) expect(isInternetScope(scope)).toBe(false);
  });
});
