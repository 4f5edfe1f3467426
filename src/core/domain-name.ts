/**
 * Domain names as the checks and the header analysis use them: normalised (lower case, no
 * trailing dot, IDN as A-labels), validated against the DNS length rules (RFC 1035 section
 * 2.3.4), read out of untrusted header text, and the organisational domain from the public
 * suffix list (RFC 7489 section 3.2, via tldts).
 *
 * tldts holds the whole public suffix list and takes about 25 ms to load, so it is loaded on
 * the first organisational-domain question, not with this module: `explain` (which imports the
 * header analysis for `--headers`) does not pay for it at start-up.
 * @module
 */
import { createRequire } from 'node:module';
import { domainToASCII } from 'node:url';

type Tldts = typeof import('tldts');

let tldts: Tldts | undefined;

/** The public suffix list, loaded once on first use (a module load, not a cache of answers). */
function publicSuffixList(): Tldts {
  tldts ??= createRequire(import.meta.url)('tldts') as Tldts;
  return tldts;
}

/** Lower-cases, drops one trailing dot and converts U-labels to A-labels; '' when unusable. */
export function normalizeDomain(name: string): string {
  const trimmed = name.trim().replace(/\.$/, '');
  if (trimmed === '') return '';
  // domainToASCII rejects underscores in some Node versions; names such as _dmarc.x are
  // ASCII already, so only non-ASCII names go through it.
  if (/^[\x00-\x7f]*$/.test(trimmed)) return trimmed.toLowerCase();
  return domainToASCII(trimmed).toLowerCase();
}

/**
 * Whether `name` (already normalised) is a usable DNS name: 1 to 253 characters, labels of 1
 * to 63 letters, digits, hyphens or underscores (underscores appear in _dmarc, _domainkey).
 */
export function isValidDomainName(name: string): boolean {
  if (name.length < 1 || name.length > 253) return false;
  return name.split('.').every((label) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i.test(label));
}

/**
 * A domain name read from untrusted text (a Received clause, a HELO name, a DKIM `d=` tag, an
 * Authentication-Results property): brackets and one trailing dot removed, normalised, and
 * valid; null for an address literal (`[192.0.2.1]`, `[IPv6:...]`), a bare IPv4 address, or
 * anything that is not a domain name.
 * @example parseDomainName('Mail.Contoso.COM.') // 'mail.contoso.com'
 */
export function parseDomainName(text: string | null | undefined): string | null {
  if (!text) return null;
  const name = normalizeDomain(text.trim().replace(/^\[|\]$/g, ''));
  if (!isValidDomainName(name) || /^[\d.]+$/.test(name)) return null;
  return name;
}

/** Whether `name` is a host name a person would type as a mail domain (two labels or more, last not numeric). */
export function isMailDomain(name: string): boolean {
  if (!isValidDomainName(name) || !name.includes('.')) return false;
  const last = name.slice(name.lastIndexOf('.') + 1);
  return /[a-z]/i.test(last) && !name.includes('_');
}

/**
 * The registrable domain of a name read from untrusted text (see parseDomainName): its public
 * suffix plus one label, from the ICANN section of the public suffix list; unknown top-level
 * domains (such as `.example`) count as public suffixes of one label. Null when the name has
 * none: it is a public suffix itself (`co.uk`), a single label (`localhost`), an address, or
 * not a domain name. This is the organisational domain of RFC 7489 section 3.2 where one exists.
 * @example registrableDomain('mx.fabrikam.co.uk') // 'fabrikam.co.uk'
 */
export function registrableDomain(text: string | null | undefined): string | null {
  const name = parseDomainName(text);
  return name === null ? null : publicSuffixList().getDomain(name, { allowPrivateDomains: false, validHosts: [] });
}

/**
 * The organisational domain: the public suffix plus one label (RFC 7489 section 3.2), or the
 * name itself when it has no registrable domain (a public suffix, a single label).
 */
export function organizationalDomain(name: string): string {
  return registrableDomain(name) ?? name;
}

/**
 * The public suffix of a domain name from the ICANN section of the list (`co.uk` for
 * `gmail.co.uk`), or null when the list knows none.
 */
export function publicSuffix(name: string): string | null {
  return publicSuffixList().getPublicSuffix(name, { allowPrivateDomains: false });
}

/** Whether `name` is `parent` or a name below it. */
export function isSubdomainOf(name: string, parent: string): boolean {
  return name === parent || name.endsWith(`.${parent}`);
}
