/**
 * The DNS side of DMARC (RFC 7489 section 6.6.3): the record at _dmarc.<domain>, else at
 * _dmarc.<organisational domain>; and the external reporting authorisation records
 * <policy domain>._report._dmarc.<destination> (section 7.1).
 * @module
 */
import { organizationalDomain } from '../../core/domain-name.js';
import { isLookupFailure, txtText, type DnsAnswer, type DnsResolver } from '../../io/dns/resolver.js';
import { isDmarcRecord } from './parse-dmarc.js';

export type DmarcRecordStatus = 'found' | 'none' | 'multiple' | 'temperror';

export interface DmarcRecordLookup {
  /** The policy domain the record belongs to. */
  domain: string;
  /** The name asked: _dmarc.<domain>. */
  name: string;
  status: DmarcRecordStatus;
  answer: DnsAnswer<'TXT'>;
  /** TXT records that start with v=DMARC1. */
  records: string[];
}

export interface DmarcLookups {
  domain: string;
  orgDomain: string;
  direct: DmarcRecordLookup;
  /** Asked only when the domain has no record and is below its organisational domain. */
  org: DmarcRecordLookup | null;
}

export async function queryDmarcRecord(resolver: DnsResolver, domain: string): Promise<DmarcRecordLookup> {
  const name = `_dmarc.${domain}`;
  const answer = await resolver.query(name, 'TXT');
  const records = answer.records.map(txtText).filter(isDmarcRecord);
  const status: DmarcRecordStatus = isLookupFailure(answer.rcode) ? 'temperror' : records.length === 0 ? 'none' : records.length > 1 ? 'multiple' : 'found';
  return { domain, name, status, answer, records };
}

export async function queryDmarc(resolver: DnsResolver, domain: string): Promise<DmarcLookups> {
  const orgDomain = organizationalDomain(domain);
  const direct = await queryDmarcRecord(resolver, domain);
  // A failed lookup is not "no record": falling back to the organisational domain would
  // report the wrong policy.
  const org = direct.status === 'none' && orgDomain !== domain ? await queryDmarcRecord(resolver, orgDomain) : null;
  return { domain, orgDomain, direct, org };
}

/** The section 7.1 authorisation name for reports of `policyDomain` sent to `destination`. */
export function reportAuthorizationName(policyDomain: string, destination: string): string {
  return `${policyDomain}._report._dmarc.${destination}`;
}

export function queryReportAuthorization(resolver: DnsResolver, policyDomain: string, destination: string): Promise<DnsAnswer<'TXT'>> {
  return resolver.query(reportAuthorizationName(policyDomain, destination), 'TXT');
}
