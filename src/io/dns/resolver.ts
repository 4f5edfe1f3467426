/**
 * The DNS seam of the checks: one `query(name, type)` that never throws and always says how
 * the resolver answered (the rcode), so that "the name does not exist" (NXDOMAIN), "it has no
 * such record" (NOERROR with no data) and "the resolver failed" (SERVFAIL, REFUSED, timeout)
 * stay apart. Implementations: system-resolver (the network), zone-resolver (fixture zones and
 * --replay), and wrappers that log, cache and record.
 * @module
 */

export const DNS_RECORD_TYPES = ['A', 'AAAA', 'MX', 'TXT', 'CNAME', 'PTR', 'NS', 'SOA', 'TLSA'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

/**
 * How a query ended. NOERROR with no records is NODATA. TIMEOUT: no answer in time.
 * ERROR: anything else (connection refused, malformed answer, not in a replay file).
 */
export const DNS_RCODES = ['NOERROR', 'NXDOMAIN', 'SERVFAIL', 'REFUSED', 'TIMEOUT', 'ERROR'] as const;
export type DnsRcode = (typeof DNS_RCODES)[number];

export interface MxRecord {
  priority: number;
  exchange: string;
}

export interface SoaRecord {
  nsname: string;
  hostmaster: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minttl: number;
}

/** RFC 6698 section 2.1; the association data as lower-case hex. */
export interface TlsaRecord {
  usage: number;
  selector: number;
  matchingType: number;
  data: string;
}

/** The records of each type, in JSON-friendly form (the same in recordings). */
export interface DnsRecordMap {
  A: string;
  AAAA: string;
  MX: MxRecord;
  /** One TXT record as its character strings (each at most 255 bytes); join with '' to read it. */
  TXT: string[];
  CNAME: string;
  PTR: string;
  NS: string;
  SOA: SoaRecord;
  TLSA: TlsaRecord;
}

export interface DnsAnswer<T extends DnsRecordType = DnsRecordType> {
  /** The name asked, normalised (lower case, no trailing dot). */
  name: string;
  type: T;
  rcode: DnsRcode;
  records: DnsRecordMap[T][];
  /**
   * Whether the resolver set the AD bit (it vouched that it validated the answer with DNSSEC).
   * null when the query path cannot see the bit (Node's resolver does not expose it).
   */
  authenticated: boolean | null;
  /** Why the query failed, for ERROR and TIMEOUT. */
  error?: string;
}

export interface DnsResolver {
  /** Never throws: every outcome is an answer with an rcode. */
  query<T extends DnsRecordType>(name: string, type: T): Promise<DnsAnswer<T>>;
  /** Where answers come from, for reports: "system", "127.0.0.1:5353", "replay of FILE". */
  readonly description: string;
}

/** The resolver did not give a usable answer: the question is still open (temperror). */
export function isLookupFailure(rcode: DnsRcode): boolean {
  return rcode === 'SERVFAIL' || rcode === 'REFUSED' || rcode === 'TIMEOUT' || rcode === 'ERROR';
}

/** RFC 7208 section 4.6.4: a "void" answer is NXDOMAIN or NOERROR with no records. */
export function isVoidAnswer(answer: DnsAnswer): boolean {
  return answer.rcode === 'NXDOMAIN' || (answer.rcode === 'NOERROR' && answer.records.length === 0);
}

/** Lower case, no trailing dot: the form used as a key everywhere. */
export function normalizeQueryName(name: string): string {
  return name.trim().replace(/\.$/, '').toLowerCase();
}

/** The text of one TXT record: its character strings joined without spaces (RFC 7208 section 3.3). */
export function txtText(record: string[]): string {
  return record.join('');
}
