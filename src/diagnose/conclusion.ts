/**
 * What every cause evaluator (evaluate-*-cause.ts) gets and gives: the failed recipient with
 * its plan and the results of its checks in; a cause of kb/causes.json out, with the values
 * that fill its templates, the evidence, what was ruled out, and how the evidence supports it
 * (confirmed by a live check, the bounce's words only, contradicted by a check that passes
 * now, or only a guess from the reason class), from which evaluate-verdict.ts derives the
 * confidence.
 * @module
 */
import type { BounceFact } from '../ndr/types.js';
import { entryKey, type CheckEntry } from './check-entries.js';
import type { MessageSize } from './find-message-size.js';
import type { BounceIdentities } from './parse-bounce-identities.js';
import type { DiagnoseCheckId, Evidence, RecipientPlan, RuledOut } from './types.js';

export type Support = 'confirmed' | 'bounce' | 'contradicted' | 'guess';

export interface EvaluationInput {
  fact: BounceFact;
  plan: RecipientPlan;
  ids: BounceIdentities;
  entries: ReadonlyMap<string, CheckEntry>;
  size: MessageSize;
  /** No network check was made (--offline). */
  offline: boolean;
}

export interface Conclusion {
  causeId: string;
  support: Support;
  vars: Record<string, unknown>;
  evidence: Evidence[];
  ruledOut: RuledOut[];
}

/** The results of one check the plan ran (one per target). */
export function entriesFor(input: EvaluationInput, check: DiagnoseCheckId): CheckEntry[] {
  return input.plan.run.filter((r) => r.check === check).flatMap((r) => input.entries.get(entryKey(check, r.target)) ?? []);
}

/** The result of a check the plan ran for one target (the first). */
export function entryFor(input: EvaluationInput, check: DiagnoseCheckId): CheckEntry | undefined {
  return entriesFor(input, check)[0];
}

/** Whether the plan ran a check, or listed it as not run. */
export function planned(input: EvaluationInput, check: DiagnoseCheckId): boolean {
  return input.plan.run.some((r) => r.check === check);
}

/** The server's reply, short, for sentences. */
export function replyOf(fact: BounceFact): string {
  const text = (fact.diagnosticCode ?? '').replace(/\s+/g, ' ').trim();
  const reply = text || [fact.replyCode, fact.status].filter(Boolean).join(' ') || fact.reason;
  return reply.length > 200 ? `${reply.slice(0, 197)}...` : reply;
}

/**
 * For causes only live checks can tell apart, offline: the bounce analysis' own reading, said
 * to be unchecked.
 */
export function uncheckedConclusion(input: EvaluationInput): Conclusion {
  const { fact } = input;
  const why = input.plan.notRun.find((n) => n.why.startsWith('--offline'))?.why ?? 'not checked';
  return {
    causeId: 'unchecked',
    support: 'bounce',
    vars: { recipient: fact.recipient, summary: fact.explanation.summary.replace(/\.?$/, '.'), userSteps: fact.explanation.user, adminSteps: fact.explanation.admin, reply: replyOf(fact), notCheckedWhy: why.replace(/:.*$/, '') },
    evidence: [],
    ruledOut: [],
  };
}

/** A piece of analysis evidence that is not a finding of a result (the bounce's own claim in context). */
export function noteEvidence(check: DiagnoseCheckId | null, target: string | null, code: string | null, message: string): Evidence {
  return { source: 'analysis', check, target, field: null, value: null, code, message };
}
