/**
 * The results a diagnosis works from, live checks and local analyses alike, filed by check and
 * target (`spf|fabrikam.example`, `dkim|s1._domainkey.fabrikam.example`), and the two ways a
 * result enters a verdict: as evidence (its findings, with their codes) or as a cause it rules
 * out.
 * @module
 */
import type { CheckFinding, CheckStatus } from '../checks/types.js';
import type { DiagnoseCheckId, DiagnoseFinding, Evidence, RuledOut } from './types.js';

export interface CheckEntry {
  check: DiagnoseCheckId;
  target: string;
  status: CheckStatus;
  findings: (CheckFinding | DiagnoseFinding)[];
  data: unknown;
  /** DNS questions the check asked (0 for local analyses). */
  queries: number;
}

export function entryKey(check: DiagnoseCheckId, target: string): string {
  return `${check}|${target}`;
}

/** Evidence from a result: its findings with the given codes (all error and warning findings when none are given). */
export function findingEvidence(entry: CheckEntry, codes?: readonly string[]): Evidence[] {
  const chosen = entry.findings.filter((f) => (codes ? codes.includes(f.code) : f.severity !== 'info'));
  return chosen.map((f) => ({ source: entry.check === 'address-syntax' || entry.check === 'typo' || entry.check === 'message-size' ? 'analysis' : 'check', check: entry.check, target: entry.target, field: null, value: null, code: f.code, message: f.message }));
}

/** The first finding of a result with one of these codes. */
export function findingOf(entry: CheckEntry | undefined, ...codes: string[]): CheckFinding | DiagnoseFinding | undefined {
  return entry?.findings.find((f) => codes.includes(f.code));
}

/** A passed result, as the cause it rules out (its first info finding's code, if any). */
export function ruledOutBy(entry: CheckEntry, message: string): RuledOut {
  return { check: entry.check, target: entry.target, status: entry.status, code: entry.findings[0]?.code ?? null, message };
}
