/**
 * `check domain`: everything about one domain as a receiver (MX, MTA-STS, TLS-RPT) and as a
 * sender (SPF, DMARC, DKIM); independent checks run in parallel; MTA-STS runs alongside MX and
 * compares its policy with the MX hosts at the end.
 * @module
 */
import type { CheckContext } from './context.js';
import { checkDane } from './dane/check-dane.js';
import { checkDkim } from './dkim/check-dkim.js';
import { checkDmarc } from './dmarc/check-dmarc.js';
import { checkDnsbl } from './dnsbl/check-dnsbl.js';
import { DNSBL_LISTS, type DnsblList } from './dnsbl/dnsbl-lists.js';
import { checkMtaSts } from './mtasts/check-mtasts.js';
import { checkMx } from './mx/check-mx.js';
import { buildReport, type CheckTask } from './run-checks.js';
import { checkSmtp, type SmtpProbeSettings } from './smtp/check-smtp.js';
import { checkSpf, type SpfCheckOptions } from './spf/check-spf.js';
import { checkTlsRpt } from './tlsrpt/check-tlsrpt.js';
import type { CheckReport } from './types.js';
import { DEFAULT_CHECK_TIMEOUT_MS } from './check-limits.js';

export interface CheckDomainOptions {
  /** DKIM selectors to check besides the defaults. */
  selectors?: readonly string[];
  /** Evaluate SPF for this IP as well. */
  ip?: string;
  /** The SPF evaluation's MAIL FROM and HELO (`check path`). */
  sender?: string;
  helo?: string;
  /** Without `ip`: evaluate SPF for every sending range the record allows (`check path`). */
  spfRanges?: boolean;
  timeoutMs?: number;
  /**
   * The SMTP and DANE checks of the MX hosts: probe settings (the context's `smtp` prober is
   * used), false to report them skipped (--no-smtp), or
   * left out for no SMTP or DANE check at all.
   */
  smtp?: SmtpProbeSettings | false;
  /** The blocklists: the domain-type ones are asked about the domain (default: the default set); none of that type, no check. */
  lists?: readonly DnsblList[];
}

/** The SPF options a domain check passes on (only those given). */
function spfOptions(options: CheckDomainOptions): SpfCheckOptions {
  return {
    ...(options.ip ? { ip: options.ip } : {}),
    ...(options.sender ? { sender: options.sender } : {}),
    ...(options.helo ? { helo: options.helo } : {}),
    ...(options.spfRanges ? { ranges: true } : {}),
  };
}

/** The tasks of a domain check (also used by `check path`, which takes some of them for each side). */
export function domainTasks(domain: string, options: CheckDomainOptions = {}): CheckTask[] {
  return [
    { name: 'mx', target: domain, run: (ctx) => checkMx(ctx, domain) },
    { name: 'spf', target: domain, run: (ctx) => checkSpf(ctx, domain, spfOptions(options)) },
    { name: 'dmarc', target: domain, run: (ctx) => checkDmarc(ctx, domain) },
    { name: 'dkim', target: domain, run: (ctx) => checkDkim(ctx, domain, { selectors: options.selectors ?? [] }) },
    // MTA-STS holds its mx patterns against the MX hosts, so it needs the MX check's result, but
    // only after its own lookups (the _mta-sts TXT record, the policy fetch), which start at once.
    { name: 'mtasts', target: domain, run: (ctx, _earlier, resultOf) => checkMtaSts(ctx, domain, resultOf('mx')) },
    { name: 'tlsrpt', target: domain, run: (ctx) => checkTlsRpt(ctx, domain) },
    ...dnsblTasks(domain, options.lists ?? DNSBL_LISTS.filter((l) => l.default)),
    ...smtpTasks(domain, options.smtp),
  ];
}

/** The domain blocklists (a refusal or a failed lookup is "not checked", never clean). */
function dnsblTasks(domain: string, lists: readonly DnsblList[]): CheckTask[] {
  if (!lists.some((l) => l.type === 'domain')) return [];
  return [{ name: 'dnsbl-domain', target: domain, run: (ctx) => checkDnsbl(ctx, domain, lists) }];
}

/** SMTP probes the MX hosts the MX check found; DANE matches their TLSA records against the certificates seen. */
function smtpTasks(domain: string, smtp: SmtpProbeSettings | false | undefined): CheckTask[] {
  if (smtp === undefined) return [];
  return [
    { name: 'smtp', target: domain, after: ['mx'], run: (ctx, earlier) => checkSmtp(ctx, domain, earlier.get('mx'), smtp || null) },
    { name: 'dane', target: domain, after: ['mx', 'smtp'], run: (ctx, earlier) => checkDane(ctx, domain, earlier.get('mx'), smtp ? earlier.get('smtp') : null) },
  ];
}

/** Checks a domain (already normalised). Never throws. */
export function checkDomain(ctx: CheckContext, domain: string, options: CheckDomainOptions = {}): Promise<CheckReport> {
  return buildReport('domain', domain, domainTasks(domain, options), ctx, { timeoutMs: options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS });
}
