/**
 * The DNS side of TLS-RPT: the TXT records at `_smtp._tls.<domain>` (RFC 8460 section 3).
 * @module
 */
import { txtText, type DnsAnswer, type DnsResolver } from '../../io/dns/resolver.js';
import { isTlsRptRecord } from './parse-tlsrpt.js';

export interface TlsRptAnswers {
  domain: string;
  name: string;
  txt: DnsAnswer<'TXT'>;
  /** TXT records that start with v=TLSRPTv1. */
  records: string[];
}

export async function queryTlsRpt(resolver: DnsResolver, domain: string): Promise<TlsRptAnswers> {
  const name = `_smtp._tls.${domain}`;
  const txt = await resolver.query(name, 'TXT');
  return { domain, name, txt, records: txt.records.map(txtText).filter(isTlsRptRecord) };
}
