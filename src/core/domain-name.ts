/**
 * Domain names as the checks use them: normalised (lower case, no trailing dot, IDN as
 * A-labels), validated against the DNS length rules, and the organisational domain from the
 * public suffix list (RFC 7489 section 3.2, via tldts).
 * @module
 */
import { domainToASCII } from 'node:url';
import { getDomain } from 'tldts';

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

/** Whether `name` is a host name a person would type as a mail domain (two labels or more, last not numeric). */
export function isMailDomain(name: string): boolean {
  if (!isValidDomainName(name) || !name.includes('.')) return false;
  const last = name.slice(name.lastIndexOf('.') + 1);
  return /[a-z]/i.test(last) && !name.includes('_');
}

/**
 * The organisational domain: the public suffix plus one label (RFC 7489 section 3.2).
 * Unknown top-level domains (such as `.example`) count as public suffixes of one label.
 */
export function organizationalDomain(name: string): string {
  const org = getDomain(name, { allowPrivateDomains: false, validHosts: [] });
  return org ?? name;
}

/** Whether `name` is `parent` or a name below it. */
export function isSubdomainOf(name: string, parent: string): boolean {
  return name === parent || name.endsWith(`.${parent}`);
}
