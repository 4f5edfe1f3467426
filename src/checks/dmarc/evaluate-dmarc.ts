/**
 * Judges a DMARC set-up (pure): which record applies, the policy it sets for the domain and
 * its subdomains, every tag problem, and whether external report destinations have
 * authorised the reports (RFC 7489 section 7.1).
 * @module
 */
import { organizationalDomain } from '../../core/domain-name.js';
import { isLookupFailure, txtText, type DnsAnswer } from '../../io/dns/resolver.js';
import { finding } from '../kb/findings.js';
import { lookupFailed } from '../lookup-failure.js';
import type { CheckFinding, CheckOutcome, CheckStatus } from '../types.js';
import { isDmarcRecord, type DmarcPolicy, type ParsedDmarc } from './parse-dmarc.js';
import { reportAuthorizationName, type DmarcLookups } from './query-dmarc.js';

export interface DmarcReportDestination {
  tag: 'rua' | 'ruf';
  uri: string;
  domain: string;
  /** Another organisation than the policy domain's: needs the section 7.1 record. */
  external: boolean;
  /** The authorisation record name, for external destinations. */
  authorizationName: string | null;
  /** true/false once looked up; null when not needed or the lookup failed. */
  authorized: boolean | null;
}

export interface DmarcData {
  domain: string;
  orgDomain: string;
  /** Where the applying record was found: the domain itself or its organisational domain. */
  source: 'domain' | 'organizational-domain' | null;
  name: string | null;
  record: string | null;
  /** The policy that applies to mail from `domain`. */
  policy: DmarcPolicy | null;
  /** The tag it came from (p or sp). */
  policyTag: 'p' | 'sp' | null;
  subdomainPolicy: DmarcPolicy | null;
  pct: number | null;
  adkim: 'r' | 's' | null;
  aspf: 'r' | 's' | null;
  parsed: ParsedDmarc | null;
  reportDestinations: DmarcReportDestination[];
}

/** The report destinations and whether each needs an authorisation record. */
export function reportDestinations(parsed: ParsedDmarc, policyDomain: string): DmarcReportDestination[] {
  const org = organizationalDomain(policyDomain);
  const out: DmarcReportDestination[] = [];
  for (const tag of ['rua', 'ruf'] as const) {
    for (const uri of parsed[tag]) {
      if (!uri.valid || !uri.domain) continue;
      const external = organizationalDomain(uri.domain) !== org;
      out.push({ tag, uri: uri.uri, domain: uri.domain, external, authorizationName: external ? reportAuthorizationName(policyDomain, uri.domain) : null, authorized: null });
    }
  }
  return out;
}

function statusOf(findings: CheckFinding[]): CheckStatus {
  if (findings.some((f) => f.severity === 'error')) return 'permerror';
  if (findings.some((f) => f.code === 'dns.lookup-failed')) return 'warn';
  return findings.some((f) => f.severity === 'warning') ? 'warn' : 'pass';
}

export function evaluateDmarc(
  lookups: DmarcLookups,
  parsed: ParsedDmarc | null,
  authorizations: ReadonlyMap<string, DnsAnswer<'TXT'>>,
): CheckOutcome<DmarcData> {
  const { domain, orgDomain, direct, org } = lookups;
  const data: DmarcData = {
    domain,
    orgDomain,
    source: null,
    name: null,
    record: null,
    policy: null,
    policyTag: null,
    subdomainPolicy: null,
    pct: null,
    adkim: null,
    aspf: null,
    parsed: null,
    reportDestinations: [],
  };
  const failedLookup = [direct, org].find((l) => l?.status === 'temperror');
  if (failedLookup) return { status: 'temperror', findings: [lookupFailed(failedLookup.answer)], data };
  const applying = direct.status !== 'none' ? direct : org && org.status !== 'none' ? org : null;
  if (!applying) return { status: 'none', findings: [finding('dmarc.none', { domain, orgDomain })], data };
  data.source = applying === direct ? 'domain' : 'organizational-domain';
  data.name = applying.name;
  if (applying.status === 'multiple') {
    return { status: 'permerror', findings: [finding('dmarc.multiple-records', { name: applying.name, count: applying.records.length })], data };
  }
  if (!parsed) return { status: 'permerror', findings: [], data };
  data.record = parsed.record;
  data.parsed = parsed;
  const findings: CheckFinding[] = parsed.problems.map((p) => finding(p.code, p.vars));
  if (parsed.p === null) {
    const validRua = parsed.rua.some((u) => u.valid);
    const detail = validRua ? '; receivers that honour its rua= treat it as p=none' : '; receivers ignore the record';
    findings.push(finding('dmarc.policy-missing', { name: applying.name, detail }));
  }
  const inherited = data.source === 'organizational-domain';
  const effectiveP = parsed.p ?? (parsed.rua.some((u) => u.valid) ? 'none' : null);
  data.policy = inherited ? (parsed.sp ?? effectiveP) : effectiveP;
  data.policyTag = inherited && parsed.sp ? 'sp' : 'p';
  data.subdomainPolicy = parsed.sp ?? effectiveP;
  data.pct = parsed.pct;
  data.adkim = parsed.adkim;
  data.aspf = parsed.aspf;
  const policyDomain = applying.domain;
  if (inherited) findings.push(finding('dmarc.inherited', { domain, orgDomain, policy: `${data.policyTag}=${data.policy ?? 'none'}` }));
  if (data.policy === 'none' && parsed.p !== null) findings.push(finding('dmarc.policy-none', { domain: policyDomain }));
  if (parsed.sp === 'none' && parsed.p && parsed.p !== 'none') findings.push(finding('dmarc.subdomain-policy-none', { domain: policyDomain, p: parsed.p }));
  if (parsed.pct < 100 && data.policy && data.policy !== 'none') findings.push(finding('dmarc.pct-partial', { domain: policyDomain, pct: parsed.pct, p: data.policy }));
  if (parsed.rua.length === 0) findings.push(finding('dmarc.no-rua', { domain: policyDomain }));

  data.reportDestinations = reportDestinations(parsed, policyDomain);
  for (const dest of data.reportDestinations) {
    if (!dest.authorizationName) continue;
    const answer = authorizations.get(dest.authorizationName);
    if (!answer) continue;
    if (isLookupFailure(answer.rcode)) {
      findings.push(lookupFailed(answer));
      continue;
    }
    dest.authorized = answer.records.map(txtText).some(isDmarcRecord);
    if (!dest.authorized) {
      findings.push(finding('dmarc.external-report-unauthorized', { domain: policyDomain, tag: dest.tag, destination: dest.domain, authName: dest.authorizationName, rcode: answer.rcode }));
    }
  }
  return { status: statusOf(findings), findings, data };
}
