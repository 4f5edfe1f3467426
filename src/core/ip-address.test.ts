import { describe, expect, it } from 'vitest';
import { formatIp, ipInCidr, parseIp, reverseDnsName, reversedLabels, unmapIpv4 } from './ip-address.js';

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
