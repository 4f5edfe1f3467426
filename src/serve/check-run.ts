/**
 * The CheckContext of one API check request, built from the server's settings (never from
 * the request): its resolver (`serve --dns-server`), the HTTPS fetch and SMTP prober on the
 * configured ports with the configured CA, both behind the private-target guard, and the
 * overall time limit. The CLI's `check` builds the same context from its own options.
 * @module
 */
import { createCheckContext, type CheckContext } from '../checks/context.js';
import type { SmtpProbeSettings } from '../checks/smtp/check-smtp.js';
import { DEFAULT_HTTPS_TIMEOUT_MS } from '../io/http/fetch-text.js';
import { DEFAULT_QUERY_TIMEOUT_MS } from '../io/dns/system-resolver.js';
import { createTargetGuard, type TargetGuard } from './guard/private-target-guard.js';
import type { RouteContext } from './route-context.js';

export interface CheckRun {
  ctx: CheckContext;
  guard: TargetGuard;
  timeoutMs: number;
  /** The SMTP settings for a request that wants SMTP probes (false when the server or the request switched them off). */
  smtpSettings(wanted: boolean, probeRcpt: boolean): SmtpProbeSettings | false;
  /** Ends the run's pending DNS questions. */
  finish(): void;
}

export function startCheckRun(route: RouteContext): CheckRun {
  const { config, deps } = route;
  const timeoutMs = config.checkTimeoutMs;
  const resolver = deps.connectors.resolver(config.dnsServers, Math.min(DEFAULT_QUERY_TIMEOUT_MS, Math.max(100, Math.floor(timeoutMs / 2))));
  const guard = createTargetGuard(config.allowPrivateTargets, () => deps.clock.now());
  const fetch = guard.wrapFetcher(
    deps.connectors.fetcher({ port: config.httpsPort, timeoutMs: Math.min(DEFAULT_HTTPS_TIMEOUT_MS, Math.max(100, Math.floor(timeoutMs / 2))), ...(config.ca ? { ca: config.ca } : {}) }),
  );
  const smtp = config.smtp ? guard.wrapProber(deps.connectors.prober({ ca: config.ca })) : null;
  const ctx = createCheckContext({ resolver, clock: deps.clock, fetch, smtp });
  return {
    ctx,
    guard,
    timeoutMs,
    smtpSettings: (wanted, probeRcpt) => (wanted && config.smtp ? { port: config.smtpPort, ehloName: null, probeRcpt } : false),
    finish: () => resolver.cancel?.(),
  };
}
