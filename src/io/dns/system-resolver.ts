/**
 * The network resolver: Node's `dns/promises` Resolver (c-ares) for the common types, with
 * its own per-query timeout and tries, and the servers of `--dns-server HOST[:PORT]` or else
 * the system's. TLSA goes through packet-query (dns-packet), since Node has no TLSA lookup.
 *
 * Every error becomes an rcode: ENOTFOUND is NXDOMAIN, ENODATA is NOERROR with no records,
 * ESERVFAIL, EREFUSED and ETIMEOUT are what they say, everything else is ERROR. Whether an
 * NXDOMAIN is real or a resolver without Internet access (which answers NXDOMAIN for every
 * name) is judged later by resolver-health, from the answers as a whole.
 * @module
 */
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { TlsaAnswer } from 'dns-packet';
import { ToolkitError } from '../../core/errors.js';
import { packetQuery, type DnsServerAddress } from './packet-query.js';
import { normalizeQueryName, type DnsAnswer, type DnsRcode, type DnsRecordMap, type DnsRecordType, type DnsResolver } from './resolver.js';

export interface SystemResolverOptions {
  /** `HOST[:PORT]` entries (IP addresses; IPv6 with a port as `[::1]:53`); the system's when absent. */
  servers?: string[];
  /** Milliseconds per try (c-ares `timeout`). */
  timeoutMs?: number;
  /** Tries per server (c-ares `tries`). */
  tries?: number;
}

export const DEFAULT_QUERY_TIMEOUT_MS = 2_500;
export const DEFAULT_QUERY_TRIES = 2;

const ERROR_RCODES: Record<string, DnsRcode> = {
  ENOTFOUND: 'NXDOMAIN',
  ENODATA: 'NOERROR',
  ESERVFAIL: 'SERVFAIL',
  EREFUSED: 'REFUSED',
  ETIMEOUT: 'TIMEOUT',
};

/**
 * Parses `--dns-server HOST[:PORT]`: an IPv4 address, a bare IPv6 address, or `[IPv6]:PORT`.
 * Throws ToolkitError('usage') for anything else (a host name cannot be used: resolving it
 * would need a resolver).
 */
export function parseDnsServer(text: string): DnsServerAddress {
  const trimmed = text.trim();
  let host = trimmed;
  let port = 53;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(trimmed);
  const v4WithPort = /^([\d.]+):(\d+)$/.exec(trimmed);
  if (bracketed) {
    host = bracketed[1] ?? '';
    if (bracketed[2] !== undefined) port = Number(bracketed[2]);
  } else if (v4WithPort) {
    host = v4WithPort[1] ?? '';
    port = Number(v4WithPort[2]);
  }
  if (!isIP(host)) throw new ToolkitError('usage', `--dns-server needs an IP address with an optional port (HOST[:PORT]), not "${text}"`);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new ToolkitError('usage', `--dns-server port must be 1 to 65535, not "${text}"`);
  return { host, port };
}

function serverText(server: DnsServerAddress): string {
  const host = isIP(server.host) === 6 ? `[${server.host}]` : server.host;
  return `${host}:${server.port}`;
}

export class SystemResolver implements DnsResolver {
  readonly description: string;
  private readonly resolver: Resolver;
  private readonly servers: DnsServerAddress[];
  private readonly timeoutMs: number;
  private readonly tries: number;

  constructor(options: SystemResolverOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    this.tries = options.tries ?? DEFAULT_QUERY_TRIES;
    this.resolver = new Resolver({ timeout: this.timeoutMs, tries: this.tries });
    if (options.servers && options.servers.length > 0) {
      this.servers = options.servers.map(parseDnsServer);
      this.resolver.setServers(this.servers.map(serverText));
      this.description = this.servers.map(serverText).join(', ');
    } else {
      this.servers = this.resolver.getServers().map((s) => parseDnsServer(s));
      this.description = `system (${this.servers.map(serverText).join(', ') || 'none configured'})`;
    }
  }

  /** Abandons the questions still in flight (they end as ECANCELLED, reported as ERROR). */
  cancel(): void {
    this.resolver.cancel();
  }

  async query<T extends DnsRecordType>(rawName: string, type: T): Promise<DnsAnswer<T>> {
    const name = normalizeQueryName(rawName);
    if (type === 'TLSA') return (await this.queryTlsa(name)) as DnsAnswer<T>;
    try {
      const records = (await this.lookup(name, type)) as DnsRecordMap[T][];
      return { name, type, rcode: 'NOERROR', records, authenticated: null };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      const rcode = ERROR_RCODES[code] ?? 'ERROR';
      const answer: DnsAnswer<T> = { name, type, rcode, records: [], authenticated: null };
      if (rcode === 'ERROR' || rcode === 'TIMEOUT') answer.error = code || (error as Error).message;
      return answer;
    }
  }

  private lookup(name: string, type: DnsRecordType): Promise<unknown[]> {
    const r = this.resolver;
    switch (type) {
      case 'A':
        return r.resolve4(name);
      case 'AAAA':
        return r.resolve6(name);
      case 'MX':
        // c-ares reports the null MX "0 ." (RFC 7505) with exchange ''.
        return r.resolveMx(name).then((list) => list.map((mx) => ({ priority: mx.priority, exchange: normalizeQueryName(mx.exchange) })));
      case 'TXT':
        return r.resolveTxt(name);
      case 'CNAME':
        return r.resolveCname(name).then((list) => list.map(normalizeQueryName));
      case 'PTR':
        return r.resolvePtr(name).then((list) => list.map(normalizeQueryName));
      case 'NS':
        return r.resolveNs(name).then((list) => list.map(normalizeQueryName));
      case 'SOA':
        return r.resolveSoa(name).then((soa) => [soa]);
      default:
        return Promise.reject(Object.assign(new Error(`unsupported type ${type}`), { code: 'ENOTIMP' }));
    }
  }

  private async queryTlsa(name: string): Promise<DnsAnswer<'TLSA'>> {
    const server = this.servers[0];
    if (!server) return { name, type: 'TLSA', rcode: 'ERROR', records: [], authenticated: null, error: 'no DNS server configured' };
    const result = await packetQuery(server, name, 'TLSA', { timeoutMs: this.timeoutMs, tries: this.tries });
    const records = result.answers
      .filter((a): a is TlsaAnswer => a.type === 'TLSA')
      .map((a) => ({ usage: a.data.usage, selector: a.data.selector, matchingType: a.data.matchingType, data: Buffer.from(a.data.certificate).toString('hex') }));
    const answer: DnsAnswer<'TLSA'> = { name, type: 'TLSA', rcode: result.rcode, records, authenticated: result.authenticated };
    if (result.error) answer.error = result.error;
    return answer;
  }
}
