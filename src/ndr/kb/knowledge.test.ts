import { describe, expect, it } from 'vitest';
import { classificationKnowledge } from './index.js';
import type { CompiledRule } from '../classify/compile-rules.js';
import { matchRule, normalizeForMatch, type RuleSubject } from '../classify/match-rule.js';
import { findReplyAndStatus } from '../../core/smtp-status.js';
import { commandIn } from '../normalize.js';

/** The subject the classifier builds for a reply line: normalised text plus the codes found in it. */
function subjectOf(example: string): RuleSubject {
  const display = example.replace(/\s+/g, ' ').trim();
  const { replyCode, status } = findReplyAndStatus(display);
  return { text: normalizeForMatch(display), status, replyCode, command: commandIn(display) };
}

/** The id of the first rule of the stage that matches, as the classifier would pick it. */
function firstMatch(rules: readonly CompiledRule[], subject: RuleSubject): string | null {
  return rules.find((rule) => matchRule(rule, subject) !== null)?.id ?? null;
}

/** One line per example that its own rule does not decide (unmatched, or shadowed by an earlier rule). */
function misclassified(rules: readonly CompiledRule[]): string[] {
  const problems: string[] = [];
  for (const rule of rules) {
    for (const example of rule.examples) {
      const subject = subjectOf(example);
      if (!matchRule(rule, subject)) {
        problems.push(`${rule.id}: its own example does not match: ${example}`);
        continue;
      }
      const first = firstMatch(rules, subject);
      if (first !== rule.id) problems.push(`${rule.id}: example is shadowed by ${first}: ${example}`);
    }
  }
  return problems;
}

describe('classification knowledge (kb/phrases, kb/providers)', () => {
  const kb = classificationKnowledge();

  it('compiles every phrase and provider file', () => {
    expect(kb.phrases.length).toBeGreaterThan(0);
    for (const rule of [...kb.phrases, ...kb.providers.flatMap((p) => p.rules)]) {
      expect(rule.examples.length, rule.id).toBeGreaterThan(0);
      expect(rule.source, rule.id).not.toBe('');
    }
  });

  it('classifies every phrase example by its own rule, not by an earlier one', () => {
    expect(misclassified(kb.phrases)).toEqual([]);
  });

  it('classifies every provider example by its own rule within the provider', () => {
    const problems = kb.providers.flatMap((provider) => misclassified(provider.rules).map((p) => `${provider.provider}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('names phrase rules after the reason they give', () => {
    const wrong = kb.phrases.filter((rule) => !rule.id.startsWith(`${rule.reason}.`)).map((rule) => rule.id);
    expect(wrong).toEqual([]);
  });
});
