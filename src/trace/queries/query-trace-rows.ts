/**
 * `maildoctor trace query`: stored message/recipient rows matching filters, newest first.
 * Kysely only, so it runs unchanged on SQLite and PostgreSQL.
 * @module
 */
import { sql, type Kysely } from 'kysely';
import type { TraceDatabase } from '../store/trace-store.js';
import type { DeliveryStatus, TraceDirection } from '../types.js';

export interface TraceQueryFilters {
  /** Address, or a pattern with `*` (`*@example.com`). */
  sender?: string | undefined;
  recipient?: string | undefined;
  /** Sender's or recipient's domain. */
  domain?: string | undefined;
  status?: DeliveryStatus | undefined;
  /** Inclusive lower bound, ms UTC. */
  since?: number | undefined;
  /** Exclusive upper bound, ms UTC. */
  until?: number | undefined;
  /** Message-ID (with or without <>), message trace id or network message id. */
  messageId?: string | undefined;
  /** Text contained in the subject (case-insensitive for ASCII). */
  subject?: string | undefined;
  direction?: TraceDirection | undefined;
  /** From, to or original client IP. */
  ip?: string | undefined;
  /** Most rows returned; 0 = all. */
  limit?: number | undefined;
}

export interface TraceQueryRow {
  receivedAt: number | null;
  sender: string | null;
  recipient: string;
  subject: string | null;
  status: string | null;
  statusAt: number | null;
  direction: string | null;
  messageId: string | null;
  messageKey: string;
  fromIp: string | null;
  toIp: string | null;
  size: number | null;
}

function likePattern(value: string, wildcard: boolean): string {
  const escaped = value.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c);
  return wildcard ? escaped.replace(/\*/g, '%') : `%${escaped}%`;
}

export async function queryTraceRows(db: Kysely<TraceDatabase>, filters: TraceQueryFilters): Promise<TraceQueryRow[]> {
  let query = db
    .selectFrom('trace_recipients as r')
    .innerJoin('trace_messages as m', 'm.message_key', 'r.message_key')
    .select([
      'm.received_at as receivedAt', 'm.sender as sender', 'r.recipient as recipient', 'm.subject as subject',
      'r.status as status', 'r.status_at as statusAt', 'm.direction as direction', 'm.message_id as messageId',
      'r.message_key as messageKey', 'm.from_ip as fromIp', 'm.to_ip as toIp', 'm.size as size',
    ]);
  const address = (column: 'm.sender' | 'r.recipient', value: string) =>
    value.includes('*') ? sql<boolean>`${sql.ref(column)} LIKE ${likePattern(value, true)} ESCAPE '\\'` : sql<boolean>`${sql.ref(column)} = ${value.toLowerCase()}`;
  if (filters.sender) query = query.where(address('m.sender', filters.sender));
  if (filters.recipient) query = query.where(address('r.recipient', filters.recipient));
  if (filters.domain) {
    const domain = filters.domain.toLowerCase().replace(/^@/, '');
    query = query.where((eb) => eb.or([eb('r.recipient_domain', '=', domain), eb('m.sender_domain', '=', domain)]));
  }
  if (filters.status) query = query.where('r.status', '=', filters.status);
  const time = sql<number>`COALESCE(m.received_at, r.status_at)`;
  if (filters.since !== undefined) query = query.where(time, '>=', filters.since);
  if (filters.until !== undefined) query = query.where(time, '<', filters.until);
  if (filters.messageId) {
    const raw = filters.messageId.trim();
    const bare = raw.replace(/^<(.*)>$/, '$1');
    const lower = bare.toLowerCase();
    query = query.where((eb) => eb.or([
      eb('m.message_id', 'in', [`<${bare}>`, bare]),
      eb('m.message_key', 'in', [lower, `mid:<${lower}>`, `mid:${lower}`]),
      eb('m.network_message_id', '=', lower),
    ]));
  }
  if (filters.subject) query = query.where(sql<boolean>`LOWER(m.subject) LIKE ${likePattern(filters.subject, false)} ESCAPE '\\'`);
  if (filters.direction) query = query.where('m.direction', '=', filters.direction);
  if (filters.ip) {
    const ip = filters.ip.trim();
    query = query.where((eb) => eb.or([eb('m.from_ip', '=', ip), eb('m.to_ip', '=', ip), eb('m.client_ip', '=', ip)]));
  }
  query = query.orderBy(time, 'desc').orderBy('r.recipient').orderBy('r.message_key');
  if (filters.limit) query = query.limit(filters.limit);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, receivedAt: row.receivedAt === null ? null : Number(row.receivedAt), statusAt: row.statusAt === null ? null : Number(row.statusAt), size: row.size === null ? null : Number(row.size) }));
}
