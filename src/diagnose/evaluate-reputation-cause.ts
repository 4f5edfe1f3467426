/**
 * Blocked or bad reputation (5.7.606-649, 5.7.508, 5.7.25, blocked, badreputation,
 * requireptr): the sending IP against the DNS blocklists (each listing with its removal
 * route, from src/checks/dnsbl/lists.json) and its reverse DNS. A receiver's own list that
 * cannot be looked up from outside (Microsoft 365's blocked senders, Outlook.com's, the
 * recipient organisation's) is recognised from the bounce (kb/provider-blocklists.json) with
 * its removal route: the sender.office.com delist portal for Microsoft's.
 * @module
 */
import type { DnsblData } from '../checks/dnsbl/evaluate-dnsbl.js';
import { DNSBL_LISTS } from '../checks/dnsbl/dnsbl-lists.js';
import type { PtrData } from '../checks/ptr/evaluate-ptr.js';
import { findingEvidence, findingOf, ruledOutBy } from './check-entries.js';
import { entryFor, noteEvidence, replyOf, uncheckedConclusion, type Conclusion, type EvaluationInput, type Support } from './conclusion.js';
import { PROVIDER_BLOCKLISTS, diagnoseFinding, fillTemplate } from './diagnose-knowledge.js';
import { matchBounceRule } from './match-bounce-rule.js';
import { domainOf } from './plan-checks.js';
import type { Evidence, RuledOut } from './types.js';

export function evaluateReputationCause(input: EvaluationInput): Conclusion {
  const { fact, ids } = input;
  const ip = ids.sendingIp;
  const dnsbl = entryFor(input, 'dnsbl');
  const ptr = entryFor(input, 'ptr');
  const vars: Record<string, unknown> = { recipient: fact.recipient, domain: domainOf(fact.recipient), sender: ids.from, senderDomain: domainOf(ids.from), ip, reply: replyOf(fact), status: fact.status };
  const evidence: Evidence[] = [];
  const ruledOut: RuledOut[] = [];

  const listed = (dnsbl?.data as DnsblData | null | undefined)?.results.filter((r) => r.state === 'listed') ?? [];
  if (dnsbl && listed.length > 0) {
    vars['lists'] = listed.map((r) => r.name).join(', ');
    // The removal route of each list, from the lists' data (lists.json or --blocklist-file).
    vars['removals'] = listed.map((r) => {
      const removal = (dnsbl.findings.find((f) => f.code === 'dnsbl.listed' && (f.data as { list?: string } | undefined)?.list === r.name)?.data as { removal?: string } | undefined)?.removal
        ?? DNSBL_LISTS.find((l) => l.id === r.list)?.removal;
      return `${r.name}: ${removal ?? 'see the list operator\'s site'}`;
    });
    evidence.push(...findingEvidence(dnsbl, ['dnsbl.listed']));
  } else if (dnsbl?.status === 'pass') {
    const asked = (dnsbl.data as DnsblData).results.filter((r) => r.state !== 'skipped').length;
    ruledOut.push(ruledOutBy(dnsbl, `${ip} is on none of the ${asked} blocklist(s) asked`));
  } else if (dnsbl) evidence.push(...findingEvidence(dnsbl, ['dnsbl.refused', 'dnsbl.unanswered']));

  const ptrData = ptr?.data as PtrData | null | undefined;
  const ptrMissing = ptr ? findingOf(ptr, 'ptr.missing') : undefined;
  const ptrWeak = ptr ? findingOf(ptr, 'ptr.not-forward-confirmed', 'ptr.generic') : undefined;
  if (ptr && (ptrMissing || ptrWeak)) evidence.push(...findingEvidence(ptr, ['ptr.missing', 'ptr.not-forward-confirmed', 'ptr.generic']));
  else if (ptr?.status === 'pass') ruledOut.push(ruledOutBy(ptr, `${ip} has a forward-confirmed reverse DNS name (${ptrData?.confirmed[0] ?? ptrData?.names[0] ?? ''})`));

  // A list the receiver keeps for itself, named by the bounce.
  const own = PROVIDER_BLOCKLISTS.find((l) => matchBounceRule(l, fact, false));
  if (own) {
    const note = diagnoseFinding('diagnose.provider-blocklist', { ip: ip ?? 'the sending IP', listName: own.name, source: own.source });
    const ownVars = { ...vars, listName: own.name, removal: fillTemplate(own.removal, { ip: ip ?? 'the sending IP' }) };
    return { causeId: own.cause, support: 'bounce', vars: ownVars, evidence: [noteEvidence(null, ip, note.code, note.message), ...evidence], ruledOut };
  }
  if (!ip) return { causeId: 'reputation-unchecked', support: 'bounce', vars, evidence, ruledOut };
  if (!dnsbl && !ptr) return uncheckedConclusion(input);
  // An IP the bounce does not name for sure (the topmost Received hop, as the bounce evidence
  // says) only points at the cause.
  const sure = ids.ipCertainty !== 'top-header';
  const proven: Support = sure ? 'confirmed' : 'bounce';
  if (listed.length > 0) return { causeId: 'blocklisted', support: proven, vars, evidence, ruledOut };
  const claimsPtr = fact.reason === 'requireptr' || /^[45]\.7\.25$/.test(fact.status ?? '');
  if (ptrMissing) return { causeId: 'ptr-missing', support: claimsPtr ? proven : 'bounce', vars, evidence, ruledOut };
  if (ptrWeak) return { causeId: 'ptr-weak', support: claimsPtr ? proven : 'bounce', vars: { ...vars, ptrProblem: ptrWeak.message }, evidence, ruledOut };
  // Nothing found, but an unanswered list or reverse lookup is not a clean bill.
  if (dnsbl?.status !== 'pass' || (ptr && ptr.status !== 'pass' && ptr.status !== 'warn')) return { causeId: 'reputation-unproven', support: 'bounce', vars, evidence, ruledOut };
  return { causeId: 'reputation-unproven', support: sure ? 'contradicted' : 'bounce', vars, evidence, ruledOut };
}
