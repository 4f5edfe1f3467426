/**
 * `trace.sender-near-recipient-limit` and `trace.sender-near-rate-limit`: one of our senders
 * reaches `nearFraction` of Exchange Online's sending limits (kb/exchange-online-limits.json:
 * 10,000 recipients per rolling 24 hours, 30 messages a minute). A person does not come close
 * to either; a compromised account or a script does.
 *
 * Recipients are summed over 24 consecutive whole hours (the summaries are hourly, so the
 * largest such window is what the trace can show of the rolling day); minutes are read from
 * the messages' received times, only for the senders whose hours (trace_hour_senders) could
 * hold such a minute.
 * @module
 */
import { sql, type Kysely } from 'kysely';
import type { TraceDatabase } from '../../store/trace-store.js';
import { DAY_MS, HOUR_MS, toNumber, withSummaryTables } from '../../summary/summary-tables.js';
import { alertThreshold, exchangeLimit } from '../trace-report-knowledge.js';
import type { HourRange, TraceAlert } from '../trace-report-types.js';
import { formatCount, formatIso, hourRuns, isoTime, makeTraceAlert } from './make-trace-alert.js';

const MINUTE_MS = 60_000;
const notInbound = sql<boolean>`direction <> 'inbound'`;

export interface DayWindow {
  /** First hour of the 24-hour window. */
  from: number;
  recipients: number;
}

/** The 24 consecutive hours with the most recipients among windows ending inside [since, until) (pure). */
export function busiestDay(hours: ReadonlyArray<{ hour: number; recipients: number }>, range: HourRange): DayWindow | null {
  const sorted = [...hours].sort((a, b) => a.hour - b.hour);
  let best: DayWindow | null = null;
  let sum = 0;
  let start = 0;
  for (const entry of sorted) {
    sum += entry.recipients;
    while ((sorted[start] as { hour: number }).hour <= entry.hour - DAY_MS) sum -= (sorted[start++] as { recipients: number }).recipients;
    if (entry.hour >= range.since && entry.hour < range.until && (!best || sum > best.recipients)) {
      best = { from: entry.hour - DAY_MS + HOUR_MS, recipients: sum };
    }
  }
  return best;
}

async function nearRecipientLimit(db: Kysely<TraceDatabase>, range: HourRange): Promise<TraceAlert[]> {
  const code = 'trace.sender-near-recipient-limit';
  const limit = exchangeLimit('recipients-per-day').value;
  const near = alertThreshold(code, 'nearFraction') * limit;
  const sdb = withSummaryTables(db);
  const from = range.since - DAY_MS + HOUR_MS;
  // A window of 24 hours with `near` recipients has at least half of them in one UTC day.
  const day = sql<number>`(hour_at / ${sql.lit(DAY_MS)}) * ${sql.lit(DAY_MS)}`;
  const candidates = await sdb
    .selectFrom('trace_hour_senders')
    .select((eb) => ['sender', day.as('day'), eb.fn.sum<number>('recipients').as('recipients')])
    .where('hour_at', '>=', from)
    .where('hour_at', '<', range.until)
    .where('sender', '<>', '')
    .where(notInbound)
    .groupBy(['sender', day])
    .having((eb) => eb(eb.fn.sum('recipients'), '>=', near / 2))
    .execute();
  const alerts: TraceAlert[] = [];
  for (const sender of [...new Set(candidates.map((c) => c.sender))].sort()) {
    const rows = await sdb
      .selectFrom('trace_hour_senders')
      .select((eb) => ['hour_at', eb.fn.sum<number>('recipients').as('recipients')])
      .where('sender', '=', sender)
      .where('hour_at', '>=', from)
      .where('hour_at', '<', range.until)
      .where(notInbound)
      .groupBy('hour_at')
      .execute();
    const best = busiestDay(rows.map((r) => ({ hour: toNumber(r.hour_at), recipients: toNumber(r.recipients) })), range);
    if (!best || best.recipients < near) continue;
    alerts.push(makeTraceAlert(code, { kind: 'sender', value: sender }, { from: best.from, to: best.from + DAY_MS },
      `${sender} sent to ${formatCount(best.recipients)} recipients in the 24 hours from ${formatIso(best.from)}: ${Math.round((best.recipients / limit) * 100)}% of Exchange Online's ${formatCount(limit)} a day`,
      { recipients24h: best.recipients, limit, fractionOfLimit: Number((best.recipients / limit).toFixed(3)), windowStart: isoTime(best.from) }));
  }
  return alerts;
}

async function nearRateLimit(db: Kysely<TraceDatabase>, range: HourRange): Promise<TraceAlert[]> {
  const code = 'trace.sender-near-rate-limit';
  const limit = exchangeLimit('messages-per-minute').value;
  const near = Math.ceil(alertThreshold(code, 'nearFraction') * limit);
  // Only an hour with `near` messages can hold a minute with `near`; those are read minute by
  // minute from the messages (by the sender index), the rest never are.
  const candidates = await withSummaryTables(db)
    .selectFrom('trace_hour_senders')
    .select((eb) => ['sender', eb.fn.min<number>('hour_at').as('first'), eb.fn.max<number>('hour_at').as('last')])
    .where('hour_at', '>=', range.since)
    .where('hour_at', '<', range.until)
    .where('sender', '<>', '')
    .where('messages', '>=', near)
    .where(notInbound)
    .groupBy('sender')
    .execute();
  const alerts: TraceAlert[] = [];
  const minute = sql<number>`(received_at / ${sql.lit(MINUTE_MS)}) * ${sql.lit(MINUTE_MS)}`;
  for (const candidate of [...candidates].sort((a, b) => a.sender.localeCompare(b.sender))) {
    const rows = await db
      .selectFrom('trace_messages')
      .select((eb) => [minute.as('minute_at'), eb.fn.countAll<number>().as('messages')])
      .where('sender', '=', candidate.sender)
      .where('received_at', '>=', toNumber(candidate.first))
      .where('received_at', '<', toNumber(candidate.last) + HOUR_MS)
      .where(sql<boolean>`COALESCE(direction, '') <> 'inbound'`)
      .groupBy(minute)
      .having((eb) => eb(eb.fn.countAll(), '>=', near))
      .execute();
    const minutes = rows.map((r) => ({ at: toNumber(r.minute_at), messages: toNumber(r.messages) }));
    const hours = [...new Set(minutes.map((m) => Math.floor(m.at / HOUR_MS) * HOUR_MS))].sort((a, b) => a - b);
    for (const [from, to] of hourRuns(hours, HOUR_MS)) {
      const inEpisode = minutes.filter((m) => m.at >= from && m.at < to + HOUR_MS);
      const peak = Math.max(...inEpisode.map((m) => m.messages));
      alerts.push(makeTraceAlert(code, { kind: 'sender', value: candidate.sender }, { from, to: to + HOUR_MS },
        `${candidate.sender} sent up to ${formatCount(peak)} messages in one minute from ${formatIso(from)}: Exchange Online allows ${limit}`,
        { peakMessagesPerMinute: peak, limit, fractionOfLimit: Number((peak / limit).toFixed(2)), minutesAtOrNearLimit: inEpisode.length }));
    }
  }
  return alerts;
}

export async function detectSenderNearLimits(db: Kysely<TraceDatabase>, range: HourRange): Promise<TraceAlert[]> {
  return [...(await nearRecipientLimit(db, range)), ...(await nearRateLimit(db, range))];
}
