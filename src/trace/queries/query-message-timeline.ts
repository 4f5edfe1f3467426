/**
 * `trace message ID`: every stored message whose Message-ID (with or without <>), message
 * trace id or network message id is ID, with its recipients and all their events in time order.
 * The trace id and the network message id are the message key (Exchange Online sets one to
 * the other; see trace-vocabulary.ts messageKey), so each term is an index look-up. Kysely
 * only (both stores).
 * @module
 */
import type { Kysely } from 'kysely';
import type { TraceDatabase } from '../store/trace-store.js';
import { toNumber } from '../summary/summary-tables.js';

export interface TimelineMessage {
  messageKey: string;
  messageId: string | null;
  messageTraceId: string | null;
  networkMessageId: string | null;
  sender: string | null;
  subject: string | null;
  size: number | null;
  direction: string | null;
  fromIp: string | null;
  toIp: string | null;
  clientIp: string | null;
  receivedAt: number | null;
}

export interface TimelineRecipient {
  recipient: string;
  status: string | null;
  statusAt: number | null;
}

export interface TimelineEvent {
  at: number;
  recipient: string;
  event: string;
  action: string | null;
  detail: string | null;
  data: string | null;
}

export interface MessageTimelineRows {
  message: TimelineMessage;
  recipients: TimelineRecipient[];
  events: TimelineEvent[];
}

/** Most messages returned for one id (a Message-ID shared by an inbound and an outbound copy, and so on). */
const MAX_MESSAGES = 50;

const nullableNumber = (value: unknown): number | null => (value === null || value === undefined ? null : toNumber(value));

export async function queryMessageTimeline(db: Kysely<TraceDatabase>, id: string): Promise<MessageTimelineRows[]> {
  const bare = id.trim().replace(/^<(.*)>$/, '$1');
  if (!bare) return [];
  const lower = bare.toLowerCase();
  const messages = await db
    .selectFrom('trace_messages')
    .selectAll()
    .where((eb) => eb.or([
      eb('message_id', 'in', [`<${bare}>`, bare]),
      eb('message_key', 'in', [lower, `mid:<${lower}>`, `mid:${lower}`]),
    ]))
    .orderBy('received_at')
    .orderBy('message_key')
    .limit(MAX_MESSAGES)
    .execute();
  const result: MessageTimelineRows[] = [];
  for (const m of messages) {
    const recipients = await db
      .selectFrom('trace_recipients')
      .select(['recipient', 'status', 'status_at'])
      .where('message_key', '=', m.message_key)
      .orderBy('recipient')
      .execute();
    const events = await db
      .selectFrom('trace_events')
      .select(['event_at', 'recipient', 'event', 'action', 'detail', 'data'])
      .where('message_key', '=', m.message_key)
      .orderBy('event_at')
      .orderBy('recipient')
      .orderBy('event')
      .execute();
    result.push({
      message: {
        messageKey: m.message_key, messageId: m.message_id, messageTraceId: m.message_trace_id, networkMessageId: m.network_message_id,
        sender: m.sender, subject: m.subject, size: nullableNumber(m.size), direction: m.direction, fromIp: m.from_ip, toIp: m.to_ip,
        clientIp: m.client_ip, receivedAt: nullableNumber(m.received_at),
      },
      recipients: recipients.map((r) => ({ recipient: r.recipient, status: r.status, statusAt: nullableNumber(r.status_at) })),
      events: events.map((e) => ({ at: toNumber(e.event_at), recipient: e.recipient, event: e.event, action: e.action, detail: e.detail, data: e.data })),
    });
  }
  return result;
}
