/**
 * Organisational domain (RFC 7489 section 3.2), with a small built-in list of multi-label
 * public suffixes (kb/public-suffixes.json) instead of the full Public Suffix List: the last
 * two labels, or the last three under a listed suffix such as co.uk. Known limitation: under
 * an unlisted multi-label suffix the result is one label too short (see the kb file).
 * @module
 */
import suffixData from './kb/public-suffixes.json' with { type: 'json' };

const MULTI_LABEL_SUFFIXES: ReadonlySet<string> = new Set(suffixData.suffixes);

/** Lower-case host name without a trailing dot, or null for an address literal or junk. */
export function normalizeDomain(name: string | null | undefined): string | null {
  if (!name) return null;
  const domain = name.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (!/^[a-z0-9_](?:[a-z0-9_.-]{0,252})$/.test(domain) || domain.includes('..')) return null;
  if (/^[\d.]+$/.test(domain)) return null;
  return domain;
}

/** The organisational domain of a host or domain name, or null when it has none. */
export function organizationalDomain(name: string | null | undefined): string | null {
  const domain = normalizeDomain(name);
  if (!domain) return null;
  const labels = domain.split('.').filter(Boolean);
  if (labels.length < 2) return null;
  const lastTwo = labels.slice(-2).join('.');
  if (MULTI_LABEL_SUFFIXES.has(lastTwo)) return labels.length >= 3 ? labels.slice(-3).join('.') : null;
  return lastTwo;
}

/** The domain of an address such as `<alice@contoso.com>` or `alice@contoso.com`, or null. */
export function addressDomain(address: string | null | undefined): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  if (at < 0) return normalizeDomain(address);
  return normalizeDomain(address.slice(at + 1).replace(/[>\s].*$/, ''));
}
