/**
 * The live half of `m365 config analyze` (skipped with --offline), through the same
 * CheckContext as `check` (resolver, SMTP prober, clock, limits):
 * - every smart host of an enabled outbound connector that does not use MX routing: does it
 *   resolve (A/AAAA), does it answer SMTP (greeting, EHLO, STARTTLS), and can it meet the
 *   connector's TlsSettings (STARTTLS offered; a certificate that verifies for
 *   CertificateValidation; one that carries TlsDomain for DomainValidation);
 * - for a connector with MX routing and a TlsSettings, the MX of each named recipient domain,
 *   judged against that setting;
 * - every custom domain's DKIM selectors: is selectorN._domainkey.<domain> a CNAME to the
 *   target Get-DkimSigningConfig names (Selector1CNAME / Selector2CNAME).
 * Sources: https://learn.microsoft.com/powershell/module/exchange/set-outboundconnector;
 * https://learn.microsoft.com/defender-office-365/email-authentication-dkim-configure;
 * RFC 3207 (STARTTLS); microsoft-365-mail-facts.md sections 1.2 and 7.1.
 * @module
 */
import type { CheckContext } from '../../checks/context.js';
import { smtpProbeLimits } from '../../checks/smtp/query-smtp.js';
import { evaluateCertificate, certificateNameMatches } from '../../checks/smtp/evaluate-certificate.js';
import type { CheckFinding } from '../../checks/types.js';
import { parseIp } from '../../core/ip-address.js';
import { isLookupFailure, normalizeQueryName } from '../../io/dns/resolver.js';
import type { SmtpProbeResult } from '../../io/smtp/smtp-probe.js';
import { isMicrosoftOnlineDomain } from './accepted-domain.js';
import type { TenantConfig } from './analyze-config.js';
import { configFinding, type ConfigFinding } from './config-findings.js';
import type { DkimSigningConfig } from './dkim-signing-config.js';
import { connectorScope, routesToSmartHosts, type OutboundConnector } from './outbound-connector.js';

export interface LiveConfigOptions {
  /** SMTP port of the smart hosts: 25, or a test server's (--smtp-port). */
  smtpPort: number;
  /** false: resolve the smart hosts but do not connect (--no-smtp). */
  smtp: boolean;
}

/** What the live checks asked, for the report. */
export interface LiveConfigResult {
  findings: ConfigFinding[];
  smartHosts: { connector: string; host: string; addresses: string[]; probe: Pick<SmtpProbeResult, 'outcome' | 'stage' | 'error' | 'banner'> | null }[];
  dkim: { domain: string; name: string; expected: string; actual: string[] }[];
}

function tlsProblem(c: OutboundConnector, host: string, probe: SmtpProbeResult, now: Date): string | null {
  if (!c.tlsSettings) return null;
  if (probe.outcome === 'tls-failed') return `the TLS handshake failed (${probe.error ?? 'no reason given'})`;
  if (!probe.tls) return probe.outcome === 'completed' ? 'it does not offer STARTTLS' : null;
  if (c.tlsSettings === 'EncryptionOnly') return null;
  const scratch: CheckFinding[] = [];
  const verdict = evaluateCertificate(host, probe.address, probe.tls, now, scratch);
  if (!verdict) return 'it presented no certificate';
  if (verdict.expired) return 'its certificate has expired';
  if (verdict.notYetValid) return 'its certificate is not yet valid';
  if (!verdict.trusted) return `its certificate does not verify (${probe.tls.authorizationError ?? 'untrusted'})`;
  if (c.tlsSettings === 'DomainValidation' && c.tlsDomain) {
    const leaf = probe.tls.chain[0];
    const names = leaf?.altNames ?? [];
    const wanted = c.tlsDomain.toLowerCase();
    const ok = wanted.startsWith('*.')
      ? names.some((n) => n.toLowerCase() === wanted || n.toLowerCase().endsWith(wanted.slice(1)))
      : certificateNameMatches(wanted, names, leaf?.commonName ?? null);
    if (!ok) return `its certificate is for ${names.join(', ') || leaf?.commonName || '(no name)'}, not TlsDomain ${c.tlsDomain}`;
  }
  return null;
}

