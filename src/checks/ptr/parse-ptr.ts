/**
 * Reverse-DNS names read as receivers read them: does a name look generic (assigned to a
 * dynamic or consumer address) rather than like the name of a mail server? Pure; the words
 * are data (generic-names.json).
 * @module
 */
import { organizationalDomain } from '../../core/domain-name.js';
import type { IpAddress } from '../../core/ip-address.js';
import namesData from './generic-names.json' with { type: 'json' };

const WORDS: readonly { word: string; why: string }[] = (namesData as { words: { word: string; why: string }[] }).words;

/** The ways an access provider writes an address into a host name. */
function addressForms(ip: IpAddress): string[] {
  if (ip.version === 6) {
    const groups = ip.full.split(':');
    return [groups.join(''), groups.join('-')];
  }
  const b = ip.bytes.map(String);
  const r = [...b].reverse();
  return [
    b.join('-'),
    b.join('.'),
    r.join('-'),
    r.join('.'),
    b.join('_'),
    ip.bytes.map((x) => x.toString().padStart(3, '0')).join(''),
    ip.bytes.map((x) => x.toString(16).padStart(2, '0')).join(''),
  ];
}

/** Why `name` looks generic for `ip`, or null when it does not. */
export function genericNameReason(name: string, ip: IpAddress): string | null {
  const lower = name.toLowerCase();
  for (const form of addressForms(ip)) if (lower.includes(form)) return `contains the address (${form})`;
  const org = organizationalDomain(lower);
  const hostPart = lower.endsWith(`.${org}`) ? lower.slice(0, -org.length - 1) : lower === org ? '' : lower;
  const tokens = hostPart.split(/[.\-_]/).filter(Boolean);
  for (const { word, why } of WORDS) {
    const pattern = new RegExp(`^${word}\\d*$`);
    if (tokens.some((t) => pattern.test(t))) return why;
  }
  return null;
}
