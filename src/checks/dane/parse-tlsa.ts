/**
 * TLSA records read as an SMTP client reads them (RFC 6698 section 2.1, RFC 7672 section
 * 3.1): only DANE-TA(2) and DANE-EE(3) are usable for SMTP; PKIX-TA(0) and PKIX-EE(1) are
 * not (RFC 7672 section 3.1.3). Pure.
 * @module
 */
import type { TlsaRecord } from '../../io/dns/resolver.js';

const USAGES: Record<number, string> = { 0: 'PKIX-TA', 1: 'PKIX-EE', 2: 'DANE-TA', 3: 'DANE-EE' };
const SELECTORS: Record<number, string> = { 0: 'Cert', 1: 'SPKI' };
const MATCHING: Record<number, string> = { 0: 'Full', 1: 'SHA2-256', 2: 'SHA2-512' };
/** Digest lengths in hex characters (RFC 6698 section 2.1.3). */
const DIGEST_HEX: Record<number, number> = { 1: 64, 2: 128 };

export interface ParsedTlsa extends TlsaRecord {
  /** "3 1 1" with names: "DANE-EE SPKI SHA2-256". */
  text: string;
  usable: boolean;
  /** Why an SMTP client ignores it. */
  unusable: string | null;
}

export function parseTlsa(record: TlsaRecord): ParsedTlsa {
  const data = record.data.toLowerCase();
  const name = (table: Record<number, string>, n: number): string => table[n] ?? `unknown(${n})`;
  const text = `${record.usage} ${record.selector} ${record.matchingType} (${name(USAGES, record.usage)} ${name(SELECTORS, record.selector)} ${name(MATCHING, record.matchingType)})`;
  let unusable: string | null = null;
  if (record.usage === 0 || record.usage === 1) unusable = `${USAGES[record.usage]} is not used by SMTP clients (RFC 7672 section 3.1.3)`;
  else if (!USAGES[record.usage]) unusable = `unknown usage ${record.usage}`;
  else if (!SELECTORS[record.selector]) unusable = `unknown selector ${record.selector}`;
  else if (!MATCHING[record.matchingType]) unusable = `unknown matching type ${record.matchingType}`;
  else if (DIGEST_HEX[record.matchingType] !== undefined && data.length !== DIGEST_HEX[record.matchingType]) unusable = `the digest has ${data.length / 2} bytes, not ${DIGEST_HEX[record.matchingType]! / 2}`;
  return { ...record, data, text, usable: unusable === null, unusable };
}
