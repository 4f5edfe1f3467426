/**
 * Recipients per recipient domain and status in a range (trace_hour_outcomes), most failures
 * first.
 * @module
 */
import type { Kysely } from 'kysely';
import type { TraceDatabase } from '../store/trace-store.js';
import { toNumber, withSummaryTables } from '../summary/summary-tables.js';
import type { DomainTraffic, HourRange } from '../report/trace-report-types.js';

export async function queryTrafficByDomain(db: Kysely<TraceDatabase>, range: HourRange, limit: number): Promise<DomainTraffic[]> {
  const rows = await withSummaryTables(db)
    .selectFrom('trace_hour_outcomes')
    .select((eb) => ['recipient_domain', 'status', eb.fn.sum<number>('recipients').as('recipients')])
    .where('hour_at', '>=', range.since)
    .where('hour_at', '<', range.until)
    .groupBy(['recipient_domain', 'status'])
    .execute();
  const byDomain = new Map<string, DomainTraffic>();
  for (const row of rows) {
    const domain = row.recipient_domain || '(none)';
    let entry = byDomain.get(domain);
    if (!entry) byDomain.set(domain, (entry = { domain, total: 0, delivered: 0, failed: 0, pending: 0, failureRate: 0 }));
    const n = toNumber(row.recipients);
    entry.total += n;
    if (row.status === 'delivered') entry.delivered += n;
    else if (row.status === 'failed') entry.failed += n;
    else if (row.status === 'pending' || row.status === 'getting-status') entry.pending += n;
  }
  const list = [...byDomain.values()];
  for (const entry of list) entry.failureRate = entry.total > 0 ? entry.failed / entry.total : 0;
  return list.sort((a, b) => b.failed - a.failed || b.total - a.total || a.domain.localeCompare(b.domain)).slice(0, limit);
}
