/**
 * The DKIM check: the keys of the given selectors, or of the Microsoft 365 and common
 * provider selectors when none are given.
 * @module
 */
import type { CheckContext } from '../context.js';
import { runCheck } from '../context.js';
import type { CheckResult } from '../types.js';
import { evaluateDkim, type DkimData } from './evaluate-dkim.js';
import { dkimSelectorPlan, queryDkimSelectors } from './query-dkim.js';

export interface DkimCheckOptions {
  /** Selectors to check (the s= of DKIM-Signature headers). */
  selectors?: readonly string[];
  /** Check only the given selectors, not the defaults. */
  onlySelectors?: boolean;
}

export function checkDkim(ctx: CheckContext, domain: string, options: DkimCheckOptions = {}): Promise<CheckResult<DkimData | null>> {
  return runCheck(ctx, 'dkim', domain, async (c) => {
    const plan = dkimSelectorPlan(options.selectors ?? [], options.onlySelectors ?? false, c.limits.dkimSelectors);
    return evaluateDkim(domain, await queryDkimSelectors(c.resolver, domain, plan));
  });
}
