/**
 * The MTA-STS check (RFC 8461): record, policy fetched over HTTPS, policy validated and held
 * against the MX hosts found by the MX check. The record lookup and the policy fetch do not
 * depend on the MX hosts, so they run while the MX check does; only the comparison waits.
 * @module
 */
import type { CheckContext } from '../context.js';
import { runCheck } from '../context.js';
import type { MxData } from '../mx/evaluate-mx.js';
import type { CheckResult } from '../types.js';
import { evaluateMtaSts, type MtaStsData } from './evaluate-mtasts.js';
import { queryMtaSts } from './query-mtasts.js';

/**
 * `mx` is the MX check's result for the same domain, or a promise of it (its hosts are compared
 * with the mx patterns); the MTA-STS lookups start without waiting for it.
 */
export function checkMtaSts(ctx: CheckContext, domain: string, mx: CheckResult | undefined | PromiseLike<CheckResult | undefined>): Promise<CheckResult<MtaStsData | null>> {
  return runCheck(ctx, 'mtasts', domain, async (c) => {
    const [answers, mxResult] = await Promise.all([queryMtaSts(c.resolver, c.fetch, domain), mx]);
    return evaluateMtaSts(answers, (mxResult?.data as MxData | null | undefined) ?? null, c.clock.now());
  });
}
