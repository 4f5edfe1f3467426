/**
 * Tests one compiled rule against a normalised failure text.
 * @module
 */
import type { CompiledRule } from './compile-rules.js';

export interface RuleSubject {
  /** Lower-case text with runs of white space collapsed to one space. */
  text: string;
  status: string | null;
  replyCode: string | null;
  /** The SMTP command the failure happened at, when known. */
  command?: string | null;
}

export interface RuleHit {
  /** Start and end of the matched span within `text`. */
  start: number;
  end: number;
}

function constraintHolds(values: readonly string[], actual: string | null): boolean {
  if (values.length === 0) return true;
  if (!actual) return false;
  // `5.7.` and `55` are prefixes; anything else must be equal.
  return values.some((v) => actual === v || ((v.endsWith('.') || /^\d{1,2}$/.test(v)) && actual.startsWith(v)));
}

/** Normalises text for phrase tests: lower case, one space for any run of white space. */
export function normalizeForMatch(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}

export function matchRule(rule: CompiledRule, subject: RuleSubject): RuleHit | null {
  if (!constraintHolds(rule.status, subject.status)) return null;
  if (!constraintHolds(rule.replyCode, subject.replyCode)) return null;
  if (rule.command.length > 0 && !rule.command.includes((subject.command ?? '').toUpperCase())) return null;
  if (rule.phrases.length === 0 && rule.patterns.length === 0) return { start: 0, end: 0 };
  for (const phrase of rule.phrases) {
    const at = subject.text.indexOf(phrase);
    if (at >= 0) return { start: at, end: at + phrase.length };
  }
  for (const pattern of rule.patterns) {
    const m = pattern.exec(subject.text);
    if (m) return { start: m.index, end: m.index + m[0].length };
  }
  return null;
}
