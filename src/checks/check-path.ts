/**
 * `check path`: what one message from a sender to a recipient would meet. The sender side is
 * the domain check's SPF (of the envelope domain, evaluated for the sending IP, or for every
 * range the record allows when no IP is given), DKIM and DMARC (of the From domain), then the
 * DMARC alignment of the path; the recipient side is the domain check's MX, MTA-STS, TLS-RPT,
 * SMTP and DANE; the From domain gets the domain blocklists; the sending IP gets the IP check's
 * reverse DNS and blocklists. Every part is the existing check; only the alignment is the
 * path's own.
 * @module
 */
import { DEFAULT_CHECK_TIMEOUT_MS } from './check-limits.js';
import type { CheckContext } from './context.js';
import { runCheck } from './context.js';
import { domainTasks } from './check-domain.js';
import { ipTasks } from './check-ip.js';
import { evaluateDkim, type DkimData } from './dkim/evaluate-dkim.js';
import { dkimSelectorPlan, queryDkimSelectors } from './dkim/query-dkim.js';
import { evaluateAlignment, type AlignmentData, type DkimCandidate } from './dmarc/evaluate-alignment.js';
import type { DmarcData } from './dmarc/evaluate-dmarc.js';
import type { DnsblList } from './dnsbl/dnsbl-lists.js';
import { buildReport, type CheckTask } from './run-checks.js';
import type { SmtpProbeSettings } from './smtp/check-smtp.js';
import type { SpfData } from './spf/evaluate-spf-tree.js';
import type { CheckName, CheckReport, CheckResult } from './types.js';
import { formatIp, type IpAddress } from '../core/ip-address.js';

export interface DkimSignatureRef {
  /** d= (lower case). */
  domain: string;
  /** s=. */
  selector: string;
}

export interface CheckPathOptions {
  /** The From address (already normalised: local@domain, domain in lower case). */
  from: string;
  /** The recipient address. */
  to: string;
  /** The envelope sender (MAIL FROM), whose domain's SPF is checked; default `from`. */
  mailFrom?: string;
  /** The sending IP: SPF evaluated for it, its reverse DNS and blocklists checked. */
  ip?: IpAddress;
  /** The sending server's HELO name (for SPF macros). */
  helo?: string;
  /** DKIM signatures of a message on this path: their selectors are checked and their d= aligned. */
  dkimSignatures?: readonly DkimSignatureRef[];
  /** More DKIM selectors of the From domain to check. */
  selectors?: readonly string[];
  /** As in CheckDomainOptions: SMTP and DANE of the recipient's MX hosts. */
  smtp?: SmtpProbeSettings | false;
  /** The blocklists for the IP and the From domain (default: the default set). */
  lists?: readonly DnsblList[];
  timeoutMs?: number;
}

export type { AlignmentData };

const SENDER_CHECKS: readonly CheckName[] = ['dmarc', 'dkim', 'dnsbl-domain'];
const RECIPIENT_CHECKS: readonly CheckName[] = ['mx', 'mtasts', 'tlsrpt', 'smtp', 'dane'];

