/**
 * DMARC identifier alignment (RFC 7489 section 3.1), pure: how an authenticated domain (the
 * SPF / envelope domain, a DKIM `d=`) relates to the RFC5322.From domain. Strict alignment is
 * the same name (3.1.1, 3.1.2: "exact match"); relaxed alignment is the same organisational
 * domain (section 3.2, the public suffix list; core/domain-name.ts). The checks (`check
 * path`) and the header analysis (`headers`) both rate alignment here.
 * @module
 */
import { organizationalDomain } from './domain-name.js';

export type IdentifierAlignment = 'strict' | 'relaxed' | 'none';

/**
 * How `domain` relates to the From domain: the same name, the same organisational domain, or
 * neither. Case and one trailing dot do not count.
 * @example identifierAlignment('contoso.com', 'bounce.contoso.com') // 'relaxed'
 */
export function identifierAlignment(fromDomain: string, domain: string): IdentifierAlignment {
  const a = fromDomain.toLowerCase().replace(/\.$/, '');
  const b = domain.toLowerCase().replace(/\.$/, '');
  if (a === b) return 'strict';
  return organizationalDomain(a) === organizationalDomain(b) ? 'relaxed' : 'none';
}

/** Whether that relation is enough under the mode (the adkim/aspf tag; relaxed when absent, RFC 7489 section 6.3). */
export function isAligned(alignment: IdentifierAlignment, mode: 'r' | 's' | null): boolean {
  return alignment === 'strict' || (alignment === 'relaxed' && mode !== 's');
}
