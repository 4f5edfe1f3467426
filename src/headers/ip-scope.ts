/**
 * Where an IP address sits (RFC 6890 special-purpose registries): public, documentation,
 * private, loopback, ... The header analysis treats documentation addresses (RFC 5737,
 * RFC 3849) as public, since examples and test fixtures use them in place of real ones.
 * @module
 */
import { isIP } from 'node:net';
import type { IpScope } from './types.js';

function ipv4Scope(ip: string): IpScope {
  const [a = 0, b = 0, c = 0] = ip.split('.').map(Number);
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 100 && b >= 64 && b <= 127) return 'shared';
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return 'documentation';
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved';
  return 'public';
}

function ipv6Scope(ip: string): IpScope {
  const lower = ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1]) return ipv4Scope(mapped[1]);
  if (lower === '::') return 'unspecified';
  if (lower === '::1') return 'loopback';
  if (/^fe[89ab]/.test(lower)) return 'link-local';
  if (/^f[cd]/.test(lower)) return 'private';
  if (/^ff/.test(lower)) return 'multicast';
  if (/^2001:0?db8:/.test(lower)) return 'documentation';
  return 'public';
}

/** The scope of an IPv4 or IPv6 address, or null when the text is not an address. */
export function ipScope(ip: string): IpScope | null {
  const version = isIP(ip);
  if (version === 4) return ipv4Scope(ip);
  if (version === 6) return ipv6Scope(ip);
  return null;
}

/** Whether an address is reachable on the internet (documentation addresses count, see above). */
export function isInternetScope(scope: IpScope | null): boolean {
  return scope === 'public' || scope === 'documentation';
}
