/**
 * Finding e-mail addresses inside untrusted text in linear time: every quantifier is bounded
 * (local part up to 128 characters, up to 9 labels of up to 63), so long runs of `@`, dots or
 * letters cannot make the search quadratic, as `[^\s]+@[^\s]+` can. Also the domain of one
 * address (RFC 5321 section 4.1.2: the part after the last `@`).
 * @module
 */
import { parseDomainName } from './domain-name.js';

const ADDRESS_SOURCE = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,128}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\\.){1,8}[A-Za-z0-9-]{2,63}";

/** A fresh global pattern for `matchAll` (patterns with state must not be shared). */
export function addressPattern(): RegExp {
  return new RegExp(ADDRESS_SOURCE, 'g');
}

const FIRST_ADDRESS = new RegExp(ADDRESS_SOURCE);

/** The first address in a text, or null. */
export function firstAddress(text: string): string | null {
  return FIRST_ADDRESS.exec(text)?.[0] ?? null;
}

/**
 * The domain of an address such as `<alice@contoso.com>` or `alice@contoso.com` (a bare name
 * counts as a domain), normalised as parseDomainName does; null when there is none.
 * @example addressDomain('<Alice@Contoso.com>') // 'contoso.com'
 */
export function addressDomain(address: string | null | undefined): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  if (at < 0) return parseDomainName(address);
  return parseDomainName(address.slice(at + 1).replace(/[>\s].*$/, ''));
}
