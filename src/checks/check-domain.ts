/**
 * `check domain`: everything about one domain as a receiver (MX) and as a sender (SPF,
 * DMARC, DKIM), the four run in parallel.
 * @module
 */
import type { CheckContext } from './context.js';
import { checkDkim } from './dkim/check-dkim.js';
import { checkDmarc } from './dmarc/check-dmarc.js';
import { checkMx } from './mx/check-mx.js';
import { buildReport, type CheckTask } from './run-checks.js';
import { checkSpf } from './spf/check-spf.js';
import type { CheckReport } from './types.js';
import { DEFAULT_CHECK_TIMEOUT_MS } from './check-limits.js';

export interface CheckDomainOptions {
  /** DKIM selectors to check besides the defaults. */
  selectors?: readonly string[];
  /** Evaluate SPF for this IP as well. */
  ip?: string;
  timeoutMs?: number;
}

/** The tasks of a domain check (also used by `check path` later). */
export function domainTasks(domain: string, options: CheckDomainOptions = {}): CheckTask[] {
  return [
    { name: 'mx', target: domain, run: (ctx) => checkMx(ctx, domain) },
    { name: 'spf', target: domain, run: (ctx) => checkSpf(ctx, domain, options.ip ? { ip: options.ip } : {}) },
    { name: 'dmarc', target: domain, run: (ctx) => checkDmarc(ctx, domain) },
    { name: 'dkim', target: domain, run: (ctx) => checkDkim(ctx, domain, { selectors: options.selectors ?? [] }) },
  ];
}

/** Checks a domain (already normalised). Never throws. */
export function checkDomain(ctx: CheckContext, domain: string, options: CheckDomainOptions = {}): Promise<CheckReport> {
  return buildReport('domain', domain, domainTasks(domain, options), ctx, { timeoutMs: options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS });
}
