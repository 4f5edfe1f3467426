/**
 * Recipients per hour and status in a range (trace_hour_outcomes); every hour of the range is
 * listed, quiet ones with zeros.
 * @module
 */
import type { Kysely } from 'kysely';
import type { TraceDatabase } from '../store/trace-store.js';
import { HOUR_MS, toNumber, withSummaryTables } from '../summary/summary-tables.js';
import type { HourRange, HourTraffic } from '../report/trace-report-types.js';

export async function queryTrafficByHour(db: Kysely<TraceDatabase>, range: HourRange): Promise<HourTraffic[]> {
  const rows = await withSummaryTables(db)
    .selectFrom('trace_hour_outcomes')
    .select((eb) => ['hour_at', 'status', eb.fn.sum<number>('recipients').as('recipients')])
    .where('hour_at', '>=', range.since)
    .where('hour_at', '<', range.until)
    .groupBy(['hour_at', 'status'])
    .execute();
  const byHour = new Map<number, HourTraffic>();
  for (let hour = range.since; hour < range.until; hour += HOUR_MS) byHour.set(hour, { hour, total: 0, delivered: 0, failed: 0, pending: 0 });
  for (const row of rows) {
    const entry = byHour.get(toNumber(row.hour_at));
    if (!entry) continue;
    const n = toNumber(row.recipients);
    entry.total += n;
    if (row.status === 'delivered') entry.delivered += n;
    else if (row.status === 'failed') entry.failed += n;
    else if (row.status === 'pending' || row.status === 'getting-status') entry.pending += n;
  }
  return [...byHour.values()];
}
