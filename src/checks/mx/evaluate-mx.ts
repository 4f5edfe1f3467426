/**
 * Judges the MX answers: can mail be delivered to the domain, and is the set-up sound?
 * Pure: answers in, status and findings out. A failed lookup is never read as "no MX".
 * @module
 */
import { isLookupFailure, isVoidAnswer, type DnsRcode } from '../../io/dns/resolver.js';
import { finding } from '../kb/findings.js';
import { failed, lookupFailed } from '../lookup-failure.js';
import type { CheckFinding, CheckOutcome, CheckStatus } from '../types.js';
import { parseMx, type Microsoft365MxForm } from './parse-mx.js';
import type { MxAnswers } from './query-mx.js';

export interface MxHostData {
  priority: number;
  exchange: string;
  ipLiteral: boolean;
  /** The canonical name when the exchange is an alias. */
  cname: string | null;
  addresses: { A: string[]; AAAA: string[] };
  resolvable: boolean;
  microsoft365: Microsoft365MxForm | null;
}

export interface MxData {
  domain: string;
  rcode: DnsRcode;
  nullMx: boolean;
  hosts: MxHostData[];
  /** The implicit MX when no MX records exist. */
  fallback: { A: string[]; AAAA: string[] } | null;
  /** The mail service recognised from the MX hosts. */
  provider: 'Microsoft 365' | null;
}

function statusOf(findings: CheckFinding[], temp: boolean): CheckStatus {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (temp) return 'temperror';
  return findings.some((f) => f.severity === 'warning') ? 'warn' : 'pass';
}

export function evaluateMx(domain: string, answers: MxAnswers): CheckOutcome<MxData> {
  const { mx } = answers;
  const data: MxData = { domain, rcode: mx.rcode, nullMx: false, hosts: [], fallback: null, provider: null };
  if (isLookupFailure(mx.rcode)) return { status: 'temperror', findings: [lookupFailed(mx)], data };
  if (mx.rcode === 'NXDOMAIN') return { status: 'fail', findings: [finding('mx.domain-not-found', { domain })], data };

  if (answers.fallback) {
    const { a, aaaa } = answers.fallback;
    data.fallback = { A: a.records, AAAA: aaaa.records };
    const failures = [a, aaaa].filter(failed);
    const addresses = [...a.records, ...aaaa.records];
    if (addresses.length > 0) return { status: 'warn', findings: [finding('mx.fallback-address', { domain, addresses })], data };
    if (failures.length > 0) return { status: 'temperror', findings: failures.map(lookupFailed), data };
    return { status: 'fail', findings: [finding('mx.none', { domain })], data };
  }

  const parsed = parseMx(mx.records);
  const findings: CheckFinding[] = [];
  data.nullMx = parsed.some((h) => h.isNull);
  const real = parsed.filter((h) => !h.isNull);
  if (data.nullMx && real.length === 0) return { status: 'none', findings: [finding('mx.null', { domain })], data };
  if (data.nullMx) findings.push(finding('mx.null-with-others', { domain, others: real.map((h) => h.exchange) }));

  let temp = false;
  for (const host of real) {
    const answersOf = answers.hosts.find((h) => h.exchange === host.exchange);
    const hostData: MxHostData = {
      priority: host.priority,
      exchange: host.exchange,
      ipLiteral: host.ipLiteral,
      cname: null,
      addresses: { A: answersOf?.a.records ?? [], AAAA: answersOf?.aaaa.records ?? [] },
      resolvable: false,
      microsoft365: host.microsoft365,
    };
    data.hosts.push(hostData);
    if (host.ipLiteral) {
      findings.push(finding('mx.target-ip-literal', { domain, host: host.exchange }));
      continue;
    }
    if (!answersOf) continue;
    const cname = answersOf.cname.records[0];
    if (cname) {
      hostData.cname = cname;
      findings.push(finding('mx.target-cname', { host: host.exchange, target: cname }));
    }
    hostData.resolvable = hostData.addresses.A.length + hostData.addresses.AAAA.length > 0;
    const failures = [answersOf.a, answersOf.aaaa].filter(failed);
    if (!hostData.resolvable && failures.length > 0) {
      temp = true;
      findings.push(...failures.map(lookupFailed));
    } else if (!hostData.resolvable && isVoidAnswer(answersOf.a) && isVoidAnswer(answersOf.aaaa)) {
      findings.push(finding('mx.target-unresolvable', { host: host.exchange, a: answersOf.a.rcode, aaaa: answersOf.aaaa.rcode }));
    }
  }

  const named = data.hosts.filter((h) => !h.ipLiteral);
  if (named.length > 0 && !temp && named.every((h) => !h.resolvable)) {
    findings.push(finding('mx.all-targets-unresolvable', { domain, hosts: named.map((h) => h.exchange) }));
  }
  const microsoft = data.hosts.filter((h) => h.microsoft365);
  if (microsoft.length > 0) {
    data.provider = 'Microsoft 365';
    const first = microsoft[0]!;
    const form = first.microsoft365 === 'mx.microsoft' ? 'the mx.microsoft form, which supports DNSSEC and DANE' : 'the mail.protection.outlook.com form';
    findings.push(finding('mx.microsoft-365', { domain, host: first.exchange, form }));
    const others = data.hosts.filter((h) => !h.microsoft365).map((h) => h.exchange);
    if (others.length > 0) findings.push(finding('mx.microsoft-365-mixed', { domain, others }));
  }
  const anyUsable = data.hosts.some((h) => h.resolvable);
  return { status: statusOf(findings, temp && !anyUsable), findings, data };
}
