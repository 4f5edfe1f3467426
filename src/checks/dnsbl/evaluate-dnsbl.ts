/**
 * Judges the blocklist answers (pure): listed anywhere, and which lists could not say.
 * @module
 */
import { finding } from '../kb/findings.js';
import type { CheckFinding, CheckOutcome, CheckStatus } from '../types.js';
import { interpretDnsblAnswer, type DnsblListResult } from './parse-dnsbl-answer.js';
import type { DnsblAnswer } from './query-dnsbl.js';

export interface DnsblData {
  subject: string;
  results: DnsblListResult[];
  listed: string[];
  /** Lists that refused or did not answer: the subject was not checked there. */
  unchecked: string[];
}

export function evaluateDnsbl(subject: string, answers: readonly DnsblAnswer[]): CheckOutcome<DnsblData> {
  const findings: CheckFinding[] = [];
  const results: DnsblListResult[] = [];
  for (const { list, query, answer } of answers) {
    if (!answer) {
      results.push({ list: list.id, name: list.name, zone: list.zone, query: '', state: 'skipped', rcode: null, codes: [], meanings: [] });
      findings.push(finding('dnsbl.skipped', { list: list.name, subject, source: list.source }));
      continue;
    }
    const result = interpretDnsblAnswer(list, query, answer);
    results.push(result);
    const vars = { list: list.name, zone: list.zone, subject, source: list.source };
    if (result.state === 'listed') findings.push(finding('dnsbl.listed', { ...vars, meanings: result.meanings.join('; '), codes: result.codes, removal: list.removal }));
    else if (result.state === 'refused') findings.push(finding('dnsbl.refused', { ...vars, code: result.codes.join(', '), meaning: result.meanings.join('; ') }));
    else if (result.state === 'unanswered') findings.push(finding('dnsbl.unanswered', { ...vars, rcode: result.rcode }));
    else if (result.state === 'unknown-code') findings.push(finding('dnsbl.unknown-code', { ...vars, codes: result.codes }));
  }
  const listed = results.filter((r) => r.state === 'listed').map((r) => r.list);
  const unchecked = results.filter((r) => r.state === 'refused' || r.state === 'unanswered').map((r) => r.list);
  const asked = results.filter((r) => r.state !== 'skipped');
  let status: CheckStatus;
  if (listed.length > 0) status = 'fail';
  else if (asked.length > 0 && unchecked.length === asked.length) status = 'temperror';
  else if (findings.some((f) => f.severity === 'warning')) status = 'warn';
  else status = 'pass';
  return { status, findings, data: { subject, results, listed, unchecked } };
}
