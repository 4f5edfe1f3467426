/**
 * `trace.auth-failure-spike`: receivers reject far more of our outgoing mail for failed SPF,
 * DKIM or DMARC than in the hours before: our side changed (a DNS edit, a DKIM key rotation, a
 * new sending service). A failure counts when its text's code says so (kb/auth-failure-codes.json:
 * RFC 7372's X.7.20-26, Exchange Online's 5.7.509 ...) or the classifier gives it the reason
 * authfailure (`550 5.7.1 ... SPF ...`).
 *
 * Each hour is judged against the hourly counts of the `baselineDays` before it, quiet hours
 * included (median and MAD), and flagged at a robust z-score of `madMultiplier` and at least
 * `minPerHour` failures; flagged hours in a row make one alert (kb/trace-alerts.json).
 * @module
 */
import { sql, type Kysely } from 'kysely';
import type { TraceDatabase } from '../../store/trace-store.js';
import { DAY_MS, HOUR_MS, toNumber, withSummaryTables } from '../../summary/summary-tables.js';
import { robustBaseline } from '../robust-statistics.js';
import { alertThreshold } from '../trace-report-knowledge.js';
import type { HourRange, TraceAlert } from '../trace-report-types.js';
import { formatCount, formatIso, hourRuns, isoTime, makeTraceAlert } from './make-trace-alert.js';

const CODE = 'trace.auth-failure-spike';
/** Fewest hours of history before an hour can be judged (a first day of data has no "usual"). */
const MIN_BASELINE_HOURS = 24;

export interface AuthSpikeThresholds {
  baselineDays: number;
  madMultiplier: number;
  minPerHour: number;
}

export interface FlaggedHour {
  hour: number;
  failures: number;
  baselineMedian: number;
  threshold: number;
}

/**
 * Judges every hour of [since, until) against the hours before it (pure). `counts` holds the
 * hours with failures; `firstHour` is where the stored data begins.
 */
export function flagAuthSpikes(counts: ReadonlyMap<number, number>, range: HourRange, firstHour: number, t: AuthSpikeThresholds): FlaggedHour[] {
  const flagged: FlaggedHour[] = [];
  const window = t.baselineDays * DAY_MS;
  for (let hour = range.since; hour < range.until; hour += HOUR_MS) {
    const failures = counts.get(hour) ?? 0;
    if (failures < t.minPerHour) continue;
    const start = Math.max(firstHour, hour - window);
    if ((hour - start) / HOUR_MS < MIN_BASELINE_HOURS) continue;
    const history: number[] = [];
    for (let h = start; h < hour; h += HOUR_MS) history.push(counts.get(h) ?? 0);
    const baseline = robustBaseline(history);
    const threshold = Math.max(t.minPerHour, baseline.median + t.madMultiplier * Math.max(baseline.scaledMad, 1));
    if (failures >= threshold) flagged.push({ hour, failures, baselineMedian: baseline.median, threshold });
  }
  return flagged;
}

export async function detectAuthFailureSpike(db: Kysely<TraceDatabase>, range: HourRange, firstHour: number): Promise<TraceAlert[]> {
  const t: AuthSpikeThresholds = {
    baselineDays: alertThreshold(CODE, 'baselineDays'),
    madMultiplier: alertThreshold(CODE, 'madMultiplier'),
    minPerHour: alertThreshold(CODE, 'minPerHour'),
  };
  const sdb = withSummaryTables(db);
  const authFailed = (from: number, to: number) =>
    sdb
      .selectFrom('trace_hour_outcomes')
      .where('auth_failure', '=', 1)
      .where('status', '=', 'failed')
      .where('hour_at', '>=', from)
      .where('hour_at', '<', to)
      .where(sql<boolean>`direction <> 'inbound'`);
  const rows = await authFailed(range.since - t.baselineDays * DAY_MS, range.until)
    .select((eb) => ['hour_at', eb.fn.sum<number>('recipients').as('recipients')])
    .groupBy('hour_at')
    .execute();
  const counts = new Map(rows.map((r) => [toNumber(r.hour_at), toNumber(r.recipients)]));
  const flagged = flagAuthSpikes(counts, range, firstHour, t);
  const alerts: TraceAlert[] = [];
  for (const [from, last] of hourRuns(flagged.map((f) => f.hour), HOUR_MS)) {
    const to = last + HOUR_MS;
    const episode = flagged.filter((f) => f.hour >= from && f.hour <= last);
    const failures = episode.reduce((n, f) => n + f.failures, 0);
    const peak = episode.reduce((a, b) => (b.failures > a.failures ? b : a));
    const detail = await authFailed(from, to)
      .select((eb) => ['status_code', 'recipient_domain', eb.fn.sum<number>('recipients').as('recipients')])
      .groupBy(['status_code', 'recipient_domain'])
      .execute();
    const top = (key: 'status_code' | 'recipient_domain') => {
      const sums = new Map<string, number>();
      for (const row of detail) sums.set(row[key], (sums.get(row[key]) ?? 0) + toNumber(row.recipients));
      return [...sums.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([value, recipients]) => ({ value: value || null, recipients }));
    };
    alerts.push(makeTraceAlert(CODE, { kind: 'organisation', value: 'outgoing mail' }, { from, to },
      `${formatCount(failures)} recipients refused our mail for SPF/DKIM/DMARC from ${formatIso(from)} to ${formatIso(to)} (peak ${formatCount(peak.failures)} in an hour; usually ${formatCount(peak.baselineMedian)})`,
      {
        failures, hours: episode.length, peakHour: isoTime(peak.hour), peakHourFailures: peak.failures, baselineMedianPerHour: peak.baselineMedian,
        threshold: Number(peak.threshold.toFixed(1)),
        topStatusCodes: top('status_code').map((c) => ({ statusCode: c.value, recipients: c.recipients })),
        topDomains: top('recipient_domain').map((c) => ({ domain: c.value, recipients: c.recipients })),
      }));
  }
  return alerts;
}
