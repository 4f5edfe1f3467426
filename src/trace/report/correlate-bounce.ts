/**
 * `trace correlate`: ties one analysed bounce (analyzeBounce, as `explain` reads it) to the
 * stored trace of the message that bounced.
 *
 * - `message-id`: the returned original's Message-ID is stored (the strong match: the trace
 *   and the NDR describe the same message).
 * - `recipient-sender-time`, `recipient-time` (weaker, said so in the output): no Message-ID,
 *   or none stored; a message to a failed recipient of the bounce, from the original's sender
 *   when the bounce names it, counted within a window around the original's Date (2 hours
 *   either side) or before the bounce's own Date (3 days: Exchange Online retries for about
 *   two days before it gives up, microsoft-365-mail-facts.md 4.4.7), closest in time first.
 * @module
 */
import type { Kysely } from 'kysely';
import { firstAddress } from '../../core/email-address.js';
import type { BounceReport } from '../../ndr/types.js';
import { queryMessageTimeline } from '../queries/query-message-timeline.js';
import { queryTraceByRecipient } from '../queries/query-trace-by-recipient.js';
import type { TraceDatabase } from '../store/trace-store.js';
import { DAY_MS, HOUR_MS } from '../summary/summary-tables.js';
import { explainTraceMessage, type TraceMessageView } from './explain-trace-message.js';

export type CorrelationMatch = 'message-id' | 'recipient-sender-time' | 'recipient-time' | 'none';

export interface BounceCorrelation {
  match: CorrelationMatch;
  /** Why the match is what it is, in words. */
  note: string;
  messages: TraceMessageView[];
}

/** Messages shown per bounced recipient for a weak match. */
const WEAK_MATCHES_PER_RECIPIENT = 3;

/** The address of a From field: inside <...>, else the bare field (non-ASCII local parts too), else the first address in it. */
function fromAddress(field: string): string | null {
  const bracketed = /<([^<>\s]+@[^<>\s]+)>/.exec(field)?.[1];
  if (bracketed) return bracketed.toLowerCase();
  const bare = field.trim();
  if (/^[^\s@]+@[^\s@]+$/.test(bare)) return bare.toLowerCase();
  return firstAddress(field)?.toLowerCase() ?? null;
}

function parseDate(text: string | null | undefined): number | null {
  if (!text) return null;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? null : ms;
}

export async function correlateBounce(db: Kysely<TraceDatabase>, report: BounceReport): Promise<BounceCorrelation> {
  const messageId = report.original?.messageId?.trim() || null;
  if (messageId) {
    const found = await queryMessageTimeline(db, messageId);
    if (found.length > 0) return { match: 'message-id', note: `by the original's Message-ID ${messageId}`, messages: found.map(explainTraceMessage) };
  }
  const recipients = [...new Set(report.bounces.filter((b) => b.action !== 'delivered' && b.recipient).map((b) => b.recipient.toLowerCase()))];
  const sent = parseDate(report.original?.date);
  const bounced = parseDate(report.date);
  const sender = report.original?.from ? fromAddress(report.original.from) : null;
  const why = messageId ? `Message-ID ${messageId} is not in the trace database` : 'the bounce does not give the original Message-ID';
  if (recipients.length === 0 || (sent === null && bounced === null)) {
    return { match: 'none', note: `${why}, and it names no failed recipient with a date to look for`, messages: [] };
  }
  const near = sent ?? (bounced as number);
  const from = sent !== null ? sent - 2 * HOUR_MS : (bounced as number) - 3 * DAY_MS;
  const to = sent !== null ? sent + 2 * HOUR_MS : (bounced as number) + HOUR_MS;
  const keys: string[] = [];
  for (const recipient of recipients) {
    const rows = await queryTraceByRecipient(db, { recipient, sender, from, to, near, limit: WEAK_MATCHES_PER_RECIPIENT });
    for (const row of rows) if (!keys.includes(row.messageKey)) keys.push(row.messageKey);
  }
  if (keys.length === 0) return { match: 'none', note: `${why}; no stored message to ${recipients.join(', ')}${sender ? ` from ${sender}` : ''} in that time`, messages: [] };
  const messages: TraceMessageView[] = [];
  for (const key of keys) for (const rows of await queryMessageTimeline(db, key)) messages.push(explainTraceMessage(rows));
  const match: CorrelationMatch = sender ? 'recipient-sender-time' : 'recipient-time';
  return {
    match,
    note: `${why}: a weaker match by recipient${sender ? ', sender' : ''} and time (${new Date(from).toISOString()} to ${new Date(to).toISOString()}); check that it is the same message`,
    messages,
  };
}
