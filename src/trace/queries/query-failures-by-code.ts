/**
 * Failed recipients in a range by the status code, reason and code entry of their latest
 * failure text (trace_hour_outcomes); the report adds each code's knowledge.
 * @module
 */
import type { Kysely } from 'kysely';
import type { TraceDatabase } from '../store/trace-store.js';
import { toNumber, withSummaryTables } from '../summary/summary-tables.js';
import type { HourRange } from '../report/trace-report-types.js';

export interface FailureCodeRow {
  /** '' when the recipient has no failure text in the store. */
  statusCode: string;
  reason: string;
  codeId: string;
  recipients: number;
}

export async function queryFailuresByCode(db: Kysely<TraceDatabase>, range: HourRange): Promise<FailureCodeRow[]> {
  const rows = await withSummaryTables(db)
    .selectFrom('trace_hour_outcomes')
    .select((eb) => ['status_code', 'reason', 'code_id', eb.fn.sum<number>('recipients').as('recipients')])
    .where('status', '=', 'failed')
    .where('hour_at', '>=', range.since)
    .where('hour_at', '<', range.until)
    .groupBy(['status_code', 'reason', 'code_id'])
    .execute();
  return rows
    .map((r) => ({ statusCode: r.status_code, reason: r.reason, codeId: r.code_id, recipients: toNumber(r.recipients) }))
    .sort((a, b) => b.recipients - a.recipients || a.statusCode.localeCompare(b.statusCode) || a.reason.localeCompare(b.reason));
}
