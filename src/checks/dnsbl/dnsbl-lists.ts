/**
 * The blocklists as data: lists.json (or a file of the same shape given with
 * --blocklist-file), validated once, and the selection of a run (--blocklist).
 * @module
 */
import { ToolkitError } from '../../core/errors.js';
import { isValidDomainName, normalizeDomain } from '../../core/domain-name.js';
import { parseIp } from '../../core/ip-address.js';
import listsData from './lists.json' with { type: 'json' };

export interface DnsblCode {
  code: string;
  meaning: string;
}

export interface DnsblList {
  id: string;
  name: string;
  zone: string;
  /** What is looked up: an IP address (reversed) or a domain. */
  type: 'ip' | 'domain';
  /** Whether the list answers for IPv6 addresses (nibble form). */
  ipv6: boolean;
  default: boolean;
  /** Exact answers that mean "listed". */
  listings: DnsblCode[];
  /** Bitmask lists: bits of the last octet of 127.0.0.x that mean "listed". */
  bitmask?: { bit: number; meaning: string }[];
  /** Answers that mean the list refused or could not answer: never a listing, never clean. */
  refusals: DnsblCode[];
  removal: string;
  usage: string;
  source: string;
}

function fail(source: string, message: string): never {
  throw new ToolkitError('config', `${source}: ${message}`);
}

function checkCodes(source: string, where: string, value: unknown): DnsblCode[] {
  if (!Array.isArray(value)) fail(source, `${where} is not a list`);
  return value.map((c: Partial<DnsblCode>, i) => {
    if (typeof c?.code !== 'string' || parseIp(c.code)?.version !== 4 || typeof c.meaning !== 'string') fail(source, `${where}[${i}] needs "code" (an IPv4 address) and "meaning"`);
    return { code: c.code, meaning: c.meaning };
  });
}

/** Validates a lists file (the shape of lists.json); throws ToolkitError('config') naming the bad entry. */
export function compileDnsblLists(data: unknown, source = 'lists.json'): DnsblList[] {
  const lists = (data as { lists?: unknown } | null)?.lists;
  if (!Array.isArray(lists) || lists.length === 0) fail(source, '"lists" must be a non-empty list');
  const ids = new Set<string>();
  return lists.map((raw: Partial<DnsblList>, i) => {
    const where = `lists[${i}]${typeof raw?.id === 'string' ? ` (${raw.id})` : ''}`;
    if (typeof raw?.id !== 'string' || !/^[a-z0-9-]+$/.test(raw.id)) fail(source, `${where}: "id" must be lower-case letters, digits and hyphens`);
    if (ids.has(raw.id)) fail(source, `${where}: the id appears twice`);
    ids.add(raw.id);
    const zone = normalizeDomain(typeof raw.zone === 'string' ? raw.zone : '');
    if (!isValidDomainName(zone) || !zone.includes('.')) fail(source, `${where}: "zone" is not a domain name`);
    if (raw.type !== 'ip' && raw.type !== 'domain') fail(source, `${where}: "type" must be ip or domain`);
    for (const key of ['name', 'removal', 'source'] as const) if (typeof raw[key] !== 'string') fail(source, `${where}: "${key}" is required`);
    const bitmask = raw.bitmask;
    if (bitmask !== undefined && (!Array.isArray(bitmask) || bitmask.some((b) => !Number.isInteger(b?.bit) || b.bit < 1 || b.bit > 255 || typeof b.meaning !== 'string'))) {
      fail(source, `${where}: "bitmask" entries need "bit" (1-255) and "meaning"`);
    }
    const listings = checkCodes(source, `${where} listings`, raw.listings ?? []);
    if (listings.length === 0 && !bitmask?.length) fail(source, `${where}: no listing codes and no bitmask`);
    return {
      id: raw.id,
      name: raw.name as string,
      zone,
      type: raw.type,
      ipv6: raw.ipv6 === true,
      default: raw.default !== false,
      listings,
      ...(bitmask ? { bitmask } : {}),
      refusals: checkCodes(source, `${where} refusals`, raw.refusals ?? []),
      removal: raw.removal as string,
      usage: typeof raw.usage === 'string' ? raw.usage : '',
      source: raw.source as string,
    };
  });
}

/** The lists shipped with maildoctor. */
export const DNSBL_LISTS: readonly DnsblList[] = compileDnsblLists(listsData);

/**
 * The lists of a run: `selection` holds ids or zones of `lists`, or "default" / "all";
 * empty means the default set. Unknown names are a usage error.
 */
export function selectDnsblLists(lists: readonly DnsblList[], selection: readonly string[] = []): DnsblList[] {
  if (selection.length === 0) return lists.filter((l) => l.default);
  const chosen = new Map<string, DnsblList>();
  for (const name of selection.map((s) => s.trim().toLowerCase()).filter(Boolean)) {
    const group = name === 'all' ? lists : name === 'default' ? lists.filter((l) => l.default) : lists.filter((l) => l.id === name || l.zone === name);
    if (group.length === 0) throw new ToolkitError('usage', `unknown blocklist "${name}" (known: ${lists.map((l) => l.id).join(', ')}, default, all)`);
    for (const l of group) chosen.set(l.id, l);
  }
  return [...chosen.values()];
}
