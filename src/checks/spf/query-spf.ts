/**
 * The DNS side of SPF: the record of a domain (TXT records starting with v=spf1, RFC 7208
 * section 4.5) and the address lookups of the a, mx, exists and ptr mechanisms.
 * @module
 */
import { isLookupFailure, isVoidAnswer, txtText, type DnsAnswer, type DnsResolver } from '../../io/dns/resolver.js';
import { isSpfRecord } from './parse-spf.js';

export type SpfRecordStatus = 'found' | 'none' | 'multiple' | 'temperror';

export interface SpfRecordLookup {
  domain: string;
  status: SpfRecordStatus;
  answer: DnsAnswer<'TXT'>;
  /** The one SPF record when found. */
  record: string | null;
  /** Every TXT record that starts with v=spf1. */
  records: string[];
  /** The TXT lookup found nothing at all (a void lookup, RFC 7208 section 4.6.4). */
  void: boolean;
}

export async function querySpfRecord(resolver: DnsResolver, domain: string): Promise<SpfRecordLookup> {
  const answer = await resolver.query(domain, 'TXT');
  const records = answer.records.map(txtText).filter(isSpfRecord);
  const status: SpfRecordStatus = isLookupFailure(answer.rcode) ? 'temperror' : records.length === 0 ? 'none' : records.length > 1 ? 'multiple' : 'found';
  return { domain, status, answer, record: records.length === 1 ? (records[0] ?? null) : null, records, void: isVoidAnswer(answer) };
}

/** The addresses of a name for the a and mx mechanisms: A for IPv4, AAAA for IPv6, or both. */
export async function queryAddresses(resolver: DnsResolver, name: string, versions: readonly (4 | 6)[]): Promise<DnsAnswer<'A' | 'AAAA'>[]> {
  return Promise.all(versions.map((v) => resolver.query(name, v === 4 ? 'A' : 'AAAA')));
}
