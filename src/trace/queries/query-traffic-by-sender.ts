/**
 * Messages, recipients and failed recipients per sender in a range (trace_hour_senders), most
 * failures first, then most recipients.
 * @module
 */
import type { Kysely } from 'kysely';
import type { TraceDatabase } from '../store/trace-store.js';
import { toNumber, withSummaryTables } from '../summary/summary-tables.js';
import type { HourRange, SenderTraffic } from '../report/trace-report-types.js';

export async function queryTrafficBySender(db: Kysely<TraceDatabase>, range: HourRange, limit: number): Promise<SenderTraffic[]> {
  const rows = await withSummaryTables(db)
    .selectFrom('trace_hour_senders')
    .select((eb) => [
      'sender',
      eb.fn.sum<number>('messages').as('messages'),
      eb.fn.sum<number>('recipients').as('recipients'),
      eb.fn.sum<number>('failed').as('failed'),
    ])
    .where('hour_at', '>=', range.since)
    .where('hour_at', '<', range.until)
    .where('sender', '<>', '')
    .groupBy('sender')
    .execute();
  return rows
    .map((r) => {
      const recipients = toNumber(r.recipients);
      const failed = toNumber(r.failed);
      return { sender: r.sender, messages: toNumber(r.messages), recipients, failed, failureRate: recipients > 0 ? failed / recipients : 0 };
    })
    .sort((a, b) => b.failed - a.failed || b.recipients - a.recipients || a.sender.localeCompare(b.sender))
    .slice(0, limit);
}
