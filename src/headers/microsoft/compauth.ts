/**
 * Microsoft 365 composite authentication: `compauth=<pass|fail|softpass|none> reason=<nnn>`
 * in the receiver's Authentication-Results, with the meaning of the reason code.
 * @module
 */
import type { AuthenticationResultsHeader, CompauthVerdict } from '../types.js';
import { compauthReasonMeaning, compauthResultMeaning } from './antispam-knowledge.js';

/** The compauth verdict of the topmost trusted Authentication-Results that has one. */
export function compauthVerdict(results: readonly AuthenticationResultsHeader[]): CompauthVerdict | null {
  for (const ar of results) {
    if (!ar.trusted) continue;
    const compauth = ar.results.find((r) => r.method === 'compauth');
    if (!compauth) continue;
    const reason = compauth.reason ?? compauth.properties['reason'] ?? null;
    return {
      result: compauth.result,
      resultMeaning: compauthResultMeaning(compauth.result),
      reason,
      reasonMeaning: compauthReasonMeaning(reason),
      by: ar.addedBy,
    };
  }
  return null;
}
