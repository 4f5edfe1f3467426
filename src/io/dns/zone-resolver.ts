/**
 * Answers DNS questions from data instead of the network: from a fixture zone (tests, and the
 * fixture DNS server that serves the same zones over UDP and TCP) or from the exact answers of
 * a recording (`--replay`). One module for both, so tests and replay cannot drift apart
 * (compare mailauth, which has one resolver for its tests and another for its CLI cache).
 *
 * Zone semantics follow what a recursive resolver returns: NXDOMAIN for a name that does not
 * exist, NOERROR with no records (NODATA) for a name that exists without that type (including
 * empty non-terminals, RFC 8020), CNAME chains followed to the records of the last name.
 *
 * Zone file (`test/fixtures/dns/<scenario>.zone.json`):
 * ```json
 * {
 *   "description": "what the scenario shows",
 *   "records": {
 *     "contoso.example": { "MX": [{ "priority": 0, "exchange": "mx.contoso.example" }],
 *                          "TXT": ["v=spf1 -all", ["long record in ", "two strings"]] },
 *     "www.contoso.example": { "CNAME": "contoso.example" }
 *   },
 *   "rcodes": { "broken.contoso.example": "SERVFAIL", "*.slow.example": "TIMEOUT" },
 *   "defaultRcode": "NXDOMAIN",
 *   "authenticated": ["contoso.example"]
 * }
 * ```
 * @module
 */
import { ToolkitError } from '../../core/errors.js';
import {
  DNS_RCODES,
  DNS_RECORD_TYPES,
  normalizeQueryName,
  type DnsAnswer,
  type DnsRcode,
  type DnsRecordMap,
  type DnsRecordType,
  type DnsResolver,
} from './resolver.js';

/** The JSON form of a fixture zone (see the module comment). */
export interface DnsZoneFile {
  description?: string;
  records?: Record<string, Partial<Record<DnsRecordType, unknown>>>;
  rcodes?: Record<string, DnsRcode>;
  defaultRcode?: DnsRcode;
  authenticated?: string[];
}

/** A zone ready to answer: names normalised, TXT split into strings, recorded answers by key. */
export interface DnsZone {
  records: Map<string, Map<DnsRecordType, unknown[]>>;
  rcodes: Map<string, DnsRcode>;
  defaultRcode: DnsRcode;
  authenticated: Set<string>;
  /** Exact answers (from a recording), by `name|TYPE`; they win over everything else. */
  exact: Map<string, DnsAnswer>;
  /** When set, a question without an exact answer fails with rcode ERROR and this text. */
  onlyExact?: string;
}

/** One step of a CNAME chain, for servers that must put the chain in the answer section. */
export interface CnameStep {
  name: string;
  target: string;
}

export interface ZoneAnswer<T extends DnsRecordType = DnsRecordType> {
  answer: DnsAnswer<T>;
  /** The CNAMEs followed, in order (empty when the name held the records itself). */
  chain: CnameStep[];
  /** The name that holds the records (the last name of the chain). */
  owner: string;
}

const MAX_CNAME_CHAIN = 8;
const MAX_TXT_STRING = 255;

function fail(where: string, message: string): never {
  throw new ToolkitError('config', `${where}: ${message}`);
}

function splitTxt(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= MAX_TXT_STRING) return [text];
  const chunks: string[] = [];
  for (let i = 0; i < bytes.length; i += MAX_TXT_STRING) chunks.push(bytes.subarray(i, i + MAX_TXT_STRING).toString('utf8'));
  return chunks;
}

function normalizeRecords(where: string, type: DnsRecordType, value: unknown): unknown[] {
  // "TXT": "text" is one record; "TXT": ["a", "b"] two records; "TXT": [["a", "b"]] one record of two strings.
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, i) => {
    const at = `${where} ${type}[${i}]`;
    switch (type) {
      case 'TXT':
        if (typeof item === 'string') return splitTxt(item);
        if (Array.isArray(item) && item.every((s) => typeof s === 'string')) return item as string[];
        return fail(at, 'a TXT record is a string or an array of strings');
      case 'MX': {
        const mx = item as { priority?: unknown; exchange?: unknown };
        if (typeof mx?.priority !== 'number' || typeof mx.exchange !== 'string') fail(at, 'an MX record is {"priority": n, "exchange": "host"}');
        // The null MX "0 ." (RFC 7505) has the root as exchange, which resolvers report as ''.
        return { priority: mx.priority, exchange: normalizeQueryName(mx.exchange as string) };
      }
      case 'SOA':
      case 'TLSA':
        if (typeof item !== 'object' || item === null) fail(at, `a ${type} record is an object`);
        return item;
      case 'CNAME':
      case 'PTR':
      case 'NS':
        if (typeof item !== 'string') fail(at, `a ${type} record is a host name`);
        return normalizeQueryName(item);
      default:
        if (typeof item !== 'string') fail(at, `an ${type} record is an address`);
        return item;
    }
  });
}

function checkRcode(where: string, value: unknown): DnsRcode {
  if (!(DNS_RCODES as readonly unknown[]).includes(value)) fail(where, `unknown rcode ${String(value)}`);
  return value as DnsRcode;
}

