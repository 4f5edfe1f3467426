/**
 * The MTA-STS check (RFC 8461): record, policy fetched over HTTPS, policy validated and held
 * against the MX hosts found by the MX check (so it runs after it).
 * @module
 */
import type { CheckContext } from '../context.js';
import { runCheck } from '../context.js';
import type { MxData } from '../mx/evaluate-mx.js';
import type { CheckResult } from '../types.js';
import { evaluateMtaSts, type MtaStsData } from './evaluate-mtasts.js';
import { queryMtaSts } from './query-mtasts.js';

/** `mx` is the MX check's result for the same domain (its hosts are compared with the mx patterns). */
export function checkMtaSts(ctx: CheckContext, domain: string, mx: CheckResult | undefined): Promise<CheckResult<MtaStsData | null>> {
  return runCheck(ctx, 'mtasts', domain, async (c) => evaluateMtaSts(await queryMtaSts(c.resolver, c.fetch, domain), (mx?.data as MxData | null | undefined) ?? null, c.clock.now()));
}
