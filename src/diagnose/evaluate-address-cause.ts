/**
 * Address errors (X.1.1, X.1.10, userunknown, hostunknown): is the address valid, is its
 * domain a misspelt provider domain, does the domain exist and receive mail. A domain that
 * does not exist, accepts no mail or has no mail server is proven by the MX check; a mailbox
 * that does not exist at a working domain can only be the bounce's word (asking the MX about
 * the very address would be address harvesting).
 * @module
 */
import { entriesFor, entryFor, replyOf, type Conclusion, type EvaluationInput } from './conclusion.js';
import { findingEvidence, ruledOutBy } from './check-entries.js';
import { MX_STATE_TEXT, mxState } from './mx-state.js';
import type { TypoCheck } from './detect-typo-domain.js';
import { domainOf } from './plan-checks.js';
import type { Evidence, RuledOut } from './types.js';

export function evaluateAddressCause(input: EvaluationInput): Conclusion {
  const { fact } = input;
  const domain = domainOf(fact.recipient);
  const syntax = entryFor(input, 'address-syntax');
  const typo = entryFor(input, 'typo');
  const mx = entriesFor(input, 'mx')[0];
  const state = mxState(mx);
  const vars: Record<string, unknown> = { recipient: fact.recipient, domain, reply: replyOf(fact), status: fact.status };
  const evidence: Evidence[] = [];
  const ruledOut: RuledOut[] = [];

  if (syntax?.status === 'fail') {
    const problem = (syntax.data as { problems: { message: string }[] }).problems.map((p) => p.message).join('; ');
    return { causeId: 'address-syntax-invalid', support: 'confirmed', vars: { ...vars, problem }, evidence: findingEvidence(syntax), ruledOut };
  }
  if (syntax) ruledOut.push(ruledOutBy(syntax, `the address ${fact.recipient} is valid`));
  if (mx && state !== 'unknown') evidence.push(...findingEvidence(mx, ['mx.domain-not-found', 'mx.null', 'mx.none', 'mx.all-targets-unresolvable']));

  const suggestion = typo?.status === 'fail' || typo?.status === 'warn' ? (typo.data as Extract<TypoCheck, { kind: 'suggestion' }>).suggestion : null;
  if (typo && suggestion) {
    const local = fact.recipient.slice(0, fact.recipient.lastIndexOf('@'));
    const typoVars = { ...vars, suggestion: suggestion.suggestion, provider: suggestion.provider, distance: suggestion.distance, suggestedAddress: `${local}@${suggestion.suggestion}`, domainState: MX_STATE_TEXT[state] };
    // Proven when the domain cannot receive mail; only likely when it can (or was not asked).
    const support = state === 'nxdomain' || state === 'null-mx' || state === 'no-mail-server' ? 'confirmed' : 'bounce';
    return { causeId: 'typo-domain', support, vars: typoVars, evidence: [...findingEvidence(typo), ...evidence], ruledOut };
  }
  if (typo) ruledOut.push(ruledOutBy(typo, `${domain} is not a misspelling of a well-known mailbox provider's domain`));

  if (state === 'nxdomain') return { causeId: 'domain-not-found', support: 'confirmed', vars, evidence, ruledOut };
  if (state === 'null-mx') return { causeId: 'null-mx', support: 'confirmed', vars, evidence, ruledOut };
  if (state === 'no-mail-server') return { causeId: 'no-mail-server', support: 'confirmed', vars, evidence, ruledOut };
  if (state === 'receives-mail' && mx) {
    ruledOut.push(ruledOutBy(mx, `${domain} exists and receives mail`));
    // The bounce said the domain could not be found, yet it resolves now.
    if (fact.reason === 'hostunknown' || fact.reason === 'notaccept') return { causeId: 'domain-resolves-now', support: 'contradicted', vars, evidence, ruledOut };
    return { causeId: 'mailbox-unknown', support: 'bounce', vars, evidence, ruledOut };
  }
  // No MX answer (offline, or the lookup failed): the bounce's words decide.
  const fromWords = fact.reason === 'hostunknown' ? 'domain-not-found' : fact.reason === 'notaccept' ? 'null-mx' : 'mailbox-unknown';
  return { causeId: fromWords, support: 'bounce', vars, evidence, ruledOut };
}
