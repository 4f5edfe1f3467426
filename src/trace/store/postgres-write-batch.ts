/**
 * One batch of trace records into PostgreSQL with at most five statements, whatever the batch
 * size: no round trip per row. Each column travels as one array parameter and `unnest` turns
 * the arrays back into rows (PostgreSQL documentation, "Array Functions and Operators", unnest
 * with several arguments; "INSERT", ON CONFLICT and RETURNING).
 *
 * The counts and the final state are the ones the SQLite store reaches row by row: the
 * messages are upserted (a later non-empty value wins); each recipient row new to the store
 * goes in with its first record's state and comes back through RETURNING; the stored state of
 * the others is read with one statement; the events go in at once and the new ones come back.
 * The records are then walked in order in memory with the same latest-wins rule
 * (merge-status.ts), and one UPDATE writes the statuses that a later record changed. This is
 * exact only while no other writer changes the same rows meanwhile: the store holds an
 * advisory lock for the whole import, as SQLite's BEGIN IMMEDIATE does.
 * @module
 */
import type { ImportCounts, TraceRecord } from '../types.js';
import { shouldReplaceStatus, type StoredStatus } from './merge-status.js';
import { addressDomain, type CountTable } from './trace-store.js';

/** What the batch writer needs of a connection: `pg`'s Client and PoolClient have it. */
export interface SqlRunner {
  query<R>(text: string, values: unknown[]): Promise<{ rows: R[] }>;
}

const MESSAGE_COLUMNS = [
  'message_trace_id', 'network_message_id', 'message_id', 'sender', 'sender_domain', 'subject', 'size',
  'direction', 'from_ip', 'to_ip', 'client_ip', 'received_at',
] as const;
const BIGINT_COLUMNS = new Set<string>(['size', 'received_at']);

// A message seen again rewrites its row only when a value changes: an overlapping export then
// writes nothing (an UPDATE of an unchanged row still costs a new row version and index entries).
const UPSERT_MESSAGES = `INSERT INTO trace_messages AS t (message_key, ${MESSAGE_COLUMNS.join(', ')})
SELECT * FROM unnest($1::text[], ${MESSAGE_COLUMNS.map((c, i) => `$${i + 2}::${BIGINT_COLUMNS.has(c) ? 'bigint' : 'text'}[]`).join(', ')})
ON CONFLICT (message_key) DO UPDATE SET ${MESSAGE_COLUMNS.map((c) => `${c} = COALESCE(EXCLUDED.${c}, t.${c})`).join(', ')}
WHERE (${MESSAGE_COLUMNS.map((c) => `COALESCE(EXCLUDED.${c}, t.${c})`).join(', ')}) IS DISTINCT FROM (${MESSAGE_COLUMNS.map((c) => `t.${c}`).join(', ')})`;

// New recipient rows go in with the state of their first record; those that come back were new.
const INSERT_RECIPIENTS = `INSERT INTO trace_recipients (message_key, recipient, recipient_domain, status, status_at)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
ON CONFLICT (message_key, recipient) DO NOTHING
RETURNING message_key, recipient`;

// A plain join lets the planner hash the whole table for a mid-size one (a sequential scan per
// batch); the LATERAL subquery with LIMIT 1 is kept as a primary-key lookup per wanted row.
const SELECT_RECIPIENTS = `SELECT r.message_key, r.recipient, r.status, r.status_at
FROM unnest($1::text[], $2::text[]) AS wanted(message_key, recipient)
CROSS JOIN LATERAL (SELECT message_key, recipient, status, status_at FROM trace_recipients
  WHERE message_key = wanted.message_key AND recipient = wanted.recipient LIMIT 1) r`;

const INSERT_EVENTS = `INSERT INTO trace_events (message_key, recipient, event, event_at, action, detail, data)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[])
ON CONFLICT DO NOTHING
RETURNING message_key, recipient, event, event_at`;

// Written as an upsert of rows that all exist: each is found through the primary key, where an
// UPDATE ... FROM unnest could again be planned as a hash join over the whole table.
const UPDATE_RECIPIENTS = `INSERT INTO trace_recipients (message_key, recipient, recipient_domain, status, status_at)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
ON CONFLICT (message_key, recipient) DO UPDATE SET status = EXCLUDED.status, status_at = EXCLUDED.status_at`;

/** PostgreSQL text cannot hold U+0000 (SQLite can): it becomes U+FFFD, the replacement character. */
function text(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  return value.includes('\u0000') ? value.replace(/\u0000/g, '\uFFFD') : value;
}

const SEP = '\u0000';

interface RecipientState extends StoredStatus {
  /** The row existed before this batch. */
  stored: boolean;
  /** The state differs from the row as written so far. */
  changed: boolean;
  messageKey: string;
  recipient: string;
}

/** Message facts of the batch, merged per key in order (a later non-empty value wins, as COALESCE does row by row). */
function messageArrays(records: readonly TraceRecord[]): unknown[][] {
  const merged = new Map<string, Array<string | number | null>>();
  let last: TraceRecord['message'] | null = null;
  for (const record of records) {
    const m = record.message;
    if (m === last) continue;
    last = m;
    const values: Array<string | number | null> = [
      text(m.messageTraceId), text(m.networkMessageId), text(m.messageId), text(m.sender),
      m.sender ? addressDomain(m.sender) || null : null, text(m.subject), m.size ?? null, m.direction ?? null,
      text(m.fromIp), text(m.toIp), text(m.clientIp), m.receivedAt ?? null,
    ];
    const key = text(m.key) as string;
    const earlier = merged.get(key);
    if (!earlier) merged.set(key, values);
    else for (let i = 0; i < values.length; i++) if (values[i] !== null) earlier[i] = values[i] as string | number;
  }
  const columns: unknown[][] = [[...merged.keys()], ...MESSAGE_COLUMNS.map(() => [] as unknown[])];
  for (const values of merged.values()) for (let i = 0; i < values.length; i++) (columns[i + 1] as unknown[]).push(values[i]);
  return columns;
}

