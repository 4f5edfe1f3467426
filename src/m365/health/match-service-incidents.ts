/**
 * Which open Exchange Online incidents or advisories could explain a failure `diagnose` sees:
 * those about mail flow (mail-flow-features.json) that had started by the time of the failure
 * (or whose start is unknown), for a bounce that Exchange Online handled. An issue whose
 * title, impact or latest update names the failure's status code is listed first, as a
 * closer match. Pure; the Graph call is the caller's.
 * @module
 */
import type { ExchangeHealth, HealthIssue } from './get-exchange-health.js';

export interface FailureToMatch {
  /** Enhanced status code (5.4.7), or null. */
  status: string | null;
  /** When it failed (ISO or RFC 5322 date), or null. */
  date: string | null;
}

export interface IncidentMatch {
  issue: HealthIssue;
  /** The issue's text names the failure's status code. */
  namesCode: boolean;
}

/** Slack for clocks and for an issue posted a little after it began to bite. */
const START_SLACK_MS = 6 * 3_600_000;

export function matchServiceIncidents(health: ExchangeHealth, failures: readonly FailureToMatch[]): IncidentMatch[] {
  const matches: IncidentMatch[] = [];
  for (const issue of health.issues) {
    if (!issue.mailFlow) continue;
    const started = issue.startedAt ? Date.parse(issue.startedAt) : NaN;
    const relevant = failures.filter((f) => {
      const at = f.date ? Date.parse(f.date) : NaN;
      return Number.isNaN(started) || Number.isNaN(at) || at + START_SLACK_MS >= started;
    });
    if (relevant.length === 0) continue;
    const text = [issue.title, issue.impact, issue.latestUpdate?.text].filter(Boolean).join(' ');
    const namesCode = relevant.some((f) => f.status !== null && new RegExp(`(^|[^\\d.])${f.status.replace(/\./g, '\\.')}(?![\\d])`).test(text));
    matches.push({ issue, namesCode });
  }
  return matches.sort((a, b) => Number(b.namesCode) - Number(a.namesCode));
}
