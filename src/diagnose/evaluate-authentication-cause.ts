/**
 * Authentication failures (5.7.23, 5.7.509, 5.7.26, RFC 7372's 5.7.20-5.7.24, authfailure):
 * which mechanism the bounce blames (SPF, DKIM, DMARC, or authentication in general), then the
 * live results for exactly this message: SPF of its envelope domain for its sending IP, the
 * DKIM keys of the selectors it was signed with, the DMARC policy and alignment of its From
 * domain. A failure of the blamed mechanism confirms the bounce; a blamed mechanism that
 * passes now contradicts it (the record may have been fixed since), and the verdict says so.
 * @module
 */
import type { DkimData } from '../checks/dkim/evaluate-dkim.js';
import type { AlignmentData } from '../checks/dmarc/evaluate-alignment.js';
import type { SpfData } from '../checks/spf/evaluate-spf-tree.js';
import type { BounceFact } from '../ndr/types.js';
import { findingEvidence, findingOf, ruledOutBy, type CheckEntry } from './check-entries.js';
import { entriesFor, entryFor, noteEvidence, replyOf, uncheckedConclusion, type Conclusion, type EvaluationInput, type Support } from './conclusion.js';
import { diagnoseFinding } from './diagnose-knowledge.js';
import { statusInPattern } from './match-bounce-rule.js';
import { domainOf } from './plan-checks.js';
import type { Evidence, RuledOut } from './types.js';

type Mechanism = 'spf' | 'dkim' | 'dmarc';

/** The mechanisms the bounce blames; empty: authentication in general. */
export function blamedMechanisms(fact: BounceFact): Set<Mechanism> {
  const blamed = new Set<Mechanism>();
  const status = fact.status ?? '';
  const text = (fact.diagnosticCode ?? '').toLowerCase();
  const code = fact.code?.id ?? '';
  if (['5.7.23', '4.7.23', '5.7.24', '4.7.24'].includes(status) || code === 'exo-5.7.23-spf-fail') blamed.add('spf');
  if (['5.7.20', '5.7.21', '5.7.22', '4.7.20', '4.7.21', '4.7.22'].some((p) => statusInPattern(status, p))) blamed.add('dkim');
  if (status === '5.7.509' || code === 'exo-5.7.509-dmarc-reject' || /\bdmarc\b/.test(text)) blamed.add('dmarc');
  // Words name a single mechanism only when they do not name several ("SPF or DKIM").
  const spfWords = /\bspf\b|sender policy framework/.test(text);
  const dkimWords = /\bdkim\b|domainkeys/.test(text);
  if (spfWords && !dkimWords && blamed.size === 0) blamed.add('spf');
  if (dkimWords && !spfWords && blamed.size === 0) blamed.add('dkim');
  return blamed;
}

interface Found {
  causeId: string;
  mechanism: Mechanism;
  vars: Record<string, unknown>;
  evidence: Evidence[];
}

function spfFailure(spf: CheckEntry | undefined, ip: string | null): Found | null {
  if (!spf) return null;
  const data = spf.data as SpfData | null;
  const result = data?.evaluation?.result ?? null;
  const vars = { mailFromDomain: spf.target, ip, spfResult: result ?? spf.status };
  if (spf.status === 'none' && findingOf(spf, 'spf.none')) return { causeId: 'spf-none', mechanism: 'spf', vars, evidence: findingEvidence(spf, ['spf.none']) };
  if (spf.status === 'permerror' || (spf.status === 'temperror' && findingOf(spf, 'spf.too-many-lookups', 'spf.too-many-void-lookups'))) {
    const problem = spf.findings.find((f) => f.severity === 'error') ?? spf.findings[0];
    return { causeId: 'spf-error', mechanism: 'spf', vars: { ...vars, spfProblem: problem?.message ?? spf.status }, evidence: findingEvidence(spf) };
  }
  if (result === 'fail' || result === 'softfail') return { causeId: 'spf-fail', mechanism: 'spf', vars, evidence: findingEvidence(spf, ['spf.fail-for-ip', 'spf.softfail-for-ip']) };
  return null;
}

const KEY_PROBLEM: Record<string, string> = {
  missing: 'no key is published at {name}',
  revoked: 'the key at {name} is revoked (empty p=)',
  invalid: 'the key published at {name} cannot be used',
};

function dkimFailure(entries: readonly CheckEntry[]): Found | null {
  for (const entry of entries) {
    const data = entry.data as DkimData | null;
    const [selector = '', dkimDomain = ''] = entry.target.split('._domainkey.');
    const sel = data?.selectors.find((s) => s.selector === selector);
    const problem = sel ? KEY_PROBLEM[sel.status] : undefined;
    if (!sel || !problem) continue;
    return {
      causeId: 'dkim-key-missing',
      mechanism: 'dkim',
      vars: { selector, dkimDomain, keyProblem: problem.replace('{name}', sel.name) },
      evidence: findingEvidence(entry, ['dkim.key-missing', 'dkim.key-revoked', 'dkim.key-invalid', 'dkim.syntax-error', 'dkim.key-too-short', 'dkim.key-type-unknown', 'dkim.microsoft-365-key-missing']),
    };
  }
  return null;
}