export async function writeTraceBatch(db: SqlRunner, records: readonly TraceRecord[]): Promise<ImportCounts> {
  const counts: ImportCounts = { imported: 0, updated: 0, unchanged: 0 };
  if (records.length === 0) return counts;

  // The batch's recipient rows (with their first record's state) and events, each once, in first-seen order.
  const states = new Map<string, RecipientState>();
  const firsts: unknown[][] = [[], [], [], [], []];
  const eventKeys = new Set<string>();
  const events: unknown[][] = [[], [], [], [], [], [], []];
  const recordPairs: string[] = [];
  const recordEvents: string[][] = [];
  for (const record of records) {
    const messageKey = text(record.message.key) as string;
    const recipient = text(record.recipient) as string;
    const pair = messageKey + SEP + recipient;
    recordPairs.push(pair);
    if (!states.has(pair)) {
      states.set(pair, { status: null, status_at: null, stored: true, changed: false, messageKey, recipient });
      const row = [messageKey, recipient, addressDomain(recipient), record.status?.value ?? null, record.status?.at ?? null];
      for (let i = 0; i < row.length; i++) (firsts[i] as unknown[]).push(row[i]);
    }
    const keys: string[] = [];
    for (const event of record.events) {
      const name = text(event.event) as string;
      const eventKey = pair + SEP + name + SEP + event.at;
      keys.push(eventKey);
      if (eventKeys.has(eventKey)) continue;
      eventKeys.add(eventKey);
      const row = [messageKey, recipient, name, event.at, text(event.action), text(event.detail), text(event.data)];
      for (let i = 0; i < row.length; i++) (events[i] as unknown[]).push(row[i]);
    }
    recordEvents.push(keys);
  }

  // One statement after another: `pg` runs one query at a time per connection (queueing is deprecated).
  await db.query(UPSERT_MESSAGES, messageArrays(records));
  const fresh = await db.query<{ message_key: string; recipient: string }>(INSERT_RECIPIENTS, firsts);
  for (const row of fresh.rows) {
    const state = states.get(row.message_key + SEP + row.recipient);
    if (state) state.stored = false;
  }
  if (fresh.rows.length < states.size) {
    const wanted: [string[], string[]] = [[], []];
    for (const state of states.values()) {
      if (!state.stored) continue;
      wanted[0].push(state.messageKey);
      wanted[1].push(state.recipient);
    }
    const stored = await db.query<{ message_key: string; recipient: string; status: string | null; status_at: number | string | null }>(SELECT_RECIPIENTS, wanted);
    for (const row of stored.rows) {
      const state = states.get(row.message_key + SEP + row.recipient);
      if (!state) continue;
      state.status = row.status;
      state.status_at = row.status_at === null ? null : Number(row.status_at);
    }
  }
  const added = new Set<string>();
  if (eventKeys.size > 0) {
    const inserted = await db.query<{ message_key: string; recipient: string; event: string; event_at: number | string }>(INSERT_EVENTS, events);
    for (const row of inserted.rows) added.add(row.message_key + SEP + row.recipient + SEP + row.event + SEP + Number(row.event_at));
  }

  // The records in order, as the SQLite store meets them row by row.
  const seen = new Set<string>();
  records.forEach((record, index) => {
    const pair = recordPairs[index] as string;
    const state = states.get(pair) as RecipientState;
    let outcome: keyof ImportCounts = 'unchanged';
    if (!state.stored && !seen.has(pair)) {
      // Inserted above with this record's state.
      state.status = record.status?.value ?? null;
      state.status_at = record.status?.at ?? null;
      outcome = 'imported';
    } else if (record.status && shouldReplaceStatus(state, record.status)) {
      state.status = record.status.value;
      state.status_at = record.status.at;
      state.changed = true;
      outcome = 'updated';
    }
    seen.add(pair);
    for (const key of recordEvents[index] as string[]) {
      // An event counts for the first record that brought it.
      if (added.delete(key) && outcome === 'unchanged') outcome = 'imported';
    }
    counts[outcome]++;
  });

  const changed: unknown[][] = [[], [], [], [], []];
  for (const state of states.values()) {
    if (!state.changed) continue;
    const row = [state.messageKey, state.recipient, addressDomain(state.recipient), state.status, state.status_at];
    for (let i = 0; i < row.length; i++) (changed[i] as unknown[]).push(row[i]);
  }
  if ((changed[0] as unknown[]).length > 0) await db.query(UPDATE_RECIPIENTS, changed);
  return counts;
}

/** TraceImportSession.addCounts: one statement, one array per column through unnest. */
export async function addCountRows(runner: SqlRunner, target: CountTable, rows: ReadonlyArray<ReadonlyArray<string | number>>): Promise<void> {
  if (rows.length === 0) return;
  const columns = [...target.keys.map(([name]) => name), ...target.counts];
  const types = [...target.keys.map(([, type]) => type), ...target.counts.map(() => 'bigint')];
  await runner.query(`INSERT INTO ${target.table} AS t (${columns.join(', ')})
    SELECT * FROM unnest(${types.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})
    ON CONFLICT (${target.keys.map(([name]) => name).join(', ')}) DO UPDATE SET ${target.counts.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(', ')}`,
  types.map((_, i) => rows.map((row) => row[i])));
}
