/**
 * Runs the live checks the plans ask for, once each however many recipients need them, through
 * the injected CheckContext (resolver, SMTP prober, HTTPS fetch, clock): per recipient domain
 * the domain check's MX, SMTP, MTA-STS and DANE tasks; per envelope domain the SPF check for
 * the sending IP; per signing domain the DKIM keys of the returned signatures' selectors only;
 * the From domain's DMARC; the sending IP's reverse DNS and blocklists. Independent groups run
 * in parallel; then the DMARC alignment of the message is evaluated from their results (the
 * signatures it really carried, not every key the domain publishes). Never throws.
 * @module
 */
import { domainTasks } from '../checks/check-domain.js';
import { ipTasks } from '../checks/check-ip.js';
import type { CheckContext } from '../checks/context.js';
import type { DkimData } from '../checks/dkim/evaluate-dkim.js';
import { checkDkim } from '../checks/dkim/check-dkim.js';
import { evaluateAlignment, type DkimCandidate } from '../checks/dmarc/evaluate-alignment.js';
import type { DmarcData } from '../checks/dmarc/evaluate-dmarc.js';
import type { DnsblList } from '../checks/dnsbl/dnsbl-lists.js';
import { checkResolver, runChecks, type CheckTask } from '../checks/run-checks.js';
import type { SmtpProbeSettings } from '../checks/smtp/check-smtp.js';
import type { SpfData } from '../checks/spf/evaluate-spf-tree.js';
import type { CheckName, CheckResult } from '../checks/types.js';
import { parseIp } from '../core/ip-address.js';
import { domainOf } from './plan-checks.js';
import type { BounceIdentities } from './parse-bounce-identities.js';
import { entryKey, type CheckEntry } from './check-entries.js';
import type { DiagnoseCheckId, RecipientPlan } from './types.js';

export interface RunPlannedChecksOptions {
  /** Probe settings for the MX hosts; false: no SMTP probe (--no-smtp). */
  smtp: SmtpProbeSettings | false;
  /** The blocklists for the sending IP (default: the default set). */
  lists?: readonly DnsblList[];
  timeoutMs: number;
  /** Called as each check finishes (a progress bar). */
  onCheckDone?: (check: string) => void;
}

interface Unit {
  tasks: CheckTask[];
  /** How each result is filed: check name -> the plan targets it answers. */
  file: (result: CheckResult) => { check: DiagnoseCheckId; target: string }[];
}

const RECIPIENT_CHECKS: readonly CheckName[] = ['mx', 'smtp', 'mtasts', 'dane'];
/** What a check needs to have run first (run-checks.ts waits for these). */
const NEEDS: Partial<Record<CheckName, CheckName[]>> = { smtp: ['mx'], mtasts: ['mx'], dane: ['mx', 'smtp'] };

function asked(plans: readonly RecipientPlan[], check: DiagnoseCheckId): Set<string> {
  return new Set(plans.flatMap((p) => p.run.filter((r) => r.check === check).map((r) => r.target)));
}

function tick(task: CheckTask, done: ((check: string) => void) | undefined): CheckTask {
  if (!done) return task;
  return { ...task, run: async (...args: Parameters<CheckTask['run']>) => {
    const result = await task.run(...args);
    done(`${task.name} ${task.target}`);
    return result;
  } };
}

/** The recipient-domain units: MX, and SMTP/MTA-STS/DANE where asked (rcpt is the SMTP probe's). */
function recipientUnits(plans: readonly RecipientPlan[], options: RunPlannedChecksOptions): Unit[] {
  const wanted = new Map<string, Set<CheckName>>();
  for (const plan of plans) {
    for (const r of plan.run) {
      const name: CheckName | null = r.check === 'rcpt' || r.check === 'message-size' ? 'smtp' : RECIPIENT_CHECKS.includes(r.check as CheckName) ? (r.check as CheckName) : null;
      if (!name) continue;
      const set = wanted.get(r.target) ?? new Set<CheckName>();
      set.add(name);
      for (const need of NEEDS[name] ?? []) set.add(need);
      wanted.set(r.target, set);
    }
  }
  return [...wanted].map(([domain, names]) => ({
    tasks: domainTasks(domain, options.smtp === false ? {} : { smtp: options.smtp }).filter((t) => names.has(t.name)),
    file: (result) => [{ check: result.check as DiagnoseCheckId, target: domain }],
  }));
}

