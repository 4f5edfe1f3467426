/**
 * SPF macros (RFC 7208 section 7): %{s} %{l} %{o} %{d} %{i} %{p} %{v} %{h}, and %{c} %{r}
 * %{t} in exp= only; transformers (a number of right-hand parts, r to reverse) and
 * delimiters; upper-case letters URL-escape the value; %% %_ %- are literals. Pure.
 *
 * %{p} (the validated reverse name) always expands to "unknown": RFC 7208 section 7.3 allows
 * that and advises against relying on it, and it would cost extra lookups.
 * @module
 */
import { formatIp, type IpAddress } from '../../core/ip-address.js';

export interface SpfMacroValues {
  /** The <domain> of check_host (the current domain). */
  domain: string;
  /** The sender (MAIL FROM or postmaster@HELO), local@domain. */
  sender?: string;
  ip?: IpAddress;
  /** The HELO/EHLO name. */
  helo?: string;
  /** The receiving host, for %{r} in exp=. */
  receiver?: string;
  /** Seconds since the epoch, for %{t} in exp=. */
  now?: number;
}

export type MacroExpansion =
  | { ok: true; value: string }
  /** The macro needs a value not known here (the sender, IP or HELO when only the domain is checked). */
  | { ok: false; missing: string[] }
  | { ok: false; error: string };

const MACRO = /%\{([a-z])(\d*)(r?)([-.+,/_=]*)\}|%([%_-])|%/gi;
const LETTERS = 'slodiphcrtv';
const EXP_ONLY = 'crt';
const MAX_TRANSFORM_PARTS = 128;

/** Checks the macro syntax of a macro-string; null when valid. `exp`: c, r, t allowed. */
export function validateMacroString(text: string, exp: boolean): string | null {
  for (const m of text.matchAll(MACRO)) {
    if (m[0] === '%') return `"%" must start a macro (%{...}, %%, %_ or %-)`;
    const letter = m[1]?.toLowerCase();
    if (letter === undefined) continue;
    if (!LETTERS.includes(letter)) return `%{${m[1]}} is not a macro letter`;
    if (!exp && EXP_ONLY.includes(letter)) return `%{${letter}} is allowed only in exp=`;
    if (m[2] !== '' && Number(m[2]) === 0) return `%{${m[1]}${m[2]}...}: the number of parts must be at least 1`;
  }
  if (/%\{[^}]*$/.test(text)) return 'a macro is not closed with }';
  return null;
}

function ipDots(ip: IpAddress): string {
  if (ip.version === 4) return ip.full;
  const nibbles: string[] = [];
  for (const byte of ip.bytes) nibbles.push((byte >> 4).toString(16), (byte & 0xf).toString(16));
  return nibbles.join('.');
}

function letterValue(letter: string, v: SpfMacroValues): string | undefined {
  const sender = v.sender;
  const at = sender ? sender.lastIndexOf('@') : -1;
  switch (letter) {
    case 's':
      return sender;
    case 'l':
      return sender ? (at > 0 ? sender.slice(0, at) : 'postmaster') : undefined;
    case 'o':
      return sender ? sender.slice(at + 1) : undefined;
    case 'd':
      return v.domain;
    case 'i':
      return v.ip ? ipDots(v.ip) : undefined;
    case 'p':
      return v.ip ? 'unknown' : undefined;
    case 'v':
      return v.ip ? (v.ip.version === 4 ? 'in-addr' : 'ip6') : undefined;
    case 'h':
      return v.helo;
    case 'c':
      return v.ip ? formatIp(v.ip) : undefined;
    case 'r':
      return v.receiver ?? 'unknown';
    case 't':
      return v.now === undefined ? undefined : String(Math.floor(v.now));
    default:
      return undefined;
  }
}

function transform(value: string, digits: string, reverse: boolean, delimiters: string): string {
  const splitter = delimiters === '' ? '.' : delimiters;
  let parts = value.split(new RegExp(`[${splitter.replace(/[-\\\]^/]/g, '\\$&')}]`));
  if (reverse) parts = parts.reverse();
  if (digits !== '') {
    const keep = Math.min(Number(digits), MAX_TRANSFORM_PARTS);
    if (keep < parts.length) parts = parts.slice(parts.length - keep);
  }
  return parts.join('.');
}

/** URL-escapes like RFC 3986 (unreserved characters stay). */
function escape(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

/**
 * Expands the macros of a domain-spec or exp string. A domain-spec longer than 253
 * characters after expansion loses labels from the left until it fits (section 7.3).
 */
export function expandSpfMacros(text: string, values: SpfMacroValues, options: { exp?: boolean } = {}): MacroExpansion {
  const problem = validateMacroString(text, options.exp ?? false);
  if (problem) return { ok: false, error: problem };
  const missing = new Set<string>();
  const value = text.replace(MACRO, (whole, letter: string | undefined, digits: string, r: string, delimiters: string, literal: string | undefined) => {
    if (literal) return literal === '%' ? '%' : literal === '_' ? ' ' : '%20';
    if (!letter) return whole;
    const raw = letterValue(letter.toLowerCase(), values);
    if (raw === undefined) {
      missing.add(letter.toLowerCase());
      return whole;
    }
    const out = transform(raw, digits, r !== '', delimiters);
    return letter === letter.toUpperCase() ? escape(out) : out;
  });
  if (missing.size > 0) return { ok: false, missing: [...missing] };
  if (options.exp) return { ok: true, value };
  let domain = value.replace(/\.$/, '');
  while (domain.length > 253 && domain.includes('.')) domain = domain.slice(domain.indexOf('.') + 1);
  return { ok: true, value: domain.toLowerCase() };
}

/** Whether a domain-spec contains macros. */
export function hasMacros(text: string): boolean {
  return /%\{/.test(text);
}
