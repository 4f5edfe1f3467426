/**
 * The SMTP check: every MX host probed on port 25 (IPv4 and IPv6), in parallel: greeting,
 * EHLO extensions, STARTTLS and the certificate, judged at the context's time.
 * @module
 */
import type { CheckContext } from '../context.js';
import { runCheck } from '../context.js';
import type { MxData } from '../mx/evaluate-mx.js';
import type { CheckResult } from '../types.js';
import { evaluateSmtp, skippedSmtp, type SmtpData } from './evaluate-smtp.js';
import { planSmtpTargets, querySmtp, type SmtpProbeSettings } from './query-smtp.js';

export type { SmtpData } from './evaluate-smtp.js';
export type { SmtpProbeSettings } from './query-smtp.js';

/** `settings` null: the SMTP checks are switched off (--no-smtp). */
export function checkSmtp(ctx: CheckContext, domain: string, mx: CheckResult | undefined, settings: SmtpProbeSettings | null): Promise<CheckResult<SmtpData | null>> {
  return runCheck(ctx, 'smtp', domain, async (c) => {
    const port = settings?.port ?? 25;
    if (!settings || !c.smtp) return skippedSmtp(domain, port, 'switched off (--no-smtp)');
    const { targets, skipped } = planSmtpTargets((mx?.data as MxData | null | undefined) ?? null, c.limits.smtpProbes);
    if (skipped) return skippedSmtp(domain, port, skipped);
    const probes = await querySmtp(c.smtp, domain, targets, settings, c.limits);
    return evaluateSmtp(domain, port, probes, c.clock.now(), c.limits.smtpSlowBannerMs);
  });
}