function senderUnits(plans: readonly RecipientPlan[], ids: BounceIdentities): Unit[] {
  const units: Unit[] = [];
  for (const domain of asked(plans, 'spf')) {
    const sender = ids.mailFrom ?? ids.from;
    // Without the sending IP, SPF is evaluated for every range the record allows (as check path does), for the alignment.
    const spf = domainTasks(domain, { ...(ids.sendingIp ? { ip: ids.sendingIp } : { spfRanges: true }), ...(sender ? { sender } : {}) }).filter((t) => t.name === 'spf');
    units.push({ tasks: spf, file: () => [{ check: 'spf', target: domain }] });
  }
  // The From domain's DMARC record is also what the alignment needs.
  const dmarcDomains = new Set([...asked(plans, 'dmarc'), ...asked(plans, 'alignment')]);
  for (const domain of dmarcDomains) {
    units.push({ tasks: domainTasks(domain).filter((t) => t.name === 'dmarc'), file: () => [{ check: 'dmarc', target: domain }] });
  }
  const bySigner = new Map<string, string[]>();
  for (const name of asked(plans, 'dkim')) {
    const [selector = '', domain = ''] = name.split('._domainkey.');
    bySigner.set(domain, [...(bySigner.get(domain) ?? []), selector]);
  }
  for (const [domain, selectors] of bySigner) {
    units.push({
      tasks: [{ name: 'dkim', target: domain, run: (ctx) => checkDkim(ctx, domain, { selectors, onlySelectors: true }) }],
      file: () => selectors.map((s) => ({ check: 'dkim' as const, target: `${s}._domainkey.${domain}` })),
    });
  }
  return units;
}

function ipUnits(plans: readonly RecipientPlan[], options: RunPlannedChecksOptions): Unit[] {
  const wanted = new Map<string, Set<CheckName>>();
  for (const plan of plans) {
    for (const r of plan.run) {
      if (r.check !== 'ptr' && r.check !== 'dnsbl') continue;
      wanted.set(r.target, (wanted.get(r.target) ?? new Set<CheckName>()).add(r.check));
    }
  }
  const units: Unit[] = [];
  for (const [address, names] of wanted) {
    const ip = parseIp(address);
    if (!ip) continue;
    units.push({
      tasks: ipTasks(ip, options.lists ? { lists: options.lists } : {}).filter((t) => names.has(t.name)),
      file: (result) => [{ check: result.check as DiagnoseCheckId, target: address }],
    });
  }
  return units;
}

function toEntry(result: CheckResult, check: DiagnoseCheckId, target: string): CheckEntry {
  return { check, target, status: result.status, findings: result.findings, data: result.data, queries: result.queries.length };
}

/** The alignment of the returned message: its envelope domain's SPF for the sending IP, its own DKIM signatures, the From domain's policy. */
function alignmentEntry(fromDomain: string, fromAddress: string, recipient: string, ids: BounceIdentities, entries: ReadonlyMap<string, CheckEntry>): CheckEntry {
  const spfDomain = domainOf(ids.mailFrom) ?? fromDomain;
  const spf = entries.get(entryKey('spf', spfDomain));
  const dmarc = entries.get(entryKey('dmarc', fromDomain));
  const dkim: DkimCandidate[] = ids.dkim.map((sig) => {
    const data = entries.get(entryKey('dkim', `${sig.selector}._domainkey.${sig.domain}`))?.data as DkimData | null | undefined;
    return { domain: sig.domain, selector: sig.selector, source: 'signature', key: data?.selectors.find((s) => s.selector === sig.selector)?.status ?? 'temperror' };
  });
  const outcome = evaluateAlignment({
    from: fromAddress,
    to: recipient,
    fromDomain,
    spfDomain,
    ip: ids.sendingIp,
    spfResult: (spf?.data as SpfData | null | undefined)?.evaluation?.result ?? null,
    passingRanges: ids.sendingIp ? [] : ((spf?.data as SpfData | null | undefined)?.ranges?.ranges ?? []).filter((r) => r.result === 'pass').map((r) => r.range),
    dkim,
    dmarc: (dmarc?.data as DmarcData | null | undefined) ?? null,
    dmarcLookupFailed: dmarc?.status === 'temperror',
  });
  return { check: 'alignment', target: fromDomain, ...outcome, queries: 0 };
}

export interface PlannedCheckResults {
  entries: Map<string, CheckEntry>;
  /** The resolver judged from every answer of the run. */
  resolver: CheckResult;
}

/** Runs the plans' live checks; `label` names the run in the resolver's findings. */
export async function runPlannedChecks(ctx: CheckContext, plans: readonly RecipientPlan[], ids: BounceIdentities, options: RunPlannedChecksOptions, label: string): Promise<PlannedCheckResults> {
  const units = [...recipientUnits(plans, options), ...senderUnits(plans, ids), ...ipUnits(plans, options)].filter((u) => u.tasks.length > 0);
  const done = await Promise.all(units.map(async (unit) => ({ unit, results: await runChecks(unit.tasks.map((t) => tick(t, options.onCheckDone)), ctx, { timeoutMs: options.timeoutMs }) })));
  const entries = new Map<string, CheckEntry>();
  for (const { unit, results } of done) {
    for (const result of results) for (const { check, target } of unit.file(result)) entries.set(entryKey(check, target), toEntry(result, check, target));
  }
  for (const plan of plans) {
    for (const r of plan.run.filter((x) => x.check === 'alignment')) {
      if (!entries.has(entryKey('alignment', r.target))) entries.set(entryKey('alignment', r.target), alignmentEntry(r.target, ids.from ?? `postmaster@${r.target}`, plan.recipient, ids, entries));
    }
  }
  return { entries, resolver: checkResolver(ctx, label) };
}
