/**
 * DMARC identifier alignment (RFC 7489 section 3.1) as the headers show it: the RFC5322.From
 * domain against the SPF domain (envelope sender) and each DKIM signing domain, rated strict
 * (same name) or relaxed (same organisational domain from the public suffix list) by
 * core/identifier-alignment.ts, the same rating `check path` uses. The receiver's own DMARC
 * verdict is reported separately.
 * @module
 */
import { registrableDomain } from '../core/domain-name.js';
import { addressDomain, firstAddress } from '../core/email-address.js';
import { identifierAlignment } from '../core/identifier-alignment.js';
import type { AlignedIdentifier, DmarcAlignment } from './types.js';

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

export function evaluateDmarcAlignment(input: AlignmentInput): DmarcAlignment {
  const { address, multiple } = fromAddress(input.from);
  const fromDomain = addressDomain(address);
  const out: DmarcAlignment = {
    fromDomain,
    fromOrganizationalDomain: registrableDomain(fromDomain),
    multipleFrom: multiple,
    spf: null,
    dkim: [],
    aligned: null,
  };
  if (!fromDomain) return out;
  const identify = (id: { domain: string; result: string; source: string }): AlignedIdentifier => ({ ...id, alignment: identifierAlignment(fromDomain, id.domain) });
  if (input.spf) out.spf = identify(input.spf);
  out.dkim = input.dkim.map(identify);
  const verified = [out.spf, ...out.dkim].filter((id): id is AlignedIdentifier => id !== null && id.result !== 'unverified');
  if (verified.length > 0) out.aligned = verified.some((id) => id.result === 'pass' && id.alignment !== 'none');
  return out;
}
