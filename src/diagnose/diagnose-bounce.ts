/**
 * Public entry of `maildoctor diagnose`: a bounce in, a diagnosis out. The bounce analysis
 * (src/ndr) reads it; the planner picks, per failed recipient, only the checks its cause calls
 * for; the live checks (src/checks) run through the injected CheckContext, or none at all
 * offline; the local analyses (address syntax, typo, message size) follow; then each recipient
 * gets its verdict (cause, confidence, actor, evidence, ruled out) and its three notes.
 * Never throws on any input: a message that is not a bounce is an answer.
 *
 * @example
 * ```ts
 * import { createCheckContext, SystemResolver } from 'maildoctor/checks';
 * import { diagnoseBounce } from 'maildoctor/diagnose';
 * const ctx = createCheckContext({ resolver: new SystemResolver() });
 * const report = await diagnoseBounce(readFileSync('bounce.eml'), { ctx, file: 'bounce.eml' });
 * console.log(report.recipients[0]?.verdict.cause, report.recipients[0]?.verdict.confidence);
 * ```
 * @module
 */
import type { CheckContext } from '../checks/context.js';
import { DEFAULT_CHECK_TIMEOUT_MS } from '../checks/check-limits.js';
import type { DnsblList } from '../checks/dnsbl/dnsbl-lists.js';
import type { SmtpProbeSettings } from '../checks/smtp/check-smtp.js';
import type { CheckResult } from '../checks/types.js';
import { parseMessage } from '../mime/parse-message.js';
import { analyzeBounce } from '../ndr/analyze-bounce.js';
import { buildBounceMessage } from '../ndr/bounce-message.js';
import type { BounceFact, BounceReport } from '../ndr/types.js';
import { entryKey, type CheckEntry } from './check-entries.js';
import { DIAGNOSE_CHECK_INFO } from './diagnose-knowledge.js';
import { evaluateLocalChecks } from './evaluate-local-checks.js';
import { evaluateVerdict } from './evaluate-verdict.js';
import { findMessageSize, type MessageSize } from './find-message-size.js';
import { parseBounceIdentities, type BounceIdentities } from './parse-bounce-identities.js';
import { domainOf, planRecipient } from './plan-checks.js';
import type { SmtpData } from '../checks/smtp/evaluate-smtp.js';
import type { DiagnosisCheck, DiagnosisReport, RecipientDiagnosis, RecipientPlan } from './types.js';
import { writeNotes } from './write-notes.js';

export interface DiagnoseOptions {
  /** The input's name in the report (a path, `-`). */
  file?: string;
  /** The checks' context (resolver, SMTP prober, HTTPS fetch, clock); null or absent: offline. */
  ctx?: CheckContext | null;
  /** SMTP probes of the recipient's MX hosts: the settings, or false for none (--no-smtp; the default). */
  smtp?: SmtpProbeSettings | false;
  /** Blocklists for the sending IP (default: the default set of lists.json). */
  lists?: readonly DnsblList[];
  /** Overall time for the live checks, in milliseconds. */
  timeoutMs?: number;
  /** Told how many checks are about to run, then each time one finishes (a progress bar). */
  onPlanned?: (count: number) => void;
  onCheckDone?: (label: string) => void;
}

const CERTAINTY_RANK = { 'reply': 0, 'receiver-header': 1, 'top-header': 2, 'none': 3 } as const;

/** Recipients a diagnosis is about: failed, delayed, or of unknown action in a failure report. */
function failedFacts(report: BounceReport): BounceFact[] {
  if (report.kind !== 'bounce' && report.kind !== 'delay') return [];
  return report.bounces.filter((b) => b.action === 'failed' || b.action === 'delayed' || b.action === null);
}

/** The returned original as a MIME entity (for its size), from a second, cheap parse. */
function originalSize(input: Uint8Array | string, facts: readonly BounceFact[]): MessageSize {
  const reply = facts.map((f) => f.diagnosticCode ?? '').join('\n');
  const entity = buildBounceMessage(parseMessage(input)).originalEntity?.embedded ?? null;
  return findMessageSize(reply, entity);
}

function runCount(plans: readonly RecipientPlan[]): number {
  return new Set(plans.flatMap((p) => p.run.filter((r) => DIAGNOSE_CHECK_INFO.get(r.check)?.network && r.check !== 'rcpt' && r.check !== 'alignment').map((r) => entryKey(r.check, r.target)))).size;
}

