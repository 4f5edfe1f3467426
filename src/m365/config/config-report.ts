/**
 * The report of `m365 config analyze`: the files and what they held, the cmdlets missing,
 * every finding (offline and live) and the verdict, with the same verdict words and
 * --fail-on levels as `check` (fail: an error finding; warn: a warning).
 * @module
 */
import type { Verdict } from '../../checks/types.js';
import { missingCmdlets, type ConfigAnalysis, type ConfigFileSummary } from './analyze-config.js';
import type { CmdletName, ConfigFinding } from './config-findings.js';
import type { LiveConfigResult } from './check-config-live.js';

export interface ConfigReport {
  kind: 'm365-config';
  at: string;
  verdict: Verdict;
  /** Whether the live checks ran (false with --offline). */
  live: boolean;
  resolver: string | null;
  files: ConfigFileSummary[];
  /** Cmdlets no file held: nothing was concluded about them. */
  missing: CmdletName[];
  counts: { error: number; warning: number; info: number };
  findings: ConfigFinding[];
  checked: Omit<LiveConfigResult, 'findings'> | null;
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

export function buildConfigReport(analysis: ConfigAnalysis, live: LiveConfigResult | null, at: Date, resolver: string | null): ConfigReport {
  // Stable order: severity first, then the order the analysis produced.
  const findings = [...analysis.findings, ...(live?.findings ?? [])]
    .map((f, i) => ({ f, i }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  const verdict: Verdict = counts.error > 0 ? 'fail' : counts.warning > 0 ? 'warn' : 'pass';
  return {
    kind: 'm365-config',
    at: at.toISOString(),
    verdict,
    live: live !== null,
    resolver,
    files: analysis.files,
    missing: missingCmdlets(analysis.files),
    counts,
    findings,
    checked: live ? { smartHosts: live.smartHosts, dkim: live.dkim } : null,
  };
}

/** --fail-on: fail reached by an error finding; warn by a warning or an error. */
export function configFailOnReached(report: ConfigReport, failOn: 'warn' | 'fail' | null): boolean {
  if (failOn === 'fail') return report.verdict === 'fail';
  if (failOn === 'warn') return report.verdict === 'fail' || report.verdict === 'warn';
  return false;
}
