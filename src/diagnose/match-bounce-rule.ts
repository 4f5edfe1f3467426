/**
 * Whether a failed recipient fits a rule of diagnose's knowledge files: by the knowledge-base
 * entry the bounce analysis chose (which already tells apart the meanings of one code, such
 * as Exchange Online's two 5.2.2), the enhanced status code (RFC 3463; exact, or a range as
 * Microsoft documents them: 5.7.606-5.7.649), the reason, or words of the server's reply.
 * @module
 */
import type { BounceFact } from '../ndr/types.js';

export interface BounceRuleMatch {
  codeIds?: readonly string[];
  statuses?: readonly string[];
  reasons?: readonly string[];
  /** Lower-case words of the server's reply. */
  phrases?: readonly string[];
}

const STATUS = /^[245]\.\d{1,3}\.\d{1,3}$/;

function parts(status: string): [number, number, number] {
  const [a = 0, b = 0, c = 0] = status.split('.').map(Number);
  return [a, b, c];
}

/** Whether `status` is `pattern` or inside the range `from-to` (same class and subject). */
export function statusInPattern(status: string, pattern: string): boolean {
  const dash = pattern.indexOf('-');
  if (dash < 0) return status === pattern;
  const [from, to] = [parts(pattern.slice(0, dash)), parts(pattern.slice(dash + 1))];
  const s = parts(status);
  return s[0] === from[0] && s[1] === from[1] && s[0] === to[0] && s[1] === to[1] && s[2] >= from[2] && s[2] <= to[2];
}

/** Whether a status pattern is well formed (`5.7.23` or `5.7.606-5.7.649`). */
export function isStatusPattern(pattern: string): boolean {
  const [from, to, extra] = pattern.split('-');
  return extra === undefined && STATUS.test(from ?? '') && (to === undefined || STATUS.test(to));
}

/** The status a fact carries, or, when the report gives none, the first one its reply quotes. */
function statusesOf(fact: BounceFact): string[] {
  if (fact.status) return [fact.status];
  const quoted = /\b[245]\.\d{1,3}\.\d{1,3}\b/.exec((fact.diagnosticCode ?? '').slice(0, 2000))?.[0];
  return quoted ? [quoted] : [];
}

/**
 * `all`: every field the rule gives must match (group rules); otherwise any field is enough
 * (the `match` of a cause or a provider's list).
 */
export function matchBounceRule(rule: BounceRuleMatch, fact: BounceFact, all: boolean): boolean {
  const text = (fact.diagnosticCode ?? '').toLowerCase().replace(/\s+/g, ' ');
  const tests: boolean[] = [];
  if (rule.codeIds) tests.push(fact.code !== null && rule.codeIds.includes(fact.code.id));
  if (rule.statuses) {
    const own = statusesOf(fact);
    tests.push(rule.statuses.some((p) => own.some((s) => statusInPattern(s, p))));
  }
  if (rule.reasons) tests.push(rule.reasons.includes(fact.reason));
  if (rule.phrases) tests.push(rule.phrases.some((p) => text.includes(p)));
  if (tests.length === 0) return false;
  return all ? tests.every(Boolean) : tests.some(Boolean);
}