function dmarcFailure(alignment: CheckEntry | undefined): Found | null {
  if (!alignment || alignment.status !== 'fail') return null;
  const data = alignment.data as AlignmentData;
  const f = findingOf(alignment, 'dmarc.unaligned');
  return {
    causeId: 'dmarc-unaligned',
    mechanism: 'dmarc',
    vars: { fromDomain: data.fromDomain, policy: data.policy, alignmentReasons: (f?.data as { reasons?: string } | undefined)?.reasons ?? 'no aligned SPF or DKIM pass' },
    evidence: findingEvidence(alignment, ['dmarc.unaligned']),
  };
}

export function evaluateAuthenticationCause(input: EvaluationInput): Conclusion {
  const { fact, ids } = input;
  const spf = entryFor(input, 'spf');
  const dkim = entriesFor(input, 'dkim');
  const dmarc = entryFor(input, 'dmarc');
  const alignment = entryFor(input, 'alignment');
  const fromDomain = domainOf(ids.from) ?? alignment?.target ?? dmarc?.target ?? null;
  const base = { recipient: fact.recipient, domain: domainOf(fact.recipient), sender: ids.from, fromDomain, ip: ids.sendingIp, mailFromDomain: spf?.target ?? domainOf(ids.mailFrom), reply: replyOf(fact), status: fact.status };
  const failures = [dmarcFailure(alignment), spfFailure(spf, ids.sendingIp), dkimFailure(dkim)].filter((f): f is Found => f !== null);
  const blamed = blamedMechanisms(fact);
  const ruledOut: RuledOut[] = [];
  const spfResult = (spf?.data as SpfData | null | undefined)?.evaluation?.result ?? null;
  if (spf && spfResult === 'pass') ruledOut.push(ruledOutBy(spf, `SPF of ${spf.target} allows ${ids.sendingIp}`));
  for (const d of dkim) if (d.status === 'pass') ruledOut.push(ruledOutBy(d, `a DKIM key is published at ${d.target}`));
  if (alignment?.status === 'pass') ruledOut.push(ruledOutBy(alignment, `the message can get an aligned DMARC pass for ${alignment.target}`));
  if (dmarc && dmarc.status === 'pass') ruledOut.push(ruledOutBy(dmarc, `the DMARC record of ${dmarc.target} is valid`));

  // The blamed mechanism's failure first; with no mechanism named, any failure (DMARC, then SPF, then DKIM).
  const chosen = failures.find((f) => blamed.size === 0 || blamed.has(f.mechanism));
  const others = failures.filter((f) => f !== chosen).flatMap((f) => f.evidence);
  if (chosen) {
    // SPF judged for an IP the bounce does not name for sure only points at the cause.
    // (The bounce evidence names where the IP came from.)
    const weakIp = chosen.causeId === 'spf-fail' && ids.ipCertainty === 'top-header';
    return { causeId: chosen.causeId, support: weakIp ? 'bounce' : 'confirmed', vars: { ...base, ...chosen.vars }, evidence: [...chosen.evidence, ...others], ruledOut };
  }

  const checkedSomething = (spf && spfResult !== null) || dkim.length > 0 || alignment !== undefined;
  if (!checkedSomething) {
    if (input.offline) return uncheckedConclusion(input);
    return { causeId: 'authentication-unchecked', support: 'bounce', vars: base, evidence: others, ruledOut };
  }
  // A lookup that failed proves nothing either way.
  const failed = [spf, ...dkim, alignment].filter((e): e is CheckEntry => e?.status === 'temperror');
  if (failed.length > 0) return { causeId: 'authentication-unchecked', support: 'bounce', vars: base, evidence: [...failed.flatMap((e) => findingEvidence(e)), ...others], ruledOut };
  // The blamed mechanism passes now: the bounce's claim is not confirmed.
  const support: Support = 'contradicted';
  if (blamed.size === 1 && blamed.has('spf') && spfResult === 'pass' && spf) {
    const note = diagnoseFinding('diagnose.passes-now', { what: `SPF of ${spf.target} for ${ids.sendingIp}` });
    return { causeId: 'spf-passes-now', support, vars: { ...base, spfResult }, evidence: [noteEvidence('spf', spf.target, note.code, note.message), ...others], ruledOut };
  }
  if (blamed.has('spf') && spfResult === null && !blamed.has('dmarc') && !blamed.has('dkim')) {
    return { causeId: 'authentication-unchecked', support: 'bounce', vars: base, evidence: others, ruledOut };
  }
  const note = diagnoseFinding('diagnose.passes-now', { what: [...blamed].map((m) => m.toUpperCase()).join(' and ') || 'Authentication' });
  return { causeId: 'authentication-passes-now', support, vars: base, evidence: [noteEvidence(null, fromDomain, note.code, note.message), ...others], ruledOut };
}
