/**
 * The DNS side of reverse DNS: the PTR records of the address, then (in parallel) the
 * forward A or AAAA records of each name, to confirm they point back.
 * @module
 */
import { reverseDnsName, type IpAddress } from '../../core/ip-address.js';
import type { DnsAnswer, DnsResolver } from '../../io/dns/resolver.js';

export interface PtrAnswers {
  ptr: DnsAnswer<'PTR'>;
  forward: { name: string; answer: DnsAnswer<'A' | 'AAAA'> }[];
}

export async function queryPtr(resolver: DnsResolver, ip: IpAddress, maxNames: number): Promise<PtrAnswers> {
  const ptr = await resolver.query(reverseDnsName(ip), 'PTR');
  const names = [...new Set(ptr.records)].slice(0, maxNames);
  const forward = await Promise.all(names.map(async (name) => ({ name, answer: (await resolver.query(name, ip.version === 4 ? 'A' : 'AAAA')) as DnsAnswer<'A' | 'AAAA'> })));
  return { ptr, forward };
}
