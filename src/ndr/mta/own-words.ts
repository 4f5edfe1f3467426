/**
 * An MTA's own failure wording: the fixed messages an MTA writes when no remote server replied
 * (DNS failures, queue expiry, local delivery errors). They are part of the MTA's format, so the
 * parser that reads the format decides their reason (the parser-explicit stage), with the rule's
 * id as evidence. Each table lives in its parser's file, with the MTA source it comes from.
 * @module
 */
import type { Reason, RecipientMatter } from '../types.js';

export interface OwnWordsRule {
  /** `<family>.<kebab>`, shown as the rule that decided. */
  id: string;
  /** The MTA's fixed text (case-insensitive unless the pattern says otherwise). */
  pattern: RegExp;
  reason: Reason;
  /** Extra condition on the recipient (its action or status). */
  when?: (matter: RecipientMatter) => boolean;
  /** Words that hand the decision back to the classifier (a more specific cause is quoted). */
  unless?: RegExp;
}

/** Applies the first matching rule to `matter`; returns whether one matched. */
export function applyOwnWords(matter: RecipientMatter, words: string, rules: readonly OwnWordsRule[]): boolean {
  const text = words.slice(0, 8_192);
  for (const rule of rules) {
    const hit = rule.pattern.exec(text);
    if (!hit || rule.unless?.test(text) || (rule.when && !rule.when(matter))) continue;
    matter.reason = rule.reason;
    matter.ruleId = rule.id;
    matter.evidence = text.slice(Math.max(0, hit.index - 40), hit.index + hit[0].length + 60).trim();
    return true;
  }
  return false;
}
