/**
 * What one blocklist answer means (pure). Only documented codes are listings; refusal codes
 * (Spamhaus 127.255.255.x, URIBL/SURBL 127.0.0.1, ...) and failed lookups are "not checked",
 * never "clean"; NXDOMAIN is clean.
 * @module
 */
import { reversedLabels, type IpAddress } from '../../core/ip-address.js';
import { isLookupFailure, type DnsAnswer, type DnsRcode } from '../../io/dns/resolver.js';
import type { DnsblList } from './dnsbl-lists.js';

export type DnsblState = 'listed' | 'clean' | 'refused' | 'unanswered' | 'unknown-code' | 'skipped';

export interface DnsblListResult {
  list: string;
  name: string;
  zone: string;
  /** The name asked (empty when skipped). */
  query: string;
  state: DnsblState;
  rcode: DnsRcode | null;
  /** The A records returned. */
  codes: string[];
  /** Meanings of the listing or refusal codes. */
  meanings: string[];
}

/** The query name: reversed IPv4 octets or IPv6 nibbles, or the domain, then the zone. */
export function dnsblQueryName(subject: IpAddress | string, list: DnsblList): string {
  return typeof subject === 'string' ? `${subject}.${list.zone}` : `${reversedLabels(subject)}.${list.zone}`;
}

function bitMeanings(list: DnsblList, code: string): string[] {
  const parts = code.split('.').map(Number);
  if (parts[0] !== 127 || !list.bitmask) return [];
  const last = parts[3] ?? 0;
  return list.bitmask.filter((b) => (last & b.bit) !== 0).map((b) => b.meaning);
}

export function interpretDnsblAnswer(list: DnsblList, query: string, answer: DnsAnswer<'A'>): DnsblListResult {
  const base = { list: list.id, name: list.name, zone: list.zone, query, rcode: answer.rcode, codes: answer.records };
  if (isLookupFailure(answer.rcode)) return { ...base, state: 'unanswered', meanings: [] };
  if (answer.records.length === 0) return { ...base, state: 'clean', meanings: [] };
  const refusals = answer.records.flatMap((code) => list.refusals.filter((r) => r.code === code).map((r) => r.meaning));
  const listings = answer.records.flatMap((code) => [...list.listings.filter((l) => l.code === code).map((l) => l.meaning), ...(list.refusals.some((r) => r.code === code) ? [] : bitMeanings(list, code))]);
  if (listings.length > 0) return { ...base, state: 'listed', meanings: [...new Set(listings)] };
  if (refusals.length > 0) return { ...base, state: 'refused', meanings: refusals };
  return { ...base, state: 'unknown-code', meanings: [] };
}
