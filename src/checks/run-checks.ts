/**
 * The orchestrator (checkdmarc's check_domains, typed): runs a set of checks, each as soon as
 * the checks it depends on are done, so that independent checks run in parallel; a check that
 * needs another's result only at its end (MTA-STS holds its policy against the MX hosts) starts
 * at once and awaits that result through `resultOf`, so its own lookups do not wait a round
 * trip; stops waiting at an overall deadline; then judges the resolver from all the answers and
 * gives the verdict. Never throws.
 * @module
 */
import { judgeResolverHealth } from '../io/dns/resolver-health.js';
import type { CheckContext } from './context.js';
import { finding } from './kb/findings.js';
import type { CheckFinding, CheckName, CheckReport, CheckResult, CheckStatus, Verdict } from './types.js';

export interface CheckTask {
  name: CheckName;
  target: string;
  /** Checks whose results this one needs before it starts (for example SMTP after MX). */
  after?: readonly CheckName[];
  /**
   * `earlier`: the results of the checks done so far (those in `after` among them).
   * `resultOf(name)`: the result of another task of the run once it is done, starting it if
   * need be (undefined when the run has no such task); for a check that starts its own work at
   * once and needs the other result only at the end. The tasks must not wait for each other in
   * a circle.
   */
  run(ctx: CheckContext, earlier: ReadonlyMap<CheckName, CheckResult>, resultOf: (name: CheckName) => Promise<CheckResult | undefined>): Promise<CheckResult>;
}

export interface RunChecksOptions {
  /** Overall time for the run, in milliseconds. */
  timeoutMs: number;
}

function timedOut(task: CheckTask, timeoutMs: number): CheckResult {
  return {
    check: task.name,
    target: task.target,
    status: 'temperror',
    findings: [finding('check.timeout', { check: task.name, seconds: Math.round(timeoutMs / 100) / 10 })],
    data: null,
    queries: [],
  };
}

/** Runs the tasks; results come back in task order. */
export async function runChecks(tasks: readonly CheckTask[], ctx: CheckContext, options: RunChecksOptions): Promise<CheckResult[]> {
  const results = new Map<CheckName, CheckResult>();
  const running = new Map<CheckName, Promise<CheckResult>>();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
  });
  const resultOf = async (name: CheckName): Promise<CheckResult | undefined> => {
    const task = tasks.find((t) => t.name === name);
    return task ? start(task) : undefined;
  };
  const start = (task: CheckTask): Promise<CheckResult> => {
    const existing = running.get(task.name);
    if (existing) return existing;
    const promise = (async () => {
      for (const name of task.after ?? []) await resultOf(name);
      const result = await task.run(ctx, results, resultOf);
      results.set(task.name, result);
      return result;
    })();
    running.set(task.name, promise);
    return promise;
  };
  try {
    const all = await Promise.race([Promise.all(tasks.map(start)), deadline]);
    if (all !== 'timeout') return all;
    return tasks.map((t) => results.get(t.name) ?? timedOut(t, options.timeoutMs));
  } finally {
    clearTimeout(timer);
  }
}

/** The resolver judged from every answer of the run, as a result of its own. */
export function checkResolver(ctx: CheckContext, target: string): CheckResult {
  const health = judgeResolverHealth(ctx.log.entries);
  const summary = Object.entries(health.byRcode)
    .map(([rcode, n]) => `${n} ${rcode}`)
    .join(', ');
  const resolver = ctx.resolver.description;
  const findings: CheckFinding[] = [];
  let status: CheckStatus = 'pass';
  if (health.state === 'failing') {
    status = 'temperror';
    findings.push(finding('dns.resolver-failing', { summary, resolver, target }));
  } else if (health.state === 'all-nxdomain') {
    status = 'warn';
    findings.push(finding('dns.all-nxdomain', { target, resolver }));
  } else if (health.state === 'partly-failing') {
    findings.push(finding('dns.some-lookups-failed', { failed: health.failures.length, total: health.total, summary }));
  }
  return { check: 'resolver', target: resolver, status, findings, data: { resolver, ...health }, queries: [] };
}

/**
 * An optional mechanism the domain does not use (no MTA-STS, no TLS-RPT): status none with
 * nothing but info findings. It is reported, but it does not lower the verdict.
 */
function optionalAbsent(check: CheckResult): boolean {
  return check.status === 'none' && check.findings.length > 0 && check.findings.every((f) => f.severity === 'info');
}

/** fail > inconclusive > warn > pass; a resolver that failed everything makes it inconclusive. */
const BLOCKLIST_CHECKS: ReadonlySet<string> = new Set(['dnsbl', 'dnsbl-domain']);

export function verdictOf(checks: readonly CheckResult[]): Verdict {
  const resolver = checks.find((c) => c.check === 'resolver');
  if (resolver?.status === 'temperror') return 'inconclusive';
  const findings = checks.flatMap((c) => c.findings);
  if (checks.some((c) => c.status === 'fail' || c.status === 'permerror') || findings.some((f) => f.severity === 'error')) return 'fail';
  // A blocklist that refuses to answer (public resolvers are refused by several lists) is
  // reported as unanswered in its own check; it does not make the whole domain's verdict
  // inconclusive, since every other answer is still known.
  if (checks.some((c) => c.status === 'temperror' && !BLOCKLIST_CHECKS.has(c.check))) return 'inconclusive';
  if (checks.some((c) => c.status === 'temperror')) return 'warn';
  if (checks.some((c) => c.status === 'warn' || (c.status === 'none' && !optionalAbsent(c))) || findings.some((f) => f.severity === 'warning')) return 'warn';
  return 'pass';
}

/** Runs the tasks and assembles the report: the resolver's judgement first, then the checks. */
export async function buildReport(kind: string, target: string, tasks: readonly CheckTask[], ctx: CheckContext, options: RunChecksOptions): Promise<CheckReport> {
  const at = ctx.clock.now().toISOString();
  const results = await runChecks(tasks, ctx, options);
  const checks = [checkResolver(ctx, target), ...results];
  return { kind, target, at, verdict: verdictOf(checks), resolver: ctx.resolver.description, checks, queries: ctx.log.unique() };
}
