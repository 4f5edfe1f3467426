/**
 * The MX check: where mail for a domain is delivered, and whether it can be.
 * @module
 */
import type { CheckContext } from '../context.js';
import { runCheck } from '../context.js';
import type { CheckResult } from '../types.js';
import { evaluateMx, type MxData } from './evaluate-mx.js';
import { queryMx } from './query-mx.js';

export function checkMx(ctx: CheckContext, domain: string): Promise<CheckResult<MxData | null>> {
  return runCheck(ctx, 'mx', domain, async (c) => evaluateMx(domain, await queryMx(c.resolver, domain, c.limits.mxHosts)));
}
