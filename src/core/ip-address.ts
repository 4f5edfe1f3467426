/**
 * IP addresses as the mail checks need them: parse and normalise IPv4 and IPv6 text, the
 * reverse-DNS names (in-addr.arpa, ip6.arpa nibble form), the DNSBL query prefix, CIDR
 * matching, and where an address sits (its scope: public, private, loopback, ..., from the
 * IANA special-purpose address registries, RFC 6890). Pure functions, no I/O; invalid text
 * gives null, never a throw.
 * @module
 */

export type IpVersion = 4 | 6;

/** An address in canonical form: IPv4 dotted quad, IPv6 as 8 groups of 4 lower-case hex digits. */
export interface IpAddress {
  version: IpVersion;
  /** Canonical text: `192.0.2.1`, or for IPv6 the full form `2001:0db8:0000:...`. */
  full: string;
  /** 4 bytes (IPv4) or 16 bytes (IPv6). */
  bytes: number[];
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function parseIpv4(text: string): number[] | null {
  if (!IPV4.test(text)) return null;
  return text.split('.').map(Number);
}

function parseIpv6(text: string): number[] | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.length > 45) return null;
  let head = text;
  let tailV4: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) return null;
    tailV4 = v4;
    head = text.slice(0, lastColon + 1);
    // "::192.0.2.1" leaves "::" and "64:ff9b::192.0.2.1" leaves "64:ff9b::"; a single
    // trailing colon before the IPv4 part belongs to it.
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const groupsWanted = tailV4.length ? 6 : 8;
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    const values: number[] = [];
    for (const g of groups) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      values.push(parseInt(g, 16));
    }
    return values;
  };
  const left = parseGroups(halves[0] ?? '');
  const right = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (!left || !right) return null;
  let groups: number[];
  if (halves.length === 2) {
    const missing = groupsWanted - left.length - right.length;
    if (missing < 1) return null;
    groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  } else {
    if (left.length !== groupsWanted) return null;
    groups = left;
  }
  const bytes: number[] = [];
  for (const g of groups) bytes.push(g >> 8, g & 0xff);
  return [...bytes, ...tailV4];
}

/** Parses IPv4 or IPv6 text (no brackets, no zone index); null when it is not an address. */
export function parseIp(text: string): IpAddress | null {
  const trimmed = text.trim();
  const v4 = parseIpv4(trimmed);
  if (v4) return { version: 4, full: v4.join('.'), bytes: v4 };
  const v6 = parseIpv6(trimmed);
  if (!v6) return null;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((v6[i] ?? 0) << 8) | (v6[i + 1] ?? 0)).toString(16).padStart(4, '0'));
  return { version: 6, full: groups.join(':'), bytes: v6 };
}

/**
 * An IPv4-mapped IPv6 address (::ffff:192.0.2.1) as the IPv4 address it carries; other
 * addresses unchanged. RFC 7208 section 5 asks SPF to treat such addresses as IPv4.
 */
export function unmapIpv4(ip: IpAddress): IpAddress {
  if (ip.version !== 6) return ip;
  const b = ip.bytes;
  if (b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) {
    const v4 = b.slice(12);
    return { version: 4, full: v4.join('.'), bytes: v4 };
  }
  return ip;
}