async function checkSmartHost(ctx: CheckContext, c: OutboundConnector, host: string, options: LiveConfigOptions, result: LiveConfigResult): Promise<void> {
  const base = { connector: c.name, host, domains: connectorScope(c) };
  // A CIDR range cannot be probed as one host; a single IP needs no DNS.
  if (host.includes('/')) return;
  let addresses: string[];
  const literal = parseIp(host.replace(/^\[|\]$/g, ''));
  if (literal) {
    addresses = [host.replace(/^\[|\]$/g, '')];
  } else {
    const name = normalizeQueryName(host);
    const [a, aaaa] = await Promise.all([ctx.resolver.query(name, 'A'), ctx.resolver.query(name, 'AAAA')]);
    addresses = [...a.records, ...aaaa.records];
    if (addresses.length === 0) {
      const failed = [a, aaaa].find((x) => isLookupFailure(x.rcode));
      if (failed) result.findings.push(configFinding('m365.live-check-failed', c.subject, { what: `Smart host ${host} of "${c.name}"`, problem: `the resolver answered ${failed.rcode}` }));
      else result.findings.push(configFinding('m365.connector-smarthost-unresolvable', c.subject, { ...base, rcode: a.rcode === 'NXDOMAIN' ? 'NXDOMAIN: the name does not exist' : 'no A or AAAA record' }));
      result.smartHosts.push({ connector: c.name, host, addresses, probe: null });
      return;
    }
  }
  const address = addresses[0]!;
  if (!options.smtp || !ctx.smtp) {
    result.smartHosts.push({ connector: c.name, host, addresses, probe: null });
    return;
  }
  const probe = await ctx.smtp.probe({ host: literal ? address : normalizeQueryName(host), address, port: options.smtpPort, ehloName: null, rcptDomain: null, limits: smtpProbeLimits(ctx.limits) });
  result.smartHosts.push({ connector: c.name, host, addresses, probe: { outcome: probe.outcome, stage: probe.stage, error: probe.error, banner: probe.banner } });
  const vars = { ...base, address, port: options.smtpPort };
  if (probe.outcome === 'unreachable' || probe.outcome === 'timeout' || probe.outcome === 'banner-rejected') {
    const error = probe.outcome === 'banner-rejected' ? `it refused the connection: ${probe.banner?.code ?? ''} ${probe.banner?.lines.join(' ') ?? ''}`.trim() : (probe.error ?? probe.outcome);
    result.findings.push(configFinding('m365.connector-smarthost-unreachable', c.subject, { ...vars, error }));
    return;
  }
  if (probe.outcome === 'completed' || probe.outcome === 'tls-failed') {
    result.findings.push(configFinding('m365.connector-smarthost-answers', c.subject, { ...vars, banner: probe.banner ? `${probe.banner.code} ${probe.banner.lines[0] ?? ''}`.trim() : 'no greeting' }));
  }
  const problem = tlsProblem(c, host, probe, ctx.clock.now());
  if (problem) result.findings.push(configFinding('m365.connector-tls-unmet', c.subject, { ...vars, tlsSettings: c.tlsSettings, problem }));
}

async function checkDkimCnames(ctx: CheckContext, config: DkimSigningConfig, result: LiveConfigResult): Promise<void> {
  let published = 0;
  const wanted = config.selectors.filter((s) => s.cname);
  for (const s of wanted) {
    const name = `${s.selector}._domainkey.${config.domain}`;
    const expected = s.cname!;
    const answer = await ctx.resolver.query(name, 'CNAME');
    const actual = answer.records.map((r) => normalizeQueryName(r));
    result.dkim.push({ domain: config.domain, name, expected, actual });
    const vars = { domain: config.domain, name, expected };
    if (isLookupFailure(answer.rcode)) {
      result.findings.push(configFinding('m365.live-check-failed', config.subject, { what: `The DKIM CNAME ${name}`, problem: `the resolver answered ${answer.rcode}` }));
    } else if (actual.length === 0) {
      result.findings.push(configFinding('m365.dkim-cname-missing', config.subject, { ...vars, state: answer.rcode === 'NXDOMAIN' ? 'the name does not exist' : 'there is no CNAME at that name' }));
    } else if (!actual.includes(expected)) {
      result.findings.push(configFinding('m365.dkim-cname-mismatch', config.subject, { ...vars, actual }));
    } else {
      published++;
    }
  }
  if (wanted.length > 0 && published === wanted.length) result.findings.push(configFinding('m365.dkim-cnames-published', config.subject, { domain: config.domain }));
}

