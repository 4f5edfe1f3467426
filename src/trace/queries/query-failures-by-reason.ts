/**
 * Failed recipients in a range by the reason of their latest failure text (trace_hour_outcomes).
 * @module
 */
import type { Kysely } from 'kysely';
import type { TraceDatabase } from '../store/trace-store.js';
import { toNumber, withSummaryTables } from '../summary/summary-tables.js';
import type { HourRange } from '../report/trace-report-types.js';

export async function queryFailuresByReason(db: Kysely<TraceDatabase>, range: HourRange): Promise<Array<{ reason: string; recipients: number }>> {
  const rows = await withSummaryTables(db)
    .selectFrom('trace_hour_outcomes')
    .select((eb) => ['reason', eb.fn.sum<number>('recipients').as('recipients')])
    .where('status', '=', 'failed')
    .where('hour_at', '>=', range.since)
    .where('hour_at', '<', range.until)
    .groupBy('reason')
    .execute();
  return rows.map((r) => ({ reason: r.reason, recipients: toNumber(r.recipients) })).sort((a, b) => b.recipients - a.recipients || a.reason.localeCompare(b.reason));
}
