/**
 * The DNS side of DANE for SMTP: the TLSA records of every MX host at `_25._tcp.<host>`
 * (RFC 7672 section 2.2; always port 25, even when --smtp-port points the probe elsewhere).
 * @module
 */
import type { DnsAnswer, DnsResolver } from '../../io/dns/resolver.js';

export interface DaneAnswers {
  host: string;
  tlsa: DnsAnswer<'TLSA'>;
}

export function queryDane(resolver: DnsResolver, hosts: readonly string[]): Promise<DaneAnswers[]> {
  return Promise.all(hosts.map(async (host) => ({ host, tlsa: await resolver.query(`_25._tcp.${host}`, 'TLSA') })));
}
