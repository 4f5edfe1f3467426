/**
 * The DANE check (RFC 7672): TLSA records of every MX host, matched against the certificate
 * chains the SMTP check saw. Runs after MX and SMTP.
 * @module
 */
import type { CheckContext } from '../context.js';
import { runCheck } from '../context.js';
import type { MxData } from '../mx/evaluate-mx.js';
import type { SmtpData } from '../smtp/evaluate-smtp.js';
import type { CheckResult } from '../types.js';
import { finding } from '../kb/findings.js';
import { evaluateDane, type DaneData } from './evaluate-dane.js';
import { queryDane } from './query-dane.js';

export type { DaneData } from './evaluate-dane.js';

/** `smtp` null: the SMTP checks are switched off (--no-smtp), and with them DANE. */
export function checkDane(ctx: CheckContext, domain: string, mx: CheckResult | undefined, smtp: CheckResult | undefined | null): Promise<CheckResult<DaneData | null>> {
  return runCheck(ctx, 'dane', domain, async (c) => {
    if (smtp === null) return { status: 'none', findings: [finding('dane.skipped', { domain, reason: 'the SMTP checks are switched off (--no-smtp)' })], data: { domain, hosts: [] } };
    const mxData = (mx?.data as MxData | null | undefined) ?? null;
    const hosts = (mxData?.hosts ?? []).filter((h) => !h.ipLiteral).map((h) => h.exchange);
    if (hosts.length === 0) {
      const reason = mxData?.nullMx ? `${domain} publishes a null MX` : `${domain} has no MX host names`;
      return { status: 'none', findings: [finding('dane.skipped', { domain, reason })], data: { domain, hosts: [] } };
    }
    const answers = await queryDane(c.resolver, hosts.slice(0, c.limits.mxHosts));
    return evaluateDane(domain, answers, (smtp?.data as SmtpData | null | undefined) ?? null, c.limits.tlsaRecords);
  });
}
