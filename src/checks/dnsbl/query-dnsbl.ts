/**
 * The DNS side of the blocklists: one A question per list, all in parallel.
 * @module
 */
import type { IpAddress } from '../../core/ip-address.js';
import type { DnsAnswer, DnsResolver } from '../../io/dns/resolver.js';
import type { DnsblList } from './dnsbl-lists.js';
import { dnsblQueryName } from './parse-dnsbl-answer.js';

export interface DnsblAnswer {
  list: DnsblList;
  query: string;
  /** null when the list was skipped (an IPv4-only list and an IPv6 address). */
  answer: DnsAnswer<'A'> | null;
}

export function queryDnsbl(resolver: DnsResolver, subject: IpAddress | string, lists: readonly DnsblList[]): Promise<DnsblAnswer[]> {
  return Promise.all(
    lists.map(async (list) => {
      if (typeof subject !== 'string' && subject.version === 6 && !list.ipv6) return { list, query: '', answer: null };
      const query = dnsblQueryName(subject, list);
      return { list, query, answer: await resolver.query(query, 'A') };
    }),
  );
}
