/**
 * IP addresses as the mail checks need them: parse and normalise IPv4 and IPv6 text, the
 * reverse-DNS names (in-addr.arpa, ip6.arpa nibble form), the DNSBL query prefix and CIDR
 * matching. Pure functions, no I/O; invalid text gives null, never a throw.
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
