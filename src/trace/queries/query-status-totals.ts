/**
 * Recipients by delivery status in a range (trace_hour_outcomes), and the report's totals.
 * @module
 */
import type { Kysely } from 'kysely';
import type { TraceDatabase } from '../store/trace-store.js';
import { toNumber, withSummaryTables } from '../summary/summary-tables.js';
import type { HourRange, StatusCount, TraceTotals } from '../report/trace-report-types.js';

export async function queryStatusCounts(db: Kysely<TraceDatabase>, range: HourRange): Promise<StatusCount[]> {
  const rows = await withSummaryTables(db)
    .selectFrom('trace_hour_outcomes')
    .select((eb) => ['status', eb.fn.sum<number>('recipients').as('recipients')])
    .where('hour_at', '>=', range.since)
    .where('hour_at', '<', range.until)
    .groupBy('status')
    .execute();
  return rows.map((r) => ({ status: r.status || 'none', recipients: toNumber(r.recipients) })).sort((a, b) => b.recipients - a.recipients || a.status.localeCompare(b.status));
}

/** Pending counts Exchange Online's `Pending` and `GettingStatus` (no final status yet). */
export function totalsOf(counts: readonly StatusCount[]): TraceTotals {
  const of = (...statuses: string[]): number => counts.filter((c) => statuses.includes(c.status)).reduce((n, c) => n + c.recipients, 0);
  const total = counts.reduce((n, c) => n + c.recipients, 0);
  const delivered = of('delivered');
  return { total, delivered, failed: of('failed'), pending: of('pending', 'getting-status'), deliveryRate: total > 0 ? delivered / total : null };
}
