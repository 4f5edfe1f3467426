/**
 * The recipient domains with the most failed recipients in a range, each with its failure
 * rate in the equal period before, per UTC day over the last days of the range, and its most
 * common status code (trace_hour_outcomes).
 * @module
 */
import { sql, type Kysely } from 'kysely';
import type { TraceDatabase } from '../store/trace-store.js';
import { DAY_MS, toNumber, withSummaryTables } from '../summary/summary-tables.js';
import type { FailingDomainTrend, HourRange, PeriodRate, TrendDirection } from '../report/trace-report-types.js';

/** Days shown per domain (the last ones of the range). */
export const TREND_DAYS = 14;
/** Fewest recipients in a period for its rate to be compared. */
const MIN_TREND_RECIPIENTS = 20;
/** A change of the failure rate smaller than this (absolute) is steady. */
const STEADY_RATE_CHANGE = 0.05;

const rate = (total: number, failed: number): PeriodRate => ({ total, failed, failureRate: total > 0 ? failed / total : null });

/** rising / falling / steady between two rates; `new` when the earlier one has too little mail. */
export function trendBetween(before: PeriodRate, after: PeriodRate): TrendDirection {
  if (before.total < MIN_TREND_RECIPIENTS || before.failureRate === null) return 'new';
  const change = (after.failureRate ?? 0) - before.failureRate;
  if (Math.abs(change) < STEADY_RATE_CHANGE) return 'steady';
  return change > 0 ? 'rising' : 'falling';
}

function sumDays(days: FailingDomainTrend['perDay']): PeriodRate {
  const total = days.reduce((n, d) => n + d.total, 0);
  return rate(total, days.reduce((n, d) => n + d.failed, 0));
}

/** The recipients of a summary row that failed (summed per domain and period or day). */
const FAILED_RECIPIENTS = sql<number>`CASE WHEN status = 'failed' THEN recipients ELSE 0 END`;

export async function queryFailingDomainTrends(db: Kysely<TraceDatabase>, range: HourRange, limit: number): Promise<FailingDomainTrend[]> {
  const sdb = withSummaryTables(db);
  const length = range.until - range.since;
  const previousSince = range.since - length;
  // Literals, not parameters: PostgreSQL matches a grouped expression to the selected one by its text.
  const current = sql<number>`CASE WHEN hour_at >= ${sql.lit(range.since)} THEN 1 ELSE 0 END`;
  const rows = await sdb
    .selectFrom('trace_hour_outcomes')
    .select((eb) => [
      'recipient_domain',
      current.as('current'),
      eb.fn.sum<number>('recipients').as('total'),
      eb.fn.sum<number>(FAILED_RECIPIENTS).as('failed'),
    ])
    .where('hour_at', '>=', previousSince)
    .where('hour_at', '<', range.until)
    .groupBy(['recipient_domain', current])
    .execute();
  const periods = new Map<string, { current: PeriodRate; previous: PeriodRate }>();
  for (const row of rows) {
    let entry = periods.get(row.recipient_domain);
    if (!entry) periods.set(row.recipient_domain, (entry = { current: rate(0, 0), previous: rate(0, 0) }));
    const value = rate(toNumber(row.total), toNumber(row.failed));
    if (toNumber(row.current) === 1) entry.current = value;
    else entry.previous = value;
  }
  const top = [...periods.entries()]
    .filter(([, p]) => p.current.failed > 0)
    .sort((a, b) => b[1].current.failed - a[1].current.failed || a[0].localeCompare(b[0]))
    .slice(0, limit);
  if (top.length === 0) return [];
  const domains = top.map(([domain]) => domain);
  const dayStart = Math.max(range.since, Math.floor(range.until / DAY_MS) * DAY_MS - (TREND_DAYS - 1) * DAY_MS);
  const day = sql<number>`(hour_at / ${sql.lit(DAY_MS)}) * ${sql.lit(DAY_MS)}`;
  const dayRows = await sdb
    .selectFrom('trace_hour_outcomes')
    .select((eb) => [
      'recipient_domain',
      day.as('day'),
      eb.fn.sum<number>('recipients').as('total'),
      eb.fn.sum<number>(FAILED_RECIPIENTS).as('failed'),
    ])
    .where('recipient_domain', 'in', domains)
    .where('hour_at', '>=', dayStart)
    .where('hour_at', '<', range.until)
    .groupBy(['recipient_domain', day])
    .execute();
  const codeRows = await sdb
    .selectFrom('trace_hour_outcomes')
    .select((eb) => ['recipient_domain', 'status_code', eb.fn.sum<number>('recipients').as('recipients')])
    .where('recipient_domain', 'in', domains)
    .where('status', '=', 'failed')
    .where('status_code', '<>', '')
    .where('hour_at', '>=', range.since)
    .where('hour_at', '<', range.until)
    .groupBy(['recipient_domain', 'status_code'])
    .execute();
  return top.map(([domain, p]) => {
    const perDay = dayRows
      .filter((r) => r.recipient_domain === domain)
      .map((r) => ({ day: toNumber(r.day), ...rate(toNumber(r.total), toNumber(r.failed)) }))
      .sort((a, b) => a.day - b.day);
    const half = Math.floor(perDay.length / 2);
    const usePrevious = p.previous.total >= MIN_TREND_RECIPIENTS;
    const codes = codeRows.filter((r) => r.recipient_domain === domain).sort((a, b) => toNumber(b.recipients) - toNumber(a.recipients) || a.status_code.localeCompare(b.status_code));
    return {
      domain,
      current: p.current,
      previous: p.previous,
      perDay,
      trend: usePrevious ? trendBetween(p.previous, p.current) : trendBetween(sumDays(perDay.slice(0, half)), sumDays(perDay.slice(perDay.length - half))),
      trendBasis: usePrevious ? 'previous-period' : 'days',
      topStatusCode: codes[0]?.status_code ?? null,
    };
  });
}
