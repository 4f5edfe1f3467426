/**
 * The I/O of the MTA-STS check: the TXT record at `_mta-sts.<domain>`, the addresses of
 * `mta-sts.<domain>` (through the run's resolver, so fixture zones and replays decide where
 * the fetch goes), and the policy fetched from
 * `https://mta-sts.<domain>/.well-known/mta-sts.txt` (RFC 8461 sections 3.1 and 3.3).
 * @module
 */
import { txtText, type DnsAnswer, type DnsResolver } from '../../io/dns/resolver.js';
import type { HttpsFetcher, HttpsResult } from '../../io/http/fetch-text.js';
import { isMtaStsRecord } from './parse-mtasts-record.js';

export interface MtaStsAnswers {
  domain: string;
  /** `_mta-sts.<domain>`. */
  recordName: string;
  txt: DnsAnswer<'TXT'>;
  /** TXT records that start with v=STSv1. */
  records: string[];
  /** `mta-sts.<domain>`. */
  policyHost: string;
  policyUrl: string;
  /** Asked only when there is an MTA-STS record. */
  a: DnsAnswer<'A'> | null;
  aaaa: DnsAnswer<'AAAA'> | null;
  /** The address fetched from (the first IPv4 one, else the first IPv6 one). */
  address: string | null;
  fetch: HttpsResult | null;
}

export function mtaStsPolicyUrl(domain: string): string {
  return `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
}

export async function queryMtaSts(resolver: DnsResolver, fetch: HttpsFetcher, domain: string): Promise<MtaStsAnswers> {
  const recordName = `_mta-sts.${domain}`;
  const policyHost = `mta-sts.${domain}`;
  const policyUrl = mtaStsPolicyUrl(domain);
  const txt = await resolver.query(recordName, 'TXT');
  const records = txt.records.map(txtText).filter(isMtaStsRecord);
  const answers: MtaStsAnswers = { domain, recordName, txt, records, policyHost, policyUrl, a: null, aaaa: null, address: null, fetch: null };
  // With no record, senders never fetch a policy; neither do we.
  if (records.length === 0) return answers;
  const [a, aaaa] = await Promise.all([resolver.query(policyHost, 'A'), resolver.query(policyHost, 'AAAA')]);
  answers.a = a;
  answers.aaaa = aaaa;
  answers.address = a.records[0] ?? aaaa.records[0] ?? null;
  if (answers.address) answers.fetch = await fetch({ url: policyUrl, address: answers.address });
  return answers;
}