/** The checks of the report: those run (with the recipients that asked), the resolver, and those not run (with why). */
function listChecks(plans: readonly RecipientPlan[], entries: ReadonlyMap<string, CheckEntry>, resolver: CheckResult | null): DiagnosisCheck[] {
  const out: DiagnosisCheck[] = [];
  const byKey = new Map<string, DiagnosisCheck>();
  for (const plan of plans) {
    for (const r of plan.run) {
      const key = entryKey(r.check, r.target);
      const known = byKey.get(key);
      if (known) {
        if (!known.recipients.includes(plan.recipient)) known.recipients.push(plan.recipient);
        continue;
      }
      const entry = r.check === 'rcpt' ? rcptEntry(entries.get(entryKey('smtp', r.target)), r.target) : entries.get(key);
      if (!entry) continue;
      const item: DiagnosisCheck = { check: r.check, target: r.target, status: entry.status, why: r.why, recipients: [plan.recipient], findings: entry.findings as DiagnosisCheck['findings'], data: entry.data };
      byKey.set(key, item);
      out.push(item);
    }
  }
  if (resolver) out.push({ check: 'resolver', target: resolver.target, status: resolver.status, why: 'every DNS answer of the run, judged together (a failing resolver is not a missing record)', recipients: plans.map((p) => p.recipient), findings: resolver.findings, data: resolver.data });
  const ran = new Set(out.map((c) => c.check));
  const skipped = new Map<string, DiagnosisCheck>();
  for (const plan of plans) {
    for (const n of plan.notRun) {
      // A check one recipient's cause does not call for is listed once, and not at all when it ran for another.
      if (n.kind === 'not-called-for' && ran.has(n.check)) continue;
      const key = n.kind === 'not-called-for' ? `${n.check}|not-called-for` : `${n.check}|${n.target ?? ''}|${n.why}`;
      const known = skipped.get(key);
      if (known) {
        if (!known.recipients.includes(plan.recipient)) known.recipients.push(plan.recipient);
        continue;
      }
      skipped.set(key, { check: n.check, target: n.target, status: 'not-run', why: n.why, notRunKind: n.kind, recipients: [plan.recipient], findings: [], data: null });
    }
  }
  return [...out, ...skipped.values()];
}

/** RCPT TO postmaster@domain, as its own line: the SMTP probe's answers. */
function rcptEntry(smtp: CheckEntry | undefined, domain: string): CheckEntry | undefined {
  if (!smtp) return undefined;
  const probes = (smtp.data as SmtpData | null)?.probes ?? [];
  const asked = probes.filter((p) => p.rcpt !== null);
  const findings = smtp.findings.filter((f) => f.code === 'smtp.postmaster-rejected');
  return { check: 'rcpt', target: domain, status: asked.length === 0 ? 'none' : findings.length > 0 ? 'fail' : 'pass', findings, data: asked.map((p) => ({ host: p.host, address: p.address, mail: p.rcpt?.mail ?? null, rcpt: p.rcpt?.rcpt ?? null })), queries: 0 };
}

/** Diagnoses one bounce (bytes, or text such as a pasted report). */
export async function diagnoseBounce(input: Uint8Array | string, options: DiagnoseOptions = {}): Promise<DiagnosisReport> {
  const report = analyzeBounce(input, { headers: true });
  const facts = failedFacts(report);
  const ctx = options.ctx ?? null;
  const smtp = options.smtp ?? false;
  const planOptions = { offline: ctx === null, smtp: smtp !== false, probeRcpt: smtp !== false && smtp.probeRcpt };
  // Each recipient's sender identities (a reply may name the client IP); the message's are the
  // surest of them, for the checks of the sender's domain.
  const identities = new Map(facts.map((fact) => [fact, parseBounceIdentities(report, fact)] as const));
  const idsOf = (fact: BounceFact): BounceIdentities => identities.get(fact) ?? parseBounceIdentities(report, fact);
  const messageIds = [...identities.values()].sort((a, b) => CERTAINTY_RANK[a.ipCertainty ?? 'none'] - CERTAINTY_RANK[b.ipCertainty ?? 'none'])[0] ?? parseBounceIdentities(report, null);
  const plans = facts.map((fact) => planRecipient(fact, idsOf(fact), planOptions));
  const size = plans.some((p) => p.group === 'size') ? originalSize(input, facts) : { size: null, atLeast: false, source: null, statedLimit: null };

  let live = new Map<string, CheckEntry>();
  let resolver: CheckResult | null = null;
  const at = ctx ? ctx.clock.now().toISOString() : null;
  if (ctx) {
    options.onPlanned?.(runCount(plans));
    const label = [...new Set(facts.map((f) => domainOf(f.recipient)).filter(Boolean))].join(', ') || 'the bounce';
    // The live checks load only when they run: offline, the diagnosis starts as fast as explain's analysis.
    const { runPlannedChecks } = await import('./run-planned-checks.js');
    const ran = await runPlannedChecks(ctx, plans, messageIds, { smtp, ...(options.lists ? { lists: options.lists } : {}), timeoutMs: options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS, ...(options.onCheckDone ? { onCheckDone: options.onCheckDone } : {}) }, label);
    live = ran.entries;
    // With no DNS question asked (a cause no check can test), there is no resolver to judge.
    resolver = ctx.log.entries.length === 0 ? null : ran.resolver;
  }
  const entries = evaluateLocalChecks(plans, live, size);
  const microsoft365 = report.mta === 'exchange-online';
  const recipients: RecipientDiagnosis[] = facts.map((fact, i) => {
    const plan = plans[i] as RecipientPlan;
    const { verdict, entry, vars } = evaluateVerdict({ fact, plan, ids: idsOf(fact), entries, size, offline: ctx === null });
    const notes = writeNotes(entry, vars, verdict, fact, { microsoft365, date: fact.date ?? report.date });
    return { fact, plan, verdict, notes };
  });
  return {
    file: options.file ?? '-',
    kind: report.kind,
    notBounceReason: report.notBounceReason,
    mta: report.mta,
    subject: report.subject,
    original: report.original,
    recipients,
    checks: listChecks(plans, entries, resolver),
    offline: ctx === null,
    at,
    resolver: ctx ? ctx.resolver.description : null,
    notes: report.notes,
  };
}