/** Validates and compiles a zone file; throws ToolkitError('config') naming the bad entry. */
export function compileZone(file: DnsZoneFile, source = 'zone'): DnsZone {
  if (typeof file !== 'object' || file === null) fail(source, 'a zone is a JSON object');
  const zone: DnsZone = {
    records: new Map(),
    rcodes: new Map(),
    defaultRcode: file.defaultRcode === undefined ? 'NXDOMAIN' : checkRcode(`${source} defaultRcode`, file.defaultRcode),
    authenticated: new Set((file.authenticated ?? []).map(normalizeQueryName)),
    exact: new Map(),
  };
  for (const [rawName, byType] of Object.entries(file.records ?? {})) {
    const name = normalizeQueryName(rawName);
    if (zone.records.has(name)) fail(`${source} ${name}`, 'the name appears twice');
    const types = new Map<DnsRecordType, unknown[]>();
    for (const [type, value] of Object.entries(byType ?? {})) {
      if (!(DNS_RECORD_TYPES as readonly string[]).includes(type)) fail(`${source} ${name}`, `unknown record type ${type}`);
      types.set(type as DnsRecordType, normalizeRecords(`${source} ${name}`, type as DnsRecordType, value));
    }
    if (types.has('CNAME') && types.size > 1) fail(`${source} ${name}`, 'a CNAME cannot sit beside other records (RFC 1034 section 3.6.2)');
    zone.records.set(name, types);
  }
  for (const [name, rcode] of Object.entries(file.rcodes ?? {})) zone.rcodes.set(normalizeQueryName(name), checkRcode(`${source} rcodes`, rcode));
  return zone;
}

/** A zone that answers exactly the given answers and nothing else (used for --replay). */
export function zoneFromAnswers(answers: readonly DnsAnswer[]): DnsZone {
  const zone: DnsZone = {
    records: new Map(),
    rcodes: new Map(),
    defaultRcode: 'ERROR',
    authenticated: new Set(),
    exact: new Map(),
    onlyExact: 'not in the recording',
  };
  for (const answer of answers) {
    const key = `${normalizeQueryName(answer.name)}|${answer.type}`;
    if (!zone.exact.has(key)) zone.exact.set(key, answer);
  }
  return zone;
}

function forcedRcode(zone: DnsZone, name: string): DnsRcode | undefined {
  const direct = zone.rcodes.get(name);
  if (direct) return direct;
  for (const [pattern, rcode] of zone.rcodes) {
    if (pattern.startsWith('*.') && (name === pattern.slice(2) || name.endsWith(pattern.slice(1)))) return rcode;
  }
  return undefined;
}

function nameExists(zone: DnsZone, name: string): boolean {
  if (zone.records.has(name)) return true;
  const suffix = `.${name}`;
  for (const other of zone.records.keys()) if (other.endsWith(suffix)) return true;
  return false;
}

/** Answers one question from a zone, with the CNAME chain a server must send along. */
export function answerFromZone<T extends DnsRecordType>(zone: DnsZone, qname: string, type: T): ZoneAnswer<T> {
  const name = normalizeQueryName(qname);
  const exact = zone.exact.get(`${name}|${type}`);
  if (exact) return { answer: { ...(exact as DnsAnswer<T>), name }, chain: [], owner: name };
  if (zone.onlyExact !== undefined) {
    return { answer: { name, type, rcode: 'ERROR', records: [], authenticated: null, error: zone.onlyExact }, chain: [], owner: name };
  }
  const chain: CnameStep[] = [];
  let owner = name;
  for (let hop = 0; ; hop++) {
    const rcode = forcedRcode(zone, owner);
    const base = { name, type, authenticated: zone.authenticated.has(owner) };
    if (rcode) return { answer: { ...base, rcode, records: [] }, chain, owner };
    const types = zone.records.get(owner);
    const records = types?.get(type);
    if (records) return { answer: { ...base, rcode: 'NOERROR', records: records as DnsRecordMap[T][] }, chain, owner };
    const cname = types?.get('CNAME')?.[0] as string | undefined;
    if (cname && type !== 'CNAME' && hop < MAX_CNAME_CHAIN) {
      chain.push({ name: owner, target: cname });
      owner = cname;
      continue;
    }
    if (cname && type !== 'CNAME') return { answer: { ...base, rcode: 'SERVFAIL', records: [], error: 'CNAME chain too long' }, chain, owner };
    const rcodeHere: DnsRcode = nameExists(zone, owner) ? 'NOERROR' : zone.defaultRcode;
    return { answer: { ...base, rcode: rcodeHere, records: [] }, chain, owner };
  }
}

export interface ZoneResolverOptions {
  /** Shown in reports as where the answers came from. */
  description?: string;
  /** Delay every answer by this many milliseconds (speed tests: chains of dependent lookups). */
  delayMs?: number;
}

/** A DnsResolver answering from a zone: fixture tests and --replay. */
export class ZoneResolver implements DnsResolver {
  readonly description: string;
  private readonly zone: DnsZone;
  private readonly delayMs: number;

  constructor(zone: DnsZone, options: ZoneResolverOptions = {}) {
    this.zone = zone;
    this.description = options.description ?? 'zone';
    this.delayMs = options.delayMs ?? 0;
  }

  static fromFile(file: DnsZoneFile, options: ZoneResolverOptions = {}): ZoneResolver {
    return new ZoneResolver(compileZone(file, options.description), options);
  }

  async query<T extends DnsRecordType>(name: string, type: T): Promise<DnsAnswer<T>> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return structuredClone(answerFromZone(this.zone, name, type).answer);
  }
}