/**
 * A connector that uses MX routing but requires a verified certificate (or just encryption) of
 * named recipient domains: the lowest-preference MX host of each such domain is probed and
 * judged against the TLS setting. Reachability of someone else's MX is `check domain`'s
 * question; only what the connector demands is reported here.
 */
async function checkMxDestination(ctx: CheckContext, c: OutboundConnector, domain: string, options: LiveConfigOptions, result: LiveConfigResult): Promise<void> {
  const mx = await ctx.resolver.query(normalizeQueryName(domain), 'MX');
  const host = [...mx.records].sort((a, b) => a.priority - b.priority)[0]?.exchange;
  if (!host || host === '.' || !options.smtp || !ctx.smtp) {
    if (isLookupFailure(mx.rcode)) result.findings.push(configFinding('m365.live-check-failed', c.subject, { what: `The MX of ${domain} (TLS of "${c.name}")`, problem: `the resolver answered ${mx.rcode}` }));
    return;
  }
  const name = normalizeQueryName(host);
  const [a, aaaa] = await Promise.all([ctx.resolver.query(name, 'A'), ctx.resolver.query(name, 'AAAA')]);
  const address = [...a.records, ...aaaa.records][0];
  if (!address) return;
  const probe = await ctx.smtp.probe({ host: name, address, port: options.smtpPort, ehloName: null, rcptDomain: null, limits: smtpProbeLimits(ctx.limits) });
  result.smartHosts.push({ connector: c.name, host: name, addresses: [address], probe: { outcome: probe.outcome, stage: probe.stage, error: probe.error, banner: probe.banner } });
  const problem = tlsProblem(c, name, probe, ctx.clock.now());
  if (problem) result.findings.push(configFinding('m365.connector-tls-unmet', c.subject, { connector: c.name, host: `${name} (MX of ${domain})`, domains: connectorScope(c), address, port: options.smtpPort, tlsSettings: c.tlsSettings, problem }));
}

/** Runs every live check, smart hosts and CNAMEs in parallel. Never throws for answers; a probe is a value. */
export async function checkConfigLive(ctx: CheckContext, config: TenantConfig, options: LiveConfigOptions): Promise<LiveConfigResult> {
  const result: LiveConfigResult = { findings: [], smartHosts: [], dkim: [] };
  const jobs: Promise<void>[] = [];
  for (const c of config.outboundConnectors.filter(routesToSmartHosts)) {
    for (const host of c.smartHosts) jobs.push(checkSmartHost(ctx, c, host, options, result));
  }
  for (const c of config.outboundConnectors.filter((x) => x.enabled && x.useMxRecord && x.tlsSettings && !x.transportRuleScoped)) {
    for (const domain of c.recipientDomains.filter((d) => !d.includes('*'))) jobs.push(checkMxDestination(ctx, c, domain, options, result));
  }
  for (const d of config.dkim ?? []) {
    if (!isMicrosoftOnlineDomain(d.domain) && d.domain) jobs.push(checkDkimCnames(ctx, d, result));
  }
  await Promise.all(jobs);
  // Parallel jobs finish in any order: report in a stable one.
  const order = (f: ConfigFinding): string => `${f.subject.file}\u0000${f.subject.identity ?? ''}\u0000${JSON.stringify(f.data ?? {})}`;
  result.findings.sort((a, b) => order(a).localeCompare(order(b)));
  return result;
}
