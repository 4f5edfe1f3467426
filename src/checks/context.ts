/**
 * CheckContext: every side effect of a check comes through here (the resolver, the HTTPS
 * fetch, the clock, the limits and the run's query log), so the same checks run against the
 * network, a fixture zone or a replay. `runCheck` gives a check its own query log and turns a bug into a result
 * instead of an exception.
 * @module
 */
import { cacheAnswers } from '../io/dns/cached-resolver.js';
import { QueryLog, logQueries } from '../io/dns/query-log.js';
import type { DnsResolver } from '../io/dns/resolver.js';
import { createHttpsFetcher, type HttpsFetcher } from '../io/http/fetch-text.js';
import type { SmtpProber } from '../io/smtp/smtp-probe.js';
import { systemClock, type Clock } from '../io/clock.js';
import { DEFAULT_CHECK_LIMITS, type CheckLimits } from './check-limits.js';
import { finding } from './kb/findings.js';
import type { CheckName, CheckOutcome, CheckResult } from './types.js';

export interface CheckContext {
  resolver: DnsResolver;
  /** One HTTPS GET (MTA-STS policies); a fixture server, the network or a replay. */
  fetch: HttpsFetcher;
  /** SMTP probes of MX hosts (io/smtp/smtp-probe.ts), or a replay; null: no SMTP checks are made. */
  smtp: SmtpProber | null;
  clock: Clock;
  limits: CheckLimits;
  /** Every DNS question of the run (one entry per question actually sent). */
  log: QueryLog;
}

export interface CheckContextOptions {
  resolver: DnsResolver;
  /** Default: the network, port 443, Node's CA store. */
  fetch?: HttpsFetcher;
  /** Default: none, so that a library caller opts in to connecting to port 25. */
  smtp?: SmtpProber | null;
  clock?: Clock;
  limits?: Partial<CheckLimits>;
}

/**
 * A context for one run: the resolver's answers are logged once per question sent and shared
 * between checks (one cache per run).
 */
export function createCheckContext(options: CheckContextOptions): CheckContext {
  const clock = options.clock ?? systemClock;
  const log = new QueryLog();
  return {
    resolver: cacheAnswers(logQueries(options.resolver, clock, log)),
    fetch: options.fetch ?? createHttpsFetcher(),
    smtp: options.smtp ?? null,
    clock,
    limits: { ...DEFAULT_CHECK_LIMITS, ...options.limits },
    log,
  };
}

/**
 * Runs one check body with its own query log. Never throws: an exception (a bug) becomes a
 * temperror result with the finding check.internal-error.
 */
export async function runCheck<T>(
  ctx: CheckContext,
  check: CheckName,
  target: string,
  body: (ctx: CheckContext) => Promise<CheckOutcome<T>>,
): Promise<CheckResult<T | null>> {
  const own = new QueryLog();
  const scoped: CheckContext = { ...ctx, resolver: logQueries(ctx.resolver, ctx.clock, own) };
  try {
    const outcome = await body(scoped);
    return { check, target, ...outcome, queries: own.entries };
  } catch (error) {
    return {
      check,
      target,
      status: 'temperror',
      findings: [finding('check.internal-error', { check, error: (error as Error).message })],
      data: null,
      queries: own.entries,
    };
  }
}