/** `alice@contoso.com -> bob@fabrikam.com`. */
export function pathTarget(from: string, to: string): string {
  return `${from} -> ${to}`;
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

function uniqueSignatures(signatures: readonly DkimSignatureRef[]): DkimSignatureRef[] {
  const seen = new Map<string, DkimSignatureRef>();
  for (const s of signatures) {
    const ref = { domain: s.domain.toLowerCase().replace(/\.$/, ''), selector: s.selector.trim().toLowerCase() };
    if (ref.domain && ref.selector) seen.set(`${ref.selector}._domainkey.${ref.domain}`, ref);
  }
  return [...seen.values()];
}

/** The DKIM keys a message on the path could be verified with: the signatures' and those published at the From domain. */
async function dkimCandidates(ctx: CheckContext, fromDomain: string, signatures: readonly DkimSignatureRef[], dkim: DkimData | null): Promise<DkimCandidate[]> {
  const own = new Set(signatures.filter((s) => s.domain === fromDomain).map((s) => s.selector));
  const candidates: DkimCandidate[] = (dkim?.selectors ?? [])
    .filter((s) => own.has(s.selector) || (s.status !== 'missing' && s.status !== 'temperror'))
    .map((s) => ({ domain: fromDomain, selector: s.selector, source: own.has(s.selector) ? 'signature' : 'published', key: s.status }));
  // Signatures by other domains (a subdomain, a sending service): their keys are looked up here.
  const foreign = await Promise.all(
    signatures
      .filter((s) => s.domain !== fromDomain)
      .slice(0, ctx.limits.dkimSelectors)
      .map(async (s): Promise<DkimCandidate> => {
        const answers = await queryDkimSelectors(ctx.resolver, s.domain, dkimSelectorPlan([s.selector], true, 1));
        return { domain: s.domain, selector: s.selector, source: 'signature', key: evaluateDkim(s.domain, answers).data.selectors[0]?.status ?? 'missing' };
      }),
  );
  return [...candidates, ...foreign];
}

/** The tasks of a path check: sender (SPF, DMARC, DKIM, alignment), recipient (MX, MTA-STS, TLS-RPT, SMTP, DANE), IP (reverse DNS, blocklists). */
export function pathTasks(options: CheckPathOptions): CheckTask[] {
  const fromDomain = domainOf(options.from);
  const mailFrom = options.mailFrom ?? options.from;
  const spfDomain = domainOf(mailFrom);
  const signatures = uniqueSignatures(options.dkimSignatures ?? []);
  const ip = options.ip ? formatIp(options.ip) : undefined;
  const selectors = [...signatures.filter((s) => s.domain === fromDomain).map((s) => s.selector), ...(options.selectors ?? [])];
  const spf = domainTasks(spfDomain, { ...(ip ? { ip } : { spfRanges: true }), sender: mailFrom, ...(options.helo ? { helo: options.helo } : {}) }).filter((t) => t.name === 'spf');
  const sender = domainTasks(fromDomain, { selectors, ...(options.lists ? { lists: options.lists } : {}) }).filter((t) => SENDER_CHECKS.includes(t.name));
  const alignment: CheckTask = {
    name: 'alignment',
    target: fromDomain,
    after: ['spf', 'dmarc', 'dkim'],
    run: (ctx, earlier) =>
      runCheck(ctx, 'alignment', fromDomain, async (c) => {
        const data = <T>(name: CheckName): T | null => (earlier.get(name) as CheckResult<T | null> | undefined)?.data ?? null;
        const spfData = data<SpfData>('spf');
        return evaluateAlignment({
          from: options.from,
          to: options.to,
          fromDomain,
          spfDomain,
          ip: ip ?? null,
          spfResult: spfData?.evaluation?.result ?? null,
          passingRanges: (spfData?.ranges?.ranges ?? []).filter((r) => r.result === 'pass').map((r) => r.range),
          dkim: await dkimCandidates(c, fromDomain, signatures, data<DkimData>('dkim')),
          dmarc: data<DmarcData>('dmarc'),
          dmarcLookupFailed: earlier.get('dmarc')?.status === 'temperror',
        });
      }),
  };
  const recipient = domainTasks(domainOf(options.to), options.smtp === undefined ? {} : { smtp: options.smtp }).filter((t) => RECIPIENT_CHECKS.includes(t.name));
  const address = options.ip ? ipTasks(options.ip, options.lists ? { lists: options.lists } : {}) : [];
  return [...spf, ...sender, alignment, ...recipient, ...address];
}

/** Checks the path of one message. Never throws. */
export function checkPath(ctx: CheckContext, options: CheckPathOptions): Promise<CheckReport> {
  return buildReport('path', pathTarget(options.from, options.to), pathTasks(options), ctx, { timeoutMs: options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS });
}
