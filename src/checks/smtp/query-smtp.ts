/**
 * The SMTP side of the check: which MX addresses to probe (one IPv4 and one IPv6 address of
 * every MX host, in preference order, or the domain's own address when it has no MX: RFC
 * 5321 section 5.1), and the probes, all in parallel, each bounded by its own deadline.
 * @module
 */
import type { SmtpProbeLimits, SmtpProbeResult, SmtpProber } from '../../io/smtp/smtp-probe.js';
import type { CheckLimits } from '../check-limits.js';
import type { MxData } from '../mx/evaluate-mx.js';

export interface SmtpTarget {
  host: string;
  address: string;
}

export interface SmtpProbeSettings {
  /** 25, or a test server's port (--smtp-port). */
  port: number;
  ehloName: string | null;
  /** RCPT TO:<postmaster@domain> after MAIL FROM:<> (--probe-rcpt); off by default. */
  probeRcpt: boolean;
}

/** The addresses to probe, or why there are none. */
export function planSmtpTargets(mx: MxData | null, maxProbes: number): { targets: SmtpTarget[]; skipped: string | null } {
  if (!mx) return { targets: [], skipped: 'the MX check gave no answer' };
  if (mx.nullMx && mx.hosts.length === 0) return { targets: [], skipped: `${mx.domain} publishes a null MX: it accepts no mail` };
  const hosts = mx.fallback ? [{ exchange: mx.domain, addresses: mx.fallback }] : mx.hosts.filter((h) => h.resolvable && !h.ipLiteral);
  const targets: SmtpTarget[] = [];
  for (const host of hosts) {
    for (const address of [host.addresses.A[0], host.addresses.AAAA[0]]) {
      if (address && targets.length < maxProbes) targets.push({ host: host.exchange, address });
    }
  }
  return targets.length > 0 ? { targets, skipped: null } : { targets, skipped: `no MX host of ${mx.domain} has an address` };
}

export function smtpProbeLimits(limits: CheckLimits): SmtpProbeLimits {
  return {
    connectTimeoutMs: limits.smtpConnectTimeoutMs,
    readTimeoutMs: limits.smtpReadTimeoutMs,
    probeTimeoutMs: limits.smtpProbeTimeoutMs,
    maxReplyLines: limits.smtpReplyLines,
    maxLineLength: limits.smtpLineLength,
    maxChainCertificates: limits.tlsChainCertificates,
  };
}

export function querySmtp(prober: SmtpProber, domain: string, targets: readonly SmtpTarget[], settings: SmtpProbeSettings, limits: CheckLimits): Promise<SmtpProbeResult[]> {
  const probeLimits = smtpProbeLimits(limits);
  return Promise.all(
    targets.map((t) => prober.probe({ host: t.host, address: t.address, port: settings.port, ehloName: settings.ehloName, rcptDomain: settings.probeRcpt ? domain : null, limits: probeLimits })),
  );
}
