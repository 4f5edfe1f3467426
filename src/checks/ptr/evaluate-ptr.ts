/**
 * Judges reverse DNS (pure): a PTR exists, a name of it resolves back to the address
 * (forward-confirmed reverse DNS), and the name is not a generic access-line name.
 * @module
 */
import { formatIp, parseIp, reverseDnsName, type IpAddress } from '../../core/ip-address.js';
import { isLookupFailure, type DnsRcode } from '../../io/dns/resolver.js';
import { finding } from '../kb/findings.js';
import { lookupFailed } from '../lookup-failure.js';
import type { CheckFinding, CheckOutcome, CheckStatus } from '../types.js';
import { genericNameReason } from './parse-ptr.js';
import type { PtrAnswers } from './query-ptr.js';

export interface PtrData {
  ip: string;
  reverseName: string;
  rcode: DnsRcode;
  names: string[];
  forward: { name: string; rcode: DnsRcode; addresses: string[]; confirmed: boolean }[];
  /** Names that resolve back to the address. */
  confirmed: string[];
  generic: { name: string; why: string }[];
}

function statusOf(findings: CheckFinding[], temp: boolean): CheckStatus {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (temp) return 'temperror';
  return findings.some((f) => f.severity === 'warning') ? 'warn' : 'pass';
}

export function evaluatePtr(ip: IpAddress, answers: PtrAnswers): CheckOutcome<PtrData> {
  const shown = formatIp(ip);
  const data: PtrData = { ip: shown, reverseName: reverseDnsName(ip), rcode: answers.ptr.rcode, names: answers.ptr.records, forward: [], confirmed: [], generic: [] };
  if (isLookupFailure(answers.ptr.rcode)) return { status: 'temperror', findings: [lookupFailed(answers.ptr)], data };
  if (answers.ptr.records.length === 0) return { status: 'fail', findings: [finding('ptr.missing', { ip: shown, rcode: answers.ptr.rcode })], data };
  const findings: CheckFinding[] = [];
  if (data.names.length > 1) findings.push(finding('ptr.multiple', { ip: shown, count: data.names.length, names: data.names }));
  let temp = false;
  for (const { name, answer } of answers.forward) {
    const confirmed = answer.records.some((r) => parseIp(r)?.full === ip.full);
    data.forward.push({ name, rcode: answer.rcode, addresses: answer.records, confirmed });
    if (confirmed) data.confirmed.push(name);
    if (isLookupFailure(answer.rcode)) temp = true;
  }
  if (data.confirmed.length === 0) {
    if (temp) findings.push(...answers.forward.filter((f) => isLookupFailure(f.answer.rcode)).map((f) => lookupFailed(f.answer)));
    else findings.push(finding('ptr.not-forward-confirmed', { ip: shown, names: data.names, name: data.names[0] }));
  }
  for (const name of data.names) {
    const why = genericNameReason(name, ip);
    if (why) data.generic.push({ name, why });
  }
  const firstGeneric = data.generic[0];
  if (firstGeneric) findings.push(finding('ptr.generic', { ip: shown, name: firstGeneric.name, why: firstGeneric.why }));
  return { status: statusOf(findings, temp && data.confirmed.length === 0), findings, data };
}
