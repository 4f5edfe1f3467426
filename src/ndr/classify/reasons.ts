/**
 * The reason vocabulary (names shared with Sisimai so that results can be compared) and its
 * metadata, loaded from kb/reasons.json.
 * @module
 */
import reasonsData from '../kb/reasons.json' with { type: 'json' };
import type { Actor } from '../../codes/types.js';

export const REASONS = [
  'userunknown', 'hostunknown', 'hasmoved', 'notaccept', 'mailboxfull', 'suspend', 'exceedlimit',
  'emailtoolarge', 'filtered', 'rejected', 'blocked', 'badreputation', 'requireptr', 'authfailure',
  'spamdetected', 'virusdetected', 'policyviolation', 'securityerror', 'failedstarttls', 'contenterror',
  'notcompliantrfc', 'norelaying', 'ratelimited', 'toomanyconn', 'expired', 'networkerror', 'systemerror',
  'systemfull', 'mailererror', 'syntaxerror', 'suppressed', 'onhold', 'undefined', 'delivered', 'feedback',
  'vacation',
] as const;

export type Reason = (typeof REASONS)[number];

export interface ReasonInfo {
  id: Reason;
  title: string;
  description: string;
  hardBounce: boolean;
  actor: Actor;
  summary: string;
  user: string[];
  admin: string[];
  source: string;
}

const REASON_SET: ReadonlySet<string> = new Set(REASONS);

export function isReason(value: unknown): value is Reason {
  return typeof value === 'string' && REASON_SET.has(value);
}

const infoById = new Map<Reason, ReasonInfo>();
for (const entry of (reasonsData as { reasons: ReasonInfo[] }).reasons) infoById.set(entry.id, entry);

export function reasonInfo(reason: Reason): ReasonInfo {
  const info = infoById.get(reason);
  if (!info) throw new Error(`kb/reasons.json has no entry for ${reason}`);
  return info;
}

/** The corpus convention: only address-level reasons are hard bounces. */
export function isHardBounceReason(reason: Reason): boolean {
  return reason === 'userunknown' || reason === 'hostunknown' || reason === 'hasmoved' || reason === 'notaccept';
}

export function allReasonInfo(): ReasonInfo[] {
  return REASONS.map((r) => infoById.get(r)).filter((x): x is ReasonInfo => x !== undefined);
}
