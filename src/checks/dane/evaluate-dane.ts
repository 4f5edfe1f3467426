/**
 * Judges DANE for a domain's MX hosts (pure): TLSA records present, usable for SMTP, matched
 * by the certificate each address presented, and whether the resolver vouched for them (the
 * AD bit). DNSSEC validation itself is not done: "authenticated" only repeats what the
 * resolver said, and no finding claims more.
 * @module
 */
import { isLookupFailure, type DnsRcode } from '../../io/dns/resolver.js';
import { finding } from '../kb/findings.js';
import { lookupFailed } from '../lookup-failure.js';
import type { SmtpData } from '../smtp/evaluate-smtp.js';
import type { CheckFinding, CheckOutcome, CheckStatus } from '../types.js';
import { matchTlsa } from './match-tlsa.js';
import { parseTlsa, type ParsedTlsa } from './parse-tlsa.js';
import type { DaneAnswers } from './query-dane.js';

export interface DaneHostData {
  host: string;
  name: string;
  rcode: DnsRcode;
  /** The resolver's AD bit: true = it says it validated; null = not visible. Not our own validation. */
  authenticated: boolean | null;
  records: ParsedTlsa[];
  /** One entry per probed address with a certificate. */
  matches: { address: string; matched: boolean; record: string | null; why: string }[];
}

export interface DaneData {
  domain: string;
  hosts: DaneHostData[];
}

function statusOf(findings: readonly CheckFinding[], temp: boolean): CheckStatus {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (temp) return 'temperror';
  return findings.some((f) => f.severity === 'warning') ? 'warn' : 'pass';
}

export function evaluateDane(domain: string, answers: readonly DaneAnswers[], smtp: SmtpData | null, maxRecords: number): CheckOutcome<DaneData> {
  const findings: CheckFinding[] = [];
  const data: DaneData = { domain, hosts: [] };
  let temp = false;
  for (const { host, tlsa } of answers) {
    const records = tlsa.records.slice(0, maxRecords).map(parseTlsa);
    const hostData: DaneHostData = { host, name: tlsa.name, rcode: tlsa.rcode, authenticated: tlsa.authenticated, records, matches: [] };
    data.hosts.push(hostData);
    if (isLookupFailure(tlsa.rcode)) {
      temp = true;
      findings.push(lookupFailed(tlsa));
      continue;
    }
    if (records.length === 0) continue;
    if (tlsa.authenticated !== true) findings.push(finding('dane.unvalidated', { host, name: tlsa.name, ad: tlsa.authenticated === null ? 'not visible' : 'not set' }));
    if (!records.some((r) => r.usable)) {
      findings.push(finding('dane.unusable-records', { host, name: tlsa.name, why: records.map((r) => r.unusable).filter(Boolean) }));
      continue;
    }
    const probes = (smtp?.probes ?? []).filter((p) => p.host === host);
    for (const probe of probes) {
      if (probe.tls) {
        const match = matchTlsa(host, records, probe.tls.chain);
        hostData.matches.push({ address: probe.address, ...match });
        if (!match.matched) findings.push(finding('dane.mismatch', { host, address: probe.address, name: tlsa.name, why: match.why }));
      } else if (probe.banner && probe.outcome !== 'banner-rejected') {
        // TLSA published but no TLS: a DANE sender defers the mail (RFC 7672 section 2.2).
        hostData.matches.push({ address: probe.address, matched: false, record: null, why: 'the server offered no TLS' });
        findings.push(finding('dane.mismatch', { host, address: probe.address, name: tlsa.name, why: 'the server offered no working STARTTLS' }));
      }
    }
    if (hostData.matches.length === 0) findings.push(finding('dane.not-checked', { host, name: tlsa.name, reason: smtp?.skipped ?? 'no certificate was seen' }));
  }
  if (!temp && data.hosts.every((h) => h.records.length === 0)) {
    return { status: 'none', findings: [finding('dane.none', { domain, hosts: data.hosts.map((h) => h.host) })], data };
  }
  return { status: statusOf(findings, temp), findings, data };
}
