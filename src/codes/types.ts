/**
 * Knowledge entries for status codes: Exchange Online NDR codes and the enhanced status code
 * registry, in one shape so `code`, `explain` and the server show them alike.
 * @module
 */
import type { Reason } from '../ndr/classify/reasons.js';

/** Who must act: the shape of Microsoft's new NDRs' owner strip, plus group owners and nobody. */
export type Actor = 'sender' | 'sender-admin' | 'recipient-admin' | 'group-owner' | 'provider' | 'none';

export const ACTORS: readonly Actor[] = ['sender', 'sender-admin', 'recipient-admin', 'group-owner', 'provider', 'none'];

export type CodeFamily = 'exchange-online' | 'enhanced-status';

export interface CodeEntry {
  id: string;
  family: CodeFamily;
  /** `5.7.23`; `X.1.1` for registry rows; `X.7.*` for subject fallbacks; null when only text identifies it. */
  code: string | null;
  /** Last code of a range such as 5.7.606-649, else null. */
  codeTo: string | null;
  replyCodes: string[];
  title: string;
  /** Lower-case phrases that tell this meaning apart from other meanings of the same code. */
  signature: string[];
  reason: Reason;
  /** For registry rows: whether the code alone decides the reason. */
  reasonIsSpecific: boolean;
  cause: string;
  userSteps: string[];
  adminSteps: string[];
  actor: Actor;
  /** Null for registry rows, whose permanence follows the class digit of the code used. */
  permanent: boolean | null;
  source: string;
  registryName: string | null;
  rfc: string | null;
  examples: string[];
}
