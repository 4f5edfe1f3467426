/**
 * `trace.long-pending`: recipients still pending (Exchange Online's Pending or GettingStatus)
 * `minHours` or more at the report's end: later than Exchange's own delay notification (4 hours
 * by default), while it keeps retrying for about two days (kb/trace-alerts.json). Read from
 * the stored rows through the status index (pending rows are few), with the latest deferral
 * text of the oldest ones and its NDR knowledge.
 * @module
 */
import { sql, type Kysely } from 'kysely';
import type { TraceDatabase } from '../../store/trace-store.js';
import { classifyTraceFailure } from '../../summary/classify-trace-failure.js';
import { HOUR_MS, toNumber } from '../../summary/summary-tables.js';
import { FAILURE_EVENTS } from '../../types.js';
import { alertThreshold } from '../trace-report-knowledge.js';
import type { HourRange, TraceAlert } from '../trace-report-types.js';
import { formatCount, formatIso, isoTime, makeTraceAlert } from './make-trace-alert.js';

const CODE = 'trace.long-pending';
/** Oldest pending recipients shown as examples. */
const EXAMPLES = 10;

interface PendingRow {
  message_key: string;
  recipient: string;
  recipient_domain: string;
  sender: string | null;
  message_id: string | null;
  seen_at: number;
}

export async function detectLongPending(db: Kysely<TraceDatabase>, range: HourRange): Promise<TraceAlert[]> {
  const minHours = alertThreshold(CODE, 'minHours');
  const olderThan = range.until - minHours * HOUR_MS;
  if (olderThan <= range.since) return [];
  const { rows } = await sql<PendingRow>`
    SELECT r.message_key AS message_key, r.recipient AS recipient, r.recipient_domain AS recipient_domain, m.sender AS sender,
      m.message_id AS message_id, COALESCE(m.received_at, r.status_at) AS seen_at
    FROM trace_recipients r CROSS JOIN trace_messages m
    WHERE r.status IN ('pending', 'getting-status') AND m.message_key = r.message_key
      AND COALESCE(m.received_at, r.status_at) >= ${range.since} AND COALESCE(m.received_at, r.status_at) < ${olderThan}`.execute(db);
  if (rows.length === 0) return [];
  const pending = rows.map((r) => ({ ...r, seen_at: toNumber(r.seen_at) })).sort((a, b) => a.seen_at - b.seen_at || a.recipient.localeCompare(b.recipient));
  const byDomain = new Map<string, number>();
  for (const row of pending) byDomain.set(row.recipient_domain, (byDomain.get(row.recipient_domain) ?? 0) + 1);
  const examples = [];
  for (const row of pending.slice(0, EXAMPLES)) {
    const text = await sql<{ detail: string }>`
      SELECT e.detail AS detail FROM trace_events e
      WHERE e.message_key = ${row.message_key} AND e.recipient = ${row.recipient}
        AND e.event IN (${sql.join(FAILURE_EVENTS.map((e) => sql.lit(e)))}) AND e.detail IS NOT NULL AND e.detail <> ''
      ORDER BY e.event_at DESC LIMIT 1`.execute(db);
    const detail = text.rows[0]?.detail ?? null;
    const known = detail ? classifyTraceFailure(detail, { deferred: true, recipient: row.recipient }) : null;
    examples.push({
      messageKey: row.message_key, messageId: row.message_id, sender: row.sender, recipient: row.recipient, since: isoTime(row.seen_at),
      hoursPending: Math.floor((range.until - row.seen_at) / HOUR_MS), deferral: detail, statusCode: known?.statusCode ?? null, reason: known?.reason ?? null,
    });
  }
  const oldest = pending[0] as PendingRow;
  const domains = [...byDomain.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10).map(([domain, recipients]) => ({ domain, recipients }));
  return [makeTraceAlert(CODE, { kind: 'organisation', value: 'pending mail' }, { from: oldest.seen_at, to: range.until },
    `${formatCount(pending.length)} recipients have been pending for ${minHours} hours or more at ${formatIso(range.until)}; the oldest since ${formatIso(oldest.seen_at)}${domains[0] ? `; most at ${domains[0].domain} (${formatCount(domains[0].recipients)})` : ''}`,
    { recipients: pending.length, minHours, endTime: isoTime(range.until), oldest: isoTime(oldest.seen_at), byDomain: domains, examples })];
}
