/**
 * `trace report` as a function: every question over one range of whole hours, answered from
 * the summaries (summary/update-trace-summaries.ts) and, for the pending alert, the status
 * index; failures get the knowledge of their code and reason (the same entries `code` and
 * `explain` show). Each question is a named step, so a benchmark can time them one by one.
 * @module
 */
import { allCodeEntries } from '../../codes/lookup-code.js';
import type { CodeEntry } from '../../codes/types.js';
import { isReason, reasonInfo, type Reason } from '../../ndr/classify/reasons.js';
import { queryFailingDomainTrends } from '../queries/query-failing-domain-trends.js';
import { queryFailuresByCode } from '../queries/query-failures-by-code.js';
import { queryFailuresByReason } from '../queries/query-failures-by-reason.js';
import { queryReportSpan } from '../queries/query-report-span.js';
import { queryStatusCounts, totalsOf } from '../queries/query-status-totals.js';
import { queryTrafficByDomain } from '../queries/query-traffic-by-domain.js';
import { queryTrafficByHour } from '../queries/query-traffic-by-hour.js';
import { queryTrafficBySender } from '../queries/query-traffic-by-sender.js';
import type { TraceStore } from '../store/trace-store.js';
import { HOUR_MS } from '../summary/summary-tables.js';
import { refreshTraceSummaries } from '../summary/update-trace-summaries.js';
import { detectAuthFailureSpike } from './alerts/detect-auth-failure-spike.js';
import { detectDomainOutage } from './alerts/detect-domain-outage.js';
import { detectLongPending } from './alerts/detect-long-pending.js';
import { detectSenderNearLimits } from './alerts/detect-sender-near-limits.js';
import { detectSenderVolumeJump } from './alerts/detect-sender-volume-jump.js';
import type { FailureKnowledge, HourRange, TraceAlert, TraceReport } from './trace-report-types.js';

export interface TraceReportOptions {
  /** Inclusive, ms UTC; rounded down to the hour. Default: the first stored hour. */
  since?: number | undefined;
  /** Exclusive, ms UTC; rounded up to the hour. Default: the end of the last stored hour. */
  until?: number | undefined;
  /** Rows in the by-domain, by-sender and top-failing-domain lists (default 20, 20, 10). */
  limit?: number | undefined;
  /** Called after each question with its name and duration in ms (benchmarks). */
  onQuestion?: ((name: string, ms: number) => void) | undefined;
}

export const REPORT_QUESTIONS = [
  'totals', 'failures-by-code', 'failures-by-reason', 'by-domain', 'by-sender', 'by-hour', 'failing-domain-trends',
  'alert-sender-volume-jump', 'alert-sender-near-limits', 'alert-domain-failing', 'alert-auth-failure-spike', 'alert-long-pending',
] as const;
export type ReportQuestion = (typeof REPORT_QUESTIONS)[number];

let entriesById: Map<string, CodeEntry> | null = null;
function codeEntry(id: string): CodeEntry | null {
  entriesById ??= new Map(allCodeEntries().map((e) => [e.id, e]));
  return entriesById.get(id) ?? null;
}

/** The knowledge of a code entry and reason as the report shows it. */
export function failureKnowledge(codeId: string, reason: string): FailureKnowledge {
  const code = codeId ? codeEntry(codeId) : null;
  const info = isReason(reason) ? reasonInfo(reason) : null;
  const exchange = code?.family === 'exchange-online';
  return {
    reasonTitle: info?.title ?? null,
    codeTitle: code?.title ?? null,
    codeId: code?.id ?? null,
    actor: exchange ? code.actor : (info?.actor ?? null),
    admin: exchange ? code.adminSteps : (info?.admin ?? []),
  };
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Whole hours covering [since, until). */
export function resolveHourRange(span: HourRange | null, options: Pick<TraceReportOptions, 'since' | 'until'>): HourRange | null {
  const since = options.since ?? span?.since;
  const until = options.until ?? span?.until;
  if (since === undefined || until === undefined) return null;
  const range = { since: Math.floor(since / HOUR_MS) * HOUR_MS, until: Math.ceil(until / HOUR_MS) * HOUR_MS };
  return range.until > range.since ? range : null;
}

export async function buildTraceReport(store: TraceStore, options: TraceReportOptions = {}): Promise<TraceReport> {
  await refreshTraceSummaries(store);
  const db = store.db;
  const limit = options.limit ?? 20;
  const span = await queryReportSpan(db);
  const range = resolveHourRange(span, options);
  const empty: TraceReport = {
    range: { since: range?.since ?? 0, until: range?.until ?? 0, hours: range ? (range.until - range.since) / HOUR_MS : 0 },
    totals: totalsOf([]), byStatus: [], failuresByCode: [], failuresByReason: [], byDomain: [], bySender: [], byHour: [], topFailingDomains: [], alerts: [],
  };
  if (!range) return empty;
  const step = async <T>(name: ReportQuestion, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    options.onQuestion?.(name, performance.now() - started);
    return result;
  };
  const report = empty;
  report.byStatus = await step('totals', () => queryStatusCounts(db, range));
  report.totals = totalsOf(report.byStatus);
  const failed = report.totals.failed;
  const codes = await step('failures-by-code', () => queryFailuresByCode(db, range));
  report.failuresByCode = codes.map((row) => ({
    statusCode: row.statusCode || null,
    reason: isReason(row.reason) ? (row.reason as Reason) : null,
    recipients: row.recipients,
    share: failed > 0 ? row.recipients / failed : 0,
    ...failureKnowledge(row.codeId, row.reason),
  }));
  const reasons = await step('failures-by-reason', () => queryFailuresByReason(db, range));
  report.failuresByReason = reasons.map((row) => ({
    reason: isReason(row.reason) ? (row.reason as Reason) : null,
    recipients: row.recipients,
    share: failed > 0 ? row.recipients / failed : 0,
    description: isReason(row.reason) ? reasonInfo(row.reason).description : null,
    ...failureKnowledge('', row.reason),
  }));
  report.byDomain = await step('by-domain', () => queryTrafficByDomain(db, range, limit));
  report.bySender = await step('by-sender', () => queryTrafficBySender(db, range, limit));
  report.byHour = await step('by-hour', () => queryTrafficByHour(db, range));
  report.topFailingDomains = await step('failing-domain-trends', () => queryFailingDomainTrends(db, range, Math.min(limit, 10)));
  const alerts: TraceAlert[] = [
    ...(await step('alert-sender-volume-jump', () => detectSenderVolumeJump(db, range))),
    ...(await step('alert-sender-near-limits', () => detectSenderNearLimits(db, range))),
    ...(await step('alert-domain-failing', () => detectDomainOutage(db, range))),
    ...(await step('alert-auth-failure-spike', () => detectAuthFailureSpike(db, range, span?.since ?? range.since))),
    ...(await step('alert-long-pending', () => detectLongPending(db, range))),
  ];
  report.alerts = alerts.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.window.from - b.window.from || a.code.localeCompare(b.code));
  return report;
}
