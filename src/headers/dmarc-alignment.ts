/**
 * DMARC identifier alignment (RFC 7489 section 3.1): the RFC5322.From domain against the SPF
 * domain (envelope sender) and each DKIM signing domain, strict (same name) or relaxed (same
 * organisational domain, see organizational-domain.ts and its limitation). This evaluates what
 * the headers show; the receiver's own DMARC verdict is reported separately.
 * @module
 */
import { firstAddress } from '../core/email-address.js';
import { addressDomain, organizationalDomain } from './organizational-domain.js';
import type { AlignedIdentifier, Alignment, DmarcAlignment } from './types.js';

export interface AlignmentInput {
  /** The From header, decoded. */
  from: string | null;
  spf: { domain: string; result: string; source: string } | null;
  dkim: { domain: string; result: string; source: string }[];
}

/** The address of a From header (`"Name" <a@b>` or `a@b`), and whether it lists several. */
export function fromAddress(from: string | null): { address: string | null; multiple: boolean } {
  if (!from) return { address: null, multiple: false };
  // Commas inside quoted display names do not separate addresses.
  const unquoted = from.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\([^)]*\)/g, '');
  const parts = unquoted.split(',').filter((p) => p.includes('@'));
  const first = parts[0] ?? unquoted;
  const angle = /<([^>]*)>/.exec(first)?.[1];
  const bare = firstAddress(first);
  return { address: (angle ?? bare ?? null)?.trim() || null, multiple: parts.length > 1 };
}

export function alignmentOf(fromDomain: string, domain: string): Alignment {
  const a = fromDomain.toLowerCase();
  const b = domain.toLowerCase().replace(/\.$/, '');
  if (a === b) return 'strict';
  const orgA = organizationalDomain(a);
  return orgA !== null && orgA === organizationalDomain(b) ? 'relaxed' : 'none';
}

export function evaluateDmarcAlignment(input: AlignmentInput): DmarcAlignment {
  const { address, multiple } = fromAddress(input.from);
  const fromDomain = addressDomain(address);
  const out: DmarcAlignment = {
    fromDomain,
    fromOrganizationalDomain: organizationalDomain(fromDomain),
    multipleFrom: multiple,
    spf: null,
    dkim: [],
    aligned: null,
  };
  if (!fromDomain) return out;
  const identify = (id: { domain: string; result: string; source: string }): AlignedIdentifier => ({ ...id, alignment: alignmentOf(fromDomain, id.domain) });
  if (input.spf) out.spf = identify(input.spf);
  out.dkim = input.dkim.map(identify);
  const verified = [out.spf, ...out.dkim].filter((id): id is AlignedIdentifier => id !== null && id.result !== 'unverified');
  if (verified.length > 0) out.aligned = verified.some((id) => id.result === 'pass' && id.alignment !== 'none');
  return out;
}
