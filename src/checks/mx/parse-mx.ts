/**
 * MX records read as a sender reads them (RFC 5321 section 5.1): ordered by preference, the
 * null MX of RFC 7505 recognised, IP literals (which are not host names) flagged, and the
 * Microsoft 365 forms named.
 * @module
 */
import { parseIp } from '../../core/ip-address.js';
import type { MxRecord } from '../../io/dns/resolver.js';

/**
 * Microsoft 365 (Exchange Online) MX forms: `<token>.mail.protection.outlook.com`, and the
 * newer `<token>.<x>-v1.mx.microsoft` used for DNSSEC/DANE (microsoft-365-mail-facts.md 7.1).
 */
export type Microsoft365MxForm = 'mail.protection.outlook.com' | 'mx.microsoft';

export interface ParsedMx {
  priority: number;
  /** The host as published ('' for the null MX). */
  exchange: string;
  /** The null MX "0 ." (RFC 7505). */
  isNull: boolean;
  /** The exchange is an IP address (with or without brackets), not a host name. */
  ipLiteral: boolean;
  microsoft365: Microsoft365MxForm | null;
}

/** Which Microsoft 365 MX form a host name has, if any. */
export function microsoft365MxForm(host: string): Microsoft365MxForm | null {
  if (/\.mail\.protection\.outlook\.com$/.test(host)) return 'mail.protection.outlook.com';
  if (/\.mx\.microsoft$/.test(host)) return 'mx.microsoft';
  return null;
}

/** Parses MX records, sorted by preference (then name, for a stable order). */
export function parseMx(records: readonly MxRecord[]): ParsedMx[] {
  return records
    .map((r) => {
      const exchange = r.exchange.replace(/\.$/, '').toLowerCase();
      const bare = exchange.replace(/^\[(.*)\]$/, '$1');
      return {
        priority: r.priority,
        exchange,
        isNull: exchange === '',
        ipLiteral: exchange !== '' && parseIp(bare) !== null,
        microsoft365: microsoft365MxForm(exchange),
      };
    })
    .sort((a, b) => a.priority - b.priority || a.exchange.localeCompare(b.exchange));
}
