/**
 * The hours the report summaries hold: the default range of `trace report` (everything
 * stored). Reads the first and last key of trace_hour_outcomes (its primary key starts with the
 * hour), so it costs two index look-ups on either store.
 * @module
 */
import type { Kysely } from 'kysely';
import type { TraceDatabase } from '../store/trace-store.js';
import { HOUR_MS, toNumber, withSummaryTables } from '../summary/summary-tables.js';
import type { HourRange } from '../report/trace-report-types.js';

export async function queryReportSpan(db: Kysely<TraceDatabase>): Promise<HourRange | null> {
  const sdb = withSummaryTables(db);
  const first = await sdb.selectFrom('trace_hour_outcomes').select('hour_at').orderBy('hour_at', 'asc').limit(1).executeTakeFirst();
  const last = await sdb.selectFrom('trace_hour_outcomes').select('hour_at').orderBy('hour_at', 'desc').limit(1).executeTakeFirst();
  if (!first || !last) return null;
  return { since: toNumber(first.hour_at), until: toNumber(last.hour_at) + HOUR_MS };
}
