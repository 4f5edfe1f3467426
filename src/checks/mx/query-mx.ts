/**
 * The DNS questions of the MX check: the MX records, then for every host (in parallel) its
 * A, AAAA and CNAME records; with no MX at all, the domain's own A and AAAA (the implicit MX
 * of RFC 5321 section 5.1).
 * @module
 */
import type { DnsAnswer, DnsResolver } from '../../io/dns/resolver.js';
import { parseMx } from './parse-mx.js';

export interface MxHostAnswers {
  exchange: string;
  a: DnsAnswer<'A'>;
  aaaa: DnsAnswer<'AAAA'>;
  cname: DnsAnswer<'CNAME'>;
}

export interface MxAnswers {
  mx: DnsAnswer<'MX'>;
  hosts: MxHostAnswers[];
  /** The domain's own A/AAAA, asked only when it has no MX records. */
  fallback: { a: DnsAnswer<'A'>; aaaa: DnsAnswer<'AAAA'> } | null;
}

export async function queryMx(resolver: DnsResolver, domain: string, maxHosts: number): Promise<MxAnswers> {
  const mx = await resolver.query(domain, 'MX');
  if (mx.rcode === 'NOERROR' && mx.records.length === 0) {
    const [a, aaaa] = await Promise.all([resolver.query(domain, 'A'), resolver.query(domain, 'AAAA')]);
    return { mx, hosts: [], fallback: { a, aaaa } };
  }
  const names = [...new Set(parseMx(mx.records).filter((h) => !h.isNull && !h.ipLiteral).map((h) => h.exchange))].slice(0, maxHosts);
  const hosts = await Promise.all(
    names.map(async (exchange) => {
      const [a, aaaa, cname] = await Promise.all([resolver.query(exchange, 'A'), resolver.query(exchange, 'AAAA'), resolver.query(exchange, 'CNAME')]);
      return { exchange, a, aaaa, cname };
    }),
  );
  return { mx, hosts, fallback: null };
}
