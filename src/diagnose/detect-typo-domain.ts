/**
 * Is a recipient domain a misspelling of a well-known mailbox provider's domain (`gmial.com`
 * for `gmail.com`, `outlok.com` for `outlook.com`, `hotmail.con`, `yahoo.co.uj`)? Compared by
 * the bounded Damerau-Levenshtein distance (edit-distance.ts; a swap of two neighbouring
 * letters is one edit) with the provider domains of kb/mailbox-providers.json.
 *
 * The rules keep real domains from being "corrected":
 * - a provider domain itself is never a typo;
 * - the name part (left of the public suffix) may differ by one edit when the provider's name
 *   has 5 to 7 characters and by two from 8 on; a shorter name (aol, me, msn, gmx) only
 *   matches with the same name and a one-edit slip in the suffix (gmx.ed), since a one-edit
 *   neighbour of a short name is usually another real domain (ge.com next to me.com);
 * - among equally close candidates, the one with the same suffix wins (hotmial.fr suggests
 *   hotmail.fr, not hotmail.com), then the one listed first (the more used);
 * - the caller says whether the domain exists and receives mail: then only a one-edit
 *   neighbour is still suggested, and marked so (the address may be right after all).
 * @module
 */
import providersData from './kb/mailbox-providers.json' with { type: 'json' };
import { publicSuffix } from '../core/domain-name.js';
import { editDistance } from './edit-distance.js';

export interface ProviderDomain {
  domain: string;
  provider: string;
}

export interface TypoSuggestion {
  domain: string;
  suggestion: string;
  provider: string;
  distance: number;
  /** The suggestion has the same public suffix as the domain (com, co.uk, fr...). */
  sameSuffix: boolean;
}

export type TypoCheck =
  | { kind: 'provider'; domain: string; provider: string }
  | { kind: 'suggestion'; suggestion: TypoSuggestion }
  | { kind: 'none'; domain: string };

export interface DetectTypoOptions {
  /** The domain exists and receives mail (its MX check found working hosts). */
  receivesMail?: boolean;
}

/** Longest domain compared (RFC 1035 allows 253; provider domains are short). */
const MAX_COMPARED_CHARS = 64;

export const MAILBOX_PROVIDER_DOMAINS: readonly ProviderDomain[] = (providersData as { domains: ProviderDomain[] }).domains;
const BY_DOMAIN = new Map(MAILBOX_PROVIDER_DOMAINS.map((p) => [p.domain, p]));

/** Splits a domain into its name part and its public suffix (an unknown last label counts as the suffix). */
export function splitSuffix(domain: string): { name: string; suffix: string } {
  const suffix = publicSuffix(domain) ?? domain.slice(domain.lastIndexOf('.') + 1);
  if (suffix === domain || !domain.endsWith(`.${suffix}`)) return { name: domain, suffix: '' };
  return { name: domain.slice(0, -suffix.length - 1), suffix };
}

/** The largest distance allowed for a provider whose name part has `length` characters. */
function allowedDistance(length: number): number {
  if (length >= 8) return 2;
  if (length >= 5) return 1;
  return 0;
}

function candidate(domain: string, parts: { name: string; suffix: string }, provider: ProviderDomain, receivesMail: boolean): TypoSuggestion | null {
  const target = splitSuffix(provider.domain);
  const nameDistance = editDistance(parts.name, target.name, 2);
  const suffixDistance = editDistance(parts.suffix, target.suffix, 2);
  const total = editDistance(domain, provider.domain, 2);
  if (total === 0 || total > 2) return null;
  const allowed = receivesMail ? Math.min(1, allowedDistance(target.name.length)) : allowedDistance(target.name.length);
  const nameSlip = nameDistance > 0 && nameDistance <= allowed && suffixDistance + nameDistance === total;
  // A slip in the suffix only (gmail.con, gmx.ed): the name must be the provider's own.
  const suffixSlip = nameDistance === 0 && suffixDistance === 1;
  if (!(nameSlip && total <= Math.max(allowed, 1)) && !suffixSlip) return null;
  return { domain, suggestion: provider.domain, provider: provider.provider, distance: total, sameSuffix: parts.suffix === target.suffix };
}

/**
 * Checks one domain (normalised: lower case, no trailing dot, A-labels).
 *
 * @example
 * ```ts
 * detectTypoDomain('gmial.com'); // { kind: 'suggestion', suggestion: { suggestion: 'gmail.com', distance: 1, ... } }
 * detectTypoDomain('gmail.com'); // { kind: 'provider', ... }
 * detectTypoDomain('example.org'); // { kind: 'none', ... }
 * ```
 */
export function detectTypoDomain(domain: string, options: DetectTypoOptions = {}): TypoCheck {
  const known = BY_DOMAIN.get(domain);
  if (known) return { kind: 'provider', domain, provider: known.provider };
  if (domain.length > MAX_COMPARED_CHARS || !domain.includes('.')) return { kind: 'none', domain };
  const parts = splitSuffix(domain);
  // Providers are in order of use: a later candidate replaces an earlier one only when closer,
  // or equally close with the same suffix.
  let best: TypoSuggestion | null = null;
  for (const provider of MAILBOX_PROVIDER_DOMAINS) {
    const found = candidate(domain, parts, provider, options.receivesMail === true);
    if (!found) continue;
    if (!best || found.distance < best.distance || (found.distance === best.distance && found.sameSuffix && !best.sameSuffix)) best = found;
  }
  return best ? { kind: 'suggestion', suggestion: best } : { kind: 'none', domain };
}
