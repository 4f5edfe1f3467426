/**
 * The verdict for one failed recipient: the cause evaluator of its group decides the cause,
 * then this module adds what every verdict has. The confidence follows from how directly the
 * evidence proves the cause: a live check confirming the bounce's claim is high; the bounce's
 * own words (a specific code or phrase), or a claim a check no longer confirms, are medium; a
 * guess from the reason class is low; nothing is high without the network (--offline). The
 * actor is the cause's, or the bounce analysis' where the cause leaves it open, and nobody for
 * a delay notice (the sending server retries by itself). The bounce fields that support it
 * come first in the evidence.
 * @module
 */
import type { Actor } from '../codes/types.js';
import type { BounceFact } from '../ndr/types.js';
import { replyOf, type Conclusion, type EvaluationInput } from './conclusion.js';
import { causeEntry, diagnoseFinding, fillTemplate, type CauseEntry } from './diagnose-knowledge.js';
import { evaluateAddressCause } from './evaluate-address-cause.js';
import { evaluateAuthenticationCause } from './evaluate-authentication-cause.js';
import { evaluateBounceOnlyCause, isGuess } from './evaluate-bounce-only-cause.js';
import { evaluateReputationCause } from './evaluate-reputation-cause.js';
import { evaluateRoutingCause } from './evaluate-routing-cause.js';
import { evaluateSizeCause } from './evaluate-size-cause.js';
import type { BounceIdentities } from './parse-bounce-identities.js';
import type { CauseGroupId, Confidence, Evidence, Verdict } from './types.js';

const EVALUATORS: Record<CauseGroupId, (input: EvaluationInput) => Conclusion> = {
  'address': evaluateAddressCause,
  'authentication': evaluateAuthenticationCause,
  'reputation': evaluateReputationCause,
  'routing': evaluateRoutingCause,
  'size': evaluateSizeCause,
  'sender-limits': evaluateBounceOnlyCause,
  'other': evaluateBounceOnlyCause,
};

export interface VerdictResult {
  verdict: Verdict;
  /** The cause entry the notes are written from (for a delay notice, the delay's). */
  entry: CauseEntry;
  vars: Record<string, unknown>;
}

export function confidenceOf(conclusion: Conclusion, fact: BounceFact, offline: boolean): Confidence {
  const specific = !isGuess(fact.ruleId);
  switch (conclusion.support) {
    case 'confirmed':
      return offline ? (specific ? 'medium' : 'low') : 'high';
    case 'bounce':
    case 'contradicted':
      return specific ? 'medium' : 'low';
    default:
      return 'low';
  }
}

/** The bounce fields behind the verdict. */
export function bounceEvidence(fact: BounceFact, ids: BounceIdentities, group: CauseGroupId): Evidence[] {
  const out: Evidence[] = [];
  const item = (field: string, value: string, message: string, code: string | null = null): void => {
    out.push({ source: 'bounce', check: null, target: null, field, value, code, message });
  };
  if (fact.action === 'delayed') item('action', 'delayed', 'the report says delivery is delayed and still being retried (Action: delayed)');
  if (fact.status) item('status', fact.status, `status ${fact.status}${fact.code ? ` (${fact.code.title})` : ''}`);
  if (fact.diagnosticCode) item('diagnosticCode', replyOf(fact), `the server said: "${replyOf(fact)}"`);
  if (fact.remoteMta) item('remoteMta', fact.remoteMta, `refused by ${fact.remoteMta}`);
  item('reason', fact.reason, `read as ${fact.reason} by the bounce analysis (rule ${fact.ruleId})`);
  if (ids.sendingIp && (group === 'reputation' || group === 'authentication')) {
    const f = diagnoseFinding('diagnose.sending-ip', { ip: ids.sendingIp, ipSource: ids.ipSource });
    item('sendingIp', ids.sendingIp, f.message, f.code);
  }
  return out;
}

/** "The mail servers ..." -> "the mail servers ..." inside another sentence (names such as SPF or gmial.com stay). */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function sentence(entry: CauseEntry, vars: Record<string, unknown>, fact: BounceFact): string {
  return fillTemplate(entry.sentence, vars) ?? fact.explanation.summary;
}

export function evaluateVerdict(input: EvaluationInput): VerdictResult {
  const { fact, plan } = input;
  const conclusion = EVALUATORS[plan.group](input);
  const entry = causeEntry(conclusion.causeId);
  const vars = { ...conclusion.vars };
  const actor: Actor = entry.actor === 'bounce' ? fact.actor : entry.actor;
  const base = {
    recipient: fact.recipient,
    group: plan.group,
    confidence: confidenceOf(conclusion, fact, input.offline),
    evidence: [...bounceEvidence(fact, input.ids, plan.group), ...conclusion.evidence],
    ruledOut: conclusion.ruledOut,
  };
  const cause = sentence(entry, vars, fact);
  if (!plan.temporary) return { verdict: { ...base, causeId: entry.id, cause, actor }, entry, vars };
  // A delay notice: the cause so far, and nobody needs to act yet.
  const delay = causeEntry('temporary');
  const innerAdmin = entry.admin.map((line) => fillTemplate(line, vars)).filter((l): l is string => l !== null && l !== '');
  const delayVars = { ...vars, inner: lowerFirst(cause), innerAdmin: lowerFirst(innerAdmin.join(' ')) || 'see the server\'s reply above.' };
  return { verdict: { ...base, causeId: delay.id, cause: sentence(delay, delayVars, fact), actor: 'none' }, entry: delay, vars: delayVars };
}
