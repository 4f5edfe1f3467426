import { describe, expect, it } from 'vitest';
import { parseIp, reverseDnsName } from '../../core/ip-address.js';
import type { DnsAnswer } from '../../io/dns/resolver.js';
import { DNSBL_LISTS, compileDnsblLists, selectDnsblLists } from './dnsbl-lists.js';
import { dnsblQueryName, interpretDnsblAnswer } from './parse-dnsbl-answer.js';

const list = (id: string) => DNSBL_LISTS.find((l) => l.id === id)!;
const answer = (records: string[], rcode: DnsAnswer['rcode'] = 'NOERROR'): DnsAnswer<'A'> => ({ name: 'q', type: 'A', rcode, records, authenticated: null });

describe('DNSBL query names', () => {
  it('IPv4: octets reversed (dnsbl.md: 203.0.113.79 -> 79.113.0.203.zen.spamhaus.org)', () => {
    expect(dnsblQueryName(parseIp('203.0.113.79')!, list('spamhaus-zen'))).toBe('79.113.0.203.zen.spamhaus.org');
  });

  it('IPv6: 32 nibbles reversed (dnsbl.md: 2001:db8:7ca6:22::45)', () => {
    expect(dnsblQueryName(parseIp('2001:db8:7ca6:22::45')!, list('spamhaus-zen'))).toBe('5.4.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.2.0.0.6.a.c.7.8.b.d.0.1.0.0.2.zen.spamhaus.org');
    expect(reverseDnsName(parseIp('2001:db8::cb01')!)).toBe('1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa');
    expect(dnsblQueryName(parseIp('::ffff:192.0.2.1')!, list('spamhaus-zen')).split('.')).toHaveLength(32 + 3);
  });

  it('domains: the domain before the zone', () => {
    expect(dnsblQueryName('example.com', list('spamhaus-dbl'))).toBe('example.com.dbl.spamhaus.org');
  });
});

describe('DNSBL answers', () => {
  it('NXDOMAIN is clean; failures are unanswered, never clean', () => {
    expect(interpretDnsblAnswer(list('spamhaus-zen'), 'q', answer([], 'NXDOMAIN')).state).toBe('clean');
    for (const rcode of ['SERVFAIL', 'REFUSED', 'TIMEOUT', 'ERROR'] as const) expect(interpretDnsblAnswer(list('spamhaus-zen'), 'q', answer([], rcode)).state).toBe('unanswered');
  });

  it('documented codes are listings with their meanings', () => {
    const r = interpretDnsblAnswer(list('spamhaus-zen'), 'q', answer(['127.0.0.4', '127.0.0.10']));
    expect(r.state).toBe('listed');
    expect(r.meanings.map((m) => m.split(':')[0])).toEqual(['XBL', 'PBL (kept by the ISP)']);
  });

  it('refusal codes are refused, not listed and not clean', () => {
    for (const code of ['127.255.255.252', '127.255.255.254', '127.255.255.255']) expect(interpretDnsblAnswer(list('spamhaus-zen'), 'q', answer([code])).state).toBe('refused');
    expect(interpretDnsblAnswer(list('spamhaus-dbl'), 'q', answer(['127.0.1.255'])).state).toBe('refused');
    expect(interpretDnsblAnswer(list('uribl'), 'q', answer(['127.0.0.1'])).state).toBe('refused');
    expect(interpretDnsblAnswer(list('surbl'), 'q', answer(['127.0.0.1'])).state).toBe('refused');
  });

  it('bitmask lists decode every bit; undocumented codes are not listings', () => {
    expect(interpretDnsblAnswer(list('surbl'), 'q', answer(['127.0.0.80'])).meanings).toEqual(['MW: malware', 'ABUSE: spam and other abuse']);
    expect(interpretDnsblAnswer(list('uribl'), 'q', answer(['127.0.0.14'])).state).toBe('listed');
    expect(interpretDnsblAnswer(list('spamhaus-zen'), 'q', answer(['127.0.0.99'])).state).toBe('unknown-code');
  });
});

describe('lists.json', () => {
  it('is valid, has the default set, and no retired lists', () => {
    expect(DNSBL_LISTS.length).toBeGreaterThan(5);
    expect(DNSBL_LISTS.map((l) => l.zone)).not.toContain('dnsbl.sorbs.net');
    expect(selectDnsblLists(DNSBL_LISTS).every((l) => l.default)).toBe(true);
    expect(selectDnsblLists(DNSBL_LISTS, ['spamcop', 'zen.spamhaus.org']).map((l) => l.id)).toEqual(['spamcop', 'spamhaus-zen']);
    expect(selectDnsblLists(DNSBL_LISTS, ['all'])).toHaveLength(DNSBL_LISTS.length);
    expect(() => selectDnsblLists(DNSBL_LISTS, ['nope'])).toThrow(/unknown blocklist/);
  });

  it('rejects a bad lists file with the entry named', () => {
    expect(() => compileDnsblLists({ lists: [{ id: 'x', name: 'X', zone: 'bl.example', type: 'ip', listings: [{ code: 'listed', meaning: 'm' }], removal: 'r', source: 's' }] }, 'f.json')).toThrow(
      /f\.json: lists\[0\] \(x\) listings\[0\]/,
    );
  });
});
