/**
 * Judges a TLS-RPT record (pure): none, several (senders then report nowhere), or one whose
 * rua destinations are all valid mailto: or https: URIs (RFC 8460 section 3).
 * @module
 */
import { isLookupFailure } from '../../io/dns/resolver.js';
import { finding } from '../kb/findings.js';
import { lookupFailed } from '../lookup-failure.js';
import type { CheckOutcome } from '../types.js';
import { parseTlsRpt, type ParsedTlsRpt } from './parse-tlsrpt.js';
import type { TlsRptAnswers } from './query-tlsrpt.js';

export interface TlsRptData {
  domain: string;
  name: string;
  records: string[];
  parsed: ParsedTlsRpt | null;
}

export function evaluateTlsRpt(answers: TlsRptAnswers): CheckOutcome<TlsRptData> {
  const { domain, name, records } = answers;
  const data: TlsRptData = { domain, name, records, parsed: null };
  if (isLookupFailure(answers.txt.rcode)) return { status: 'temperror', findings: [lookupFailed(answers.txt)], data };
  if (records.length === 0) return { status: 'none', findings: [finding('tlsrpt.none', { domain, name })], data };
  if (records.length > 1) return { status: 'warn', findings: [finding('tlsrpt.multiple-records', { domain, name, count: records.length })], data };
  data.parsed = parseTlsRpt(records[0]!);
  if (!data.parsed.valid) return { status: 'warn', findings: [finding('tlsrpt.invalid', { domain, name, problems: data.parsed.problems })], data };
  return { status: 'pass', findings: [], data };
}
