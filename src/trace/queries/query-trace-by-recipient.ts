/**
 * Stored messages to a recipient (optionally from one sender) counted at a time within a
 * window, closest to a given time first: how `trace correlate` finds the trace of a bounce
 * whose original Message-ID is unknown. Uses the recipient index of trace_recipients.
 * @module
 */
import { sql, type Kysely } from 'kysely';
import type { TraceDatabase } from '../store/trace-store.js';
import { toNumber } from '../summary/summary-tables.js';

export interface RecipientMatchQuery {
  recipient: string;
  sender?: string | null | undefined;
  /** Inclusive, ms UTC. */
  from: number;
  /** Exclusive, ms UTC. */
  to: number;
  /** The time the match should be closest to. */
  near: number;
  limit: number;
}

export interface RecipientMatchRow {
  messageKey: string;
  seenAt: number;
}

export async function queryTraceByRecipient(db: Kysely<TraceDatabase>, q: RecipientMatchQuery): Promise<RecipientMatchRow[]> {
  const seen = sql<number>`COALESCE(m.received_at, r.status_at)`;
  let query = db
    .selectFrom('trace_recipients as r')
    .innerJoin('trace_messages as m', 'm.message_key', 'r.message_key')
    .select(['r.message_key as messageKey', seen.as('seenAt')])
    .where('r.recipient', '=', q.recipient.toLowerCase())
    .where(seen, '>=', q.from)
    .where(seen, '<', q.to);
  if (q.sender) query = query.where('m.sender', '=', q.sender.toLowerCase());
  const rows = await query.execute();
  return rows
    .map((r) => ({ messageKey: r.messageKey, seenAt: toNumber(r.seenAt) }))
    .sort((a, b) => Math.abs(a.seenAt - q.near) - Math.abs(b.seenAt - q.near) || a.messageKey.localeCompare(b.messageKey))
    .slice(0, q.limit);
}
