/**
 * The JSON shape of `explain` results (one object per input message), shared by the CLI and
 * the server so both emit the same fields.
 * @module
 */
import { codeSummary, type CodeSummaryJson } from '../codes/code-summary.js';
import type { Finding } from '../core/finding.js';
import type { BounceFact, BounceReport } from '../ndr/types.js';

export { codeSummary, type CodeSummaryJson };

export type BounceFactJson = Omit<BounceFact, 'code'> & { code: CodeSummaryJson | null };

export interface ExplainResultJson extends Omit<BounceReport, 'bounces'> {
  file: string;
  bounces: BounceFactJson[];
}

export function explainResultJson(file: string, report: BounceReport): ExplainResultJson {
  return { file, ...report, bounces: report.bounces.map((b) => ({ ...b, code: codeSummary(b.code) })) };
}

/** The result for an input that holds no message (empty or a few bytes). */
export function emptyInputResult(file: string, why: string): ExplainResultJson {
  const note: Finding = { code: 'input.empty', severity: 'info', message: why };
  return {
    file, kind: 'not-bounce', notBounceReason: why, mta: null, subject: null, from: null, date: null,
    bounces: [], original: null, originalHeaders: null, notes: [note],
  };
}