/** Short display form: IPv4 as is, IPv6 compressed (RFC 5952). */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) return ip.full;
  const groups = ip.full.split(':').map((g) => g.replace(/^0+(?=.)/, ''));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLen).join(':')}`;
}

/**
 * The reversed label sequence used by reverse DNS and DNS blocklists: IPv4 octets reversed
 * (`2.0.2.192` for 192.0.2.2), IPv6 as 32 nibbles reversed (`5.4.0.0....1.0.0.2`, RFC 3596 section 2.5).
 */
export function reversedLabels(ip: IpAddress): string {
  if (ip.version === 4) return [...ip.bytes].reverse().join('.');
  const nibbles: string[] = [];
  for (const byte of ip.bytes) nibbles.push((byte >> 4).toString(16), (byte & 0xf).toString(16));
  return nibbles.reverse().join('.');
}

/** The PTR query name: `2.2.0.192.in-addr.arpa` or `<32 nibbles>.ip6.arpa`. */
export function reverseDnsName(ip: IpAddress): string {
  return `${reversedLabels(ip)}.${ip.version === 4 ? 'in-addr.arpa' : 'ip6.arpa'}`;
}

/** Whether `ip` lies in `network`/`prefix` (same version only). */
export function ipInCidr(ip: IpAddress, network: IpAddress, prefix: number): boolean {
  if (ip.version !== network.version) return false;
  const max = ip.version === 4 ? 32 : 128;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return false;
  let bits = prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((ip.bytes[i] ?? 0) & mask) !== ((network.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

/**
 * Where an address sits. `public`: globally reachable unicast. The others follow the IANA
 * IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and the RFCs below,
 * https://www.iana.org/assignments/iana-ipv4-special-registry and
 * https://www.iana.org/assignments/iana-ipv6-special-registry):
 * - `documentation`: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 (RFC 5737), 2001:db8::/32
 *   (RFC 3849), 3fff::/20 (RFC 9637);
 * - `private`: 10/8, 172.16/12, 192.168/16 (RFC 1918), fc00::/7 (unique local, RFC 4193),
 *   64:ff9b:1::/48 (local-use translation, RFC 8215), fec0::/10 (old site-local, RFC 3879);
 * - `shared`: 100.64.0.0/10, carrier-grade NAT (RFC 6598);
 * - `loopback`: 127/8 (RFC 1122), ::1 (RFC 4291); `link-local`: 169.254/16 (RFC 3927),
 *   fe80::/10 (RFC 4291); `unspecified`: 0/8, "this network" (RFC 791), and ::;
 * - `multicast`: 224/4 (RFC 5771), ff00::/8 (RFC 4291);
 * - `reserved`: every other range that is not globally reachable: 192.0.0.0/24 (IETF protocol
 *   assignments, RFC 6890) but for its anycast 192.0.0.9 and .10, 198.18.0.0/15 (benchmarking,
 *   RFC 2544), 240/4 (future use, RFC 1112) with 255.255.255.255 (broadcast, RFC 919),
 *   100::/64 (discard-only, RFC 6666), 2001::/23 (IETF protocol assignments, RFC 2928) but for
 *   its globally reachable parts, 5f00::/16 (SRv6, RFC 9602), and IPv6 outside 2000::/3 not
 *   named above (IANA IPv6 Address Space: reserved by the IETF, e.g. IPv4-compatible ::/96).
 */
export type IpScope = (typeof IP_SCOPES)[number];

/** Every IpScope, for schemas and exhaustive tables. */
export const IP_SCOPES = ['public', 'documentation', 'private', 'shared', 'loopback', 'link-local', 'unspecified', 'multicast', 'reserved'] as const;

/** Special ranges in match order (the first that contains an address decides; exceptions stand before their range). */
const SCOPE_RANGES: readonly (readonly [cidr: string, scope: IpScope])[] = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.9/32', 'public'], // PCP anycast, RFC 7723
  ['192.0.0.10/32', 'public'], // TURN anycast, RFC 8155
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'documentation'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['64:ff9b:1::/48', 'private'],
  ['100::/64', 'reserved'],
  ['2001::/32', 'public'], // Teredo, RFC 4380
  ['2001:1::1/128', 'public'], // PCP anycast, RFC 7723
  ['2001:1::2/128', 'public'], // TURN anycast, RFC 8155
  ['2001:1::3/128', 'public'], // DNS-SD SRP anycast, RFC 9665
  ['2001:3::/32', 'public'], // AMT, RFC 7450
  ['2001:4:112::/48', 'public'], // AS112-v6, RFC 7535
  ['2001:20::/28', 'public'], // ORCHIDv2, RFC 7343
  ['2001:30::/28', 'public'], // drone remote ID, RFC 9374
  ['2001::/23', 'reserved'], // with benchmarking 2001:2::/48 (RFC 5180)
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
  ['5f00::/16', 'reserved'],
  ['fc00::/7', 'private'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'private'],
  ['ff00::/8', 'multicast'],
  ['2000::/3', 'public'], // global unicast
  ['::/0', 'reserved'],
];

const PARSED_SCOPE_RANGES = SCOPE_RANGES.map(([cidr, scope]) => {
  const [network = '', prefix = ''] = cidr.split('/');
  return { network: parseIp(network) as IpAddress, prefix: Number(prefix), scope };
});

/**
 * The IPv4 address an IPv6 address carries and stands for: IPv4-mapped ::ffff:0:0/96 (RFC 4291
 * section 2.5.5.2) and the NAT64 prefix 64:ff9b::/96 (RFC 6052) in the last 32 bits, 6to4
 * 2002::/16 (RFC 3056) in bits 16 to 47; null for any other address.
 */
function carriedIpv4(ip: IpAddress): IpAddress | null {
  if (ip.version !== 6) return null;
  const b = ip.bytes;
  const head = b.slice(0, 12).join('.');
  let v4: number[] | null = null;
  if (head === '0.0.0.0.0.0.0.0.0.0.255.255' || head === '0.100.255.155.0.0.0.0.0.0.0.0') v4 = b.slice(12);
  else if (b[0] === 0x20 && b[1] === 0x02) v4 = b.slice(2, 6);
  return v4 ? { version: 4, full: v4.join('.'), bytes: v4 } : null;
}

/**
 * The scope of an address (see IpScope). IPv4 carried in IPv6 (mapped, NAT64, 6to4) has the
 * scope of the IPv4 address, since that is the host reached.
 * @example ipScope(parseIp('100.64.0.1')!) // 'shared'
 */
export function ipScope(ip: IpAddress): IpScope {
  const inner = carriedIpv4(ip);
  if (inner) return ipScope(inner);
  return PARSED_SCOPE_RANGES.find((r) => ipInCidr(ip, r.network, r.prefix))?.scope ?? 'public';
}

/**
 * The scope of an address written as text (`192.0.2.1`, `2001:db8::1`, `[IPv6:2001:db8::1]`,
 * `fe80::1%eth0`), or null when the text is not an address.
 */
export function ipScopeOf(text: string): IpScope | null {
  const bare = text.trim().replace(/^\[(?:IPv6:)?|\]$/gi, '').replace(/%[^%]*$/, '');
  const ip = parseIp(bare);
  return ip ? ipScope(ip) : null;
}

/**
 * Whether the address is globally reachable (scope `public`). This is the test for a guard
 * against requests to internal addresses (server-side request forgery): it refuses loopback,
 * private, shared (CGNAT), link-local, unspecified, multicast, reserved and documentation
 * addresses, and IPv4 carried in IPv6 (::ffff:10.0.0.1, 64:ff9b::7f00:1) by the IPv4 address.
 * Check every address a name resolves to, and the address actually connected to.
 * @example isGloballyReachable(parseIp('::ffff:127.0.0.1')!) // false
 */
export function isGloballyReachable(ip: IpAddress): boolean {
  return ipScope(ip) === 'public';
}

/**
 * Whether an address of this scope stands for a host on the internet in a message (a sending
 * IP, a hop between organisations): public, or documentation, since examples and test
 * fixtures write RFC 5737 / RFC 3849 addresses in place of real ones. Not for access control
 * (use isGloballyReachable).
 */
export function isInternetScope(scope: IpScope | null): boolean {
  return scope === 'public' || scope === 'documentation';
}
