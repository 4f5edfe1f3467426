/**
 * Causes no network check can prove: the sender blocked or over a sending limit (5.1.8,
 * 5.7.501-503, submission quota, 5.7.232/233/236, ratelimited), and every cause outside the
 * issue's table (a full mailbox, a content filter, a receiver's policy). The cause is the
 * first entry of kb/causes.json whose `match` fits the bounce, else the group's general one,
 * filled with the bounce analysis' own summary and steps.
 * @module
 */
import { CAUSES } from './diagnose-knowledge.js';
import { replyOf, type Conclusion, type EvaluationInput } from './conclusion.js';
import { matchBounceRule } from './match-bounce-rule.js';
import { domainOf } from './plan-checks.js';

/** The bounce analysis decided from a status class or no evidence at all: only a guess. */
export function isGuess(ruleId: string): boolean {
  return /^(?:status-class\.|fallback\.|command\.)/.test(ruleId);
}

export function evaluateBounceOnlyCause(input: EvaluationInput): Conclusion {
  const { fact, ids } = input;
  const vars: Record<string, unknown> = {
    recipient: fact.recipient,
    domain: domainOf(fact.recipient),
    sender: ids.from,
    reply: replyOf(fact),
    status: fact.status ?? fact.replyCode ?? fact.reason,
    summary: fact.explanation.summary,
    userSteps: fact.explanation.user,
    adminSteps: fact.explanation.admin,
  };
  const support = isGuess(fact.ruleId) ? 'guess' : 'bounce';
  if (input.plan.group === 'sender-limits') {
    const matched = [...CAUSES.values()].find((c) => c.match !== null && matchBounceRule(c.match, fact, false));
    return { causeId: matched?.id ?? 'sender-limited', support, vars, evidence: [], ruledOut: [] };
  }
  return { causeId: 'from-bounce', support, vars, evidence: [], ruledOut: [] };
}
