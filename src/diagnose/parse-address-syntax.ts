/**
 * The syntax of one recipient address under RFC 5321 section 4.1.2 (Mailbox = Local-part "@"
 * ( Domain / address-literal )): a dot-string of atext atoms or a quoted string; a domain of
 * letter-digit-hyphen labels; the size limits of section 4.5.3.1 (local part 64 octets, domain
 * 255, each label 63 by RFC 1035). Non-ASCII characters are allowed only with SMTPUTF8
 * (RFC 6531), so they are reported as a note, not as an error. Pure; never throws.
 * @module
 */
import { MAX_ADDRESS_CHARS } from '../core/limits.js';
import { parseIp } from '../core/ip-address.js';

export interface AddressProblem {
  code: 'empty' | 'no-at' | 'too-long' | 'local-empty' | 'local-too-long' | 'local-dot' | 'local-character' | 'quoted-string' | 'domain-empty' | 'domain-too-long' | 'domain-label' | 'domain-character' | 'domain-single-label' | 'address-literal';
  message: string;
}

export interface AddressSyntax {
  address: string;
  valid: boolean;
  local: string;
  domain: string;
  /** Has non-ASCII characters (needs SMTPUTF8, RFC 6531). */
  smtputf8: boolean;
  problems: AddressProblem[];
}

const ATEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const MAX_LOCAL_OCTETS = 64;
const MAX_DOMAIN_OCTETS = 255;
const MAX_LABEL_OCTETS = 63;

function octets(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function localProblems(local: string, out: AddressProblem[]): void {
  if (local === '') {
    out.push({ code: 'local-empty', message: 'nothing before the @' });
    return;
  }
  if (octets(local) > MAX_LOCAL_OCTETS) out.push({ code: 'local-too-long', message: `the part before the @ has ${octets(local)} characters; at most ${MAX_LOCAL_OCTETS} are allowed` });
  if (local.startsWith('"')) {
    // Quoted-string: printable ASCII (or UTF-8) except a bare quote or backslash; \x pairs.
    if (local.length < 2 || !local.endsWith('"') || !/^(?:[^"\\\x00-\x1f\x7f]|\\[\x20-\x7e])*$/.test(local.slice(1, -1))) {
      out.push({ code: 'quoted-string', message: 'the quoted part before the @ is not closed or holds a bare " or \\' });
    }
    return;
  }
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) out.push({ code: 'local-dot', message: 'a dot at the start or the end of the part before the @, or two dots in a row' });
  const bad = [...new Set([...local].filter((c) => c !== '.' && c.charCodeAt(0) < 0x80 && !ATEXT.test(c)))];
  if (bad.length > 0) out.push({ code: 'local-character', message: `characters not allowed before the @ without quotes: ${bad.map((c) => JSON.stringify(c)).join(' ')}` });
}

function domainProblems(domain: string, out: AddressProblem[]): void {
  if (domain === '') {
    out.push({ code: 'domain-empty', message: 'nothing after the @' });
    return;
  }
  if (domain.startsWith('[')) {
    const literal = domain.endsWith(']') ? domain.slice(1, -1) : '';
    const ip = literal.toLowerCase().startsWith('ipv6:') ? parseIp(literal.slice(5)) : parseIp(literal);
    if (!ip || (ip.version === 6 && !literal.toLowerCase().startsWith('ipv6:'))) out.push({ code: 'address-literal', message: `${domain} is not an address literal such as [192.0.2.1] or [IPv6:2001:db8::1]` });
    return;
  }
  const name = domain.endsWith('.') ? domain.slice(0, -1) : domain;
  if (octets(name) > MAX_DOMAIN_OCTETS) out.push({ code: 'domain-too-long', message: `the domain has ${octets(name)} characters; at most ${MAX_DOMAIN_OCTETS} are allowed` });
  const labels = name.split('.');
  if (labels.length < 2) out.push({ code: 'domain-single-label', message: `"${name}" has no dot: a domain on the Internet needs at least two parts (such as example.com)` });
  for (const label of labels) {
    if (label === '') {
      out.push({ code: 'domain-label', message: 'an empty part in the domain (two dots in a row, or a dot at its start)' });
      break;
    }
    if (/[^\x00-\x7f]/.test(label)) continue;
    if (octets(label) > MAX_LABEL_OCTETS) out.push({ code: 'domain-label', message: `the domain part "${label.slice(0, 20)}..." is longer than ${MAX_LABEL_OCTETS} characters` });
    else if (!LABEL.test(label)) {
      const bad = [...new Set([...label].filter((c) => !/[A-Za-z0-9-]/.test(c)))];
      out.push(bad.length > 0
        ? { code: 'domain-character', message: `characters not allowed in a domain: ${bad.map((c) => JSON.stringify(c)).join(' ')}` }
        : { code: 'domain-label', message: `the domain part "${label}" starts or ends with a hyphen` });
    }
  }
}

/**
 * Parses `address` (with or without <angle brackets>).
 *
 * @example
 * ```ts
 * parseAddressSyntax('bob@example.org').valid; // true
 * parseAddressSyntax('bob..smith@example.org').problems[0].code; // 'local-dot'
 * ```
 */
export function parseAddressSyntax(raw: string): AddressSyntax {
  const address = raw.trim().replace(/^<(.*)>$/, '$1');
  const problems: AddressProblem[] = [];
  const at = address.lastIndexOf('@');
  const local = at < 0 ? address : address.slice(0, at);
  const domain = at < 0 ? '' : address.slice(at + 1);
  const smtputf8 = /[^\x00-\x7f]/.test(address);
  if (address === '') problems.push({ code: 'empty', message: 'the address is empty' });
  else if (octets(address) > MAX_ADDRESS_CHARS) problems.push({ code: 'too-long', message: `the address has ${octets(address)} characters; at most ${MAX_ADDRESS_CHARS} are allowed` });
  else if (at < 0) problems.push({ code: 'no-at', message: 'there is no @ in it' });
  else {
    localProblems(local, problems);
    domainProblems(domain, problems);
  }
  return { address, valid: problems.length === 0, local, domain, smtputf8, problems };
}
