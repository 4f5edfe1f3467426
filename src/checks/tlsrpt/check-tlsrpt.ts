/**
 * The TLS-RPT check (RFC 8460): where senders report failed TLS connections to the domain.
 * Independent of the other checks.
 * @module
 */
import type { CheckContext } from '../context.js';
import { runCheck } from '../context.js';
import type { CheckResult } from '../types.js';
import { evaluateTlsRpt, type TlsRptData } from './evaluate-tlsrpt.js';
import { queryTlsRpt } from './query-tlsrpt.js';

export function checkTlsRpt(ctx: CheckContext, domain: string): Promise<CheckResult<TlsRptData | null>> {
  return runCheck(ctx, 'tlsrpt', domain, async (c) => evaluateTlsRpt(await queryTlsRpt(c.resolver, domain)));
}
