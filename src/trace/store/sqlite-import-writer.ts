/**
 * The write path of `trace import` on SQLite: a batch of records in a few statements per few
 * hundred records instead of several statements per record, with the store's semantics
 * unchanged (trace-store.ts: counts imported/updated/unchanged, latest wins, later records of
 * a recipient see earlier ones, merge-status.ts for statuses).
 *
 * Per batch: SELECTs read the stored messages and recipients of the batch's message keys (only
 * the keys that may be stored: when the store was empty before the import, a KeyFilter of the
 * keys written so far answers for most); the records are merged in memory in order (message
 * fields: COALESCE, a later non-null value wins; recipient statuses: shouldReplaceStatus); then
 * the new rows go in with multi-row `INSERT OR IGNORE` and changed rows with one UPDATE each.
 * Events of new or updated recipients go in the same way; an event of an otherwise unchanged
 * recipient is inserted alone, because whether it was new decides its count.
 *
 * In a bulk load (sqlite-store.ts) the tables have no index: every key of the chunk is new (the
 * KeyFilter says so, or the load ends before the chunk, WriterBulkLoad.leave), nothing is looked
 * up, a repeated event of the chunk is dropped here rather than by its key index, each
 * recipient's latest failure or deferral text is noted, and each message is reported to the
 * BulkLoadObserver as written, for the summaries.
 *
 * The look-ups are made in key order (message keys are GUIDs, so the primary-key indexes are
 * read at random otherwise). Writing in key order as well was measured and did not pay for its
 * sorting: a batch touches about as many index pages sorted as unsorted until batches are far
 * larger than the index (sqlite-store.ts gives the import a larger page cache instead).
 *
 * `OR IGNORE` rather than `ON CONFLICT DO ...`/RETURNING, and no statement that may abort:
 * inside a transaction SQLite opens a statement journal for every statement that may abort
 * half-way (a constraint with the default ABORT), copying each page it touches; that copying
 * cost more than the inserts. (The rows written are known to be new, so nothing is ignored.)
 * @see https://www.sqlite.org/lang_conflict.html
 * @see https://www.sqlite.org/tempfiles.html#statement_journals
 * @module
 */
import type Database from 'better-sqlite3';
import { FAILURE_EVENTS, type ImportCounts, type TraceEventRecord, type TraceMessageRecord, type TraceRecord } from '../types.js';
import type { KeyFilter } from './key-filter.js';
import { shouldReplaceStatus } from './merge-status.js';
import type { BulkLoadObserver, CountTable, NewRecipientFacts } from './trace-store.js';

const FAILURE_EVENT_SET: ReadonlySet<string> = new Set(FAILURE_EVENTS);

/** Capitals or anything beyond ASCII: what toLowerCase may change. */
const MAY_CHANGE_CASE = /[A-Z\u0080-\uffff]/;

/** trace-store.ts addressDomain without the copy toLowerCase makes of a lower-case domain. */
function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return '';
  const domain = address.slice(at + 1);
  return MAY_CHANGE_CASE.test(domain) ? domain.toLowerCase() : domain;
}

/** Records merged and written together, at most (import-trace-file.ts sends fewer at a time). */
const CHUNK_RECORDS = 65_536;
/** Keys per SELECT ... IN (...). */
const KEYS_PER_SELECT = 512;
/** Rows per multi-row INSERT (13 message columns x 64 = 832 parameters, far under the limit). */
const ROWS_PER_INSERT = 64;

const MESSAGE_COLUMNS = ['message_trace_id', 'network_message_id', 'message_id', 'sender', 'sender_domain', 'subject', 'size', 'direction', 'from_ip', 'to_ip', 'client_ip', 'received_at'] as const;
const MESSAGE_WIDTH = MESSAGE_COLUMNS.length + 1;
/** Places in a MessageRow (the key comes first). */
const SENDER_AT = MESSAGE_COLUMNS.indexOf('sender') + 1;
const DIRECTION_AT = MESSAGE_COLUMNS.indexOf('direction') + 1;
const RECEIVED_AT = MESSAGE_COLUMNS.indexOf('received_at') + 1;

type Value = string | number | null;

/** A message as stored: [message_key, ...MESSAGE_COLUMNS]. */
type MessageRow = Value[];

interface MessageEntry {
  key: string;
  /** The message as stored, then merged with the chunk's records; empty until the first. */
  row: MessageRow;
  stored: boolean;
  changed: boolean;
  /** Its recipients, stored and new; `byAddress` indexes them once there are many. */
  recipients: RecipientState[];
  byAddress: Map<string, RecipientState> | null;
}

/** Recipients of one message searched in a list up to this many; a Map beyond. */
const RECIPIENTS_LISTED = 16;

function findRecipient(entry: MessageEntry, address: string): RecipientState | undefined {
  if (entry.byAddress) return entry.byAddress.get(address);
  for (const state of entry.recipients) if (state.recipient === address) return state;
  return undefined;
}

function addRecipient(entry: MessageEntry, state: RecipientState): void {
  entry.recipients.push(state);
  if (entry.byAddress) entry.byAddress.set(state.recipient, state);
  else if (entry.recipients.length > RECIPIENTS_LISTED) entry.byAddress = new Map(entry.recipients.map((r) => [r.recipient, r]));
}

/** A recipient as the chunk leaves it; in a bulk load also what the summaries count (NewRecipientFacts). */
interface RecipientState extends NewRecipientFacts {
  key: string;
  recipient: string;
  status: string | null;
  statusAt: number | null;
  /** Not in the database yet: inserted at the end of the chunk. */
  isNew: boolean;
  /** In the database and changed: updated at the end of the chunk. */
  changed: boolean;
  /** Bulk load only: time and name of the event `failureDetail` came from. */
  failureAt?: number | undefined;
  failureEvent?: string | undefined;
}

function recipientState(key: string, recipient: string, status: string | null, statusAt: number | null, isNew: boolean): RecipientState {
  return { key, recipient, domain: domainOf(recipient), status, statusAt, isNew, changed: false, failureDetail: null, failureAt: undefined, failureEvent: undefined };
}

/** The latest failure or deferral event wins; at the same time the first event name in order (as the summary SQL sorts). */
function noteFailure(state: RecipientState, event: TraceEventRecord): void {
  if (!event.detail || !FAILURE_EVENT_SET.has(event.event)) return;
  if (state.failureAt === undefined || event.at > state.failureAt || (event.at === state.failureAt && event.event < (state.failureEvent as string))) {
    state.failureDetail = event.detail;
    state.failureAt = event.at;
    state.failureEvent = event.event;
  }
}

function messageRow(m: TraceMessageRecord): MessageRow {
  return [
    m.key, m.messageTraceId ?? null, m.networkMessageId ?? null, m.messageId ?? null, m.sender ?? null,
    m.sender ? domainOf(m.sender) || null : null, m.subject ?? null, m.size ?? null, m.direction ?? null,
    m.fromIp ?? null, m.toIp ?? null, m.clientIp ?? null, m.receivedAt ?? null,
  ];
}

/** `target` takes every non-null value of `source` (what COALESCE(excluded.c, c) did); true when something changed. */
function coalesceInto(target: MessageRow, source: MessageRow): boolean {
  let changed = false;
  for (let i = 1; i < MESSAGE_WIDTH; i++) {
    const value = source[i] ?? null;
    if (value !== null && value !== target[i]) {
      target[i] = value;
      changed = true;
    }
  }
  return changed;
}

function pushRow(row: readonly Value[], params: Value[]): void {
  for (const value of row) params.push(value);
}

function pushRecipient(state: RecipientState, params: Value[]): void {
  params.push(state.key, state.recipient, state.domain, state.status, state.statusAt);
}

function placeholders(rows: number, width: number): string {
  const row = `(${Array(width).fill('?').join(', ')})`;
  return Array(rows).fill(row).join(', ');
}

/** The store's bulk load as the writer sees it (sqlite-store.ts). */
export interface WriterBulkLoad {
  /**
   * True while the tables have no indexes and every message key not in `written` is new: the
   * writer then looks nothing up, and keeps the uniqueness the key indexes would (one row per
   * message, recipient and event) itself.
   */
  readonly active: boolean;
  /** Ends the bulk load before `records` go in the usual way (the store builds the key indexes). */
  leave(records: readonly TraceRecord[]): void;
  readonly observer: BulkLoadObserver | undefined;
}

export interface SqliteImportWriter {
  /** TraceImportSession.addCounts: prepared once per table, ROWS_PER_INSERT rows a statement. */
  addCounts(target: CountTable, rows: ReadonlyArray<ReadonlyArray<string | number>>): void;
  /**
   * Adds records in order. `written`, when given, holds every message key stored: the store
   * was empty when it was started, and each key written is added to it.
   */
  add(records: readonly TraceRecord[], written?: KeyFilter, bulk?: WriterBulkLoad): ImportCounts;
}

export function createSqliteImportWriter(db: Database.Database): SqliteImportWriter {
  const messageInsert = (rows: number) => db.prepare(`INSERT OR IGNORE INTO trace_messages (message_key, ${MESSAGE_COLUMNS.join(', ')}) VALUES ${placeholders(rows, MESSAGE_WIDTH)}`);
  const recipientInsert = (rows: number) => db.prepare(`INSERT OR IGNORE INTO trace_recipients (message_key, recipient, recipient_domain, status, status_at) VALUES ${placeholders(rows, 5)}`);
  const eventInsert = (rows: number) => db.prepare(`INSERT OR IGNORE INTO trace_events (message_key, recipient, event, event_at, action, detail, data) VALUES ${placeholders(rows, 7)}`);
  const insertMessages = { many: messageInsert(ROWS_PER_INSERT), one: messageInsert(1), width: MESSAGE_WIDTH };
  const insertRecipients = { many: recipientInsert(ROWS_PER_INSERT), one: recipientInsert(1), width: 5 };
  const insertEvents = { many: eventInsert(ROWS_PER_INSERT), one: eventInsert(1), width: 7 };
  const updateMessage = db.prepare(`UPDATE trace_messages SET ${MESSAGE_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE message_key = ?`);
  const updateRecipient = db.prepare('UPDATE trace_recipients SET status = ?, status_at = ? WHERE message_key = ? AND recipient = ?');

  // SELECTs by key list, in pieces of KEYS_PER_SELECT, prepared per power-of-two list length
  // (the rest padded with NULL, which matches nothing).
  const selects = new Map<string, Database.Statement>();
  function selectByKeys(sql: string, keys: readonly string[]): Value[][] {
    const rows: Value[][] = [];
    for (let from = 0; from < keys.length; from += KEYS_PER_SELECT) {
      const piece = keys.slice(from, from + KEYS_PER_SELECT);
      let size = 8;
      while (size < piece.length) size *= 2;
      const id = `${size}:${sql}`;
      let statement = selects.get(id);
      if (!statement) {
        statement = db.prepare(sql.replace('?', Array(size).fill('?').join(', '))).raw(true);
        selects.set(id, statement);
      }
      const params: Value[] = piece;
      while (params.length < size) params.push(null);
      for (const row of statement.all(params) as Value[][]) rows.push(row);
    }
    return rows;
  }

  /** Writes rows (arrays of `target.width` values), ROWS_PER_INSERT at a time. */
  function insertRows(target: { many: Database.Statement; one: Database.Statement; width: number }, rows: readonly Value[][]): void {
    insertItems(target, rows, pushRow);
  }

  /** Writes items, each pushed into the parameters as one row by `push`, ROWS_PER_INSERT at a time. */
  function insertItems<T>(target: { many: Database.Statement; one: Database.Statement }, items: readonly T[], push: (item: T, params: Value[]) => void): void {
    let i = 0;
    const params: Value[] = [];
    for (; i + ROWS_PER_INSERT <= items.length; i += ROWS_PER_INSERT) {
      params.length = 0;
      for (let j = i; j < i + ROWS_PER_INSERT; j++) push(items[j] as T, params);
      target.many.run(params);
    }
    for (; i < items.length; i++) {
      params.length = 0;
      push(items[i] as T, params);
      target.one.run(params);
    }
  }

  function eventRow(key: string, recipient: string, event: TraceEventRecord): Value[] {
    return [key, recipient, event.event, event.at, event.action ?? null, event.detail ?? null, event.data ?? null];
  }

  function addChunk(records: readonly TraceRecord[], counts: ImportCounts, written: KeyFilter | undefined, bulk: WriterBulkLoad | undefined): void {
    const lookUp: string[] = [];
    const messages = new Map<string, MessageEntry>();
    let lastMessage: TraceMessageRecord | null = null;
    for (const record of records) {
      if (record.message === lastMessage) continue;
      lastMessage = record.message;
      const key = record.message.key;
      if (!messages.has(key)) {
        if (!written || written.addAndCheck(key)) lookUp.push(key);
        messages.set(key, { key, row: [], stored: false, changed: false, recipients: [], byAddress: null });
      }
    }
    // A bulk load meets a key it may have written: from here on, the usual way.
    if (bulk?.active && lookUp.length > 0) bulk.leave(records);
    const inBulk = bulk?.active === true;
    // In a bulk load, the events written in this chunk (no key index to ignore a repeated one).
    const eventsSeen = inBulk ? new Set<string>() : null;
    const isNewEvent = (key: string, recipient: string, event: TraceEventRecord): boolean => {
      if (!eventsSeen) return true;
      const id = `${key}\u0000${recipient}\u0000${event.event}\u0000${event.at}`;
      if (eventsSeen.has(id)) return false;
      eventsSeen.add(id);
      return true;
    };
    lookUp.sort();
    for (const row of selectByKeys(`SELECT message_key, ${MESSAGE_COLUMNS.join(', ')} FROM trace_messages WHERE message_key IN (?)`, lookUp)) {
      const entry = messages.get(row[0] as string);
      if (entry) {
        entry.row = row;
        entry.stored = true;
      }
    }
    for (const [key, recipient, status, statusAt] of selectByKeys('SELECT message_key, recipient, status, status_at FROM trace_recipients WHERE message_key IN (?)', lookUp)) {
      const entry = messages.get(key as string);
      if (entry) addRecipient(entry, recipientState(key as string, recipient as string, status as string | null, statusAt as number | null, false));
    }

    const newRecipients: RecipientState[] = [];
    const changedRecipients: RecipientState[] = [];
    let events: Value[][] = [];
    lastMessage = null;
    let entry: MessageEntry | undefined;
    for (const record of records) {
      const key = record.message.key;
      if (record.message !== lastMessage) {
        lastMessage = record.message;
        entry = messages.get(key) as MessageEntry;
        const row = messageRow(record.message);
        if (entry.row.length === 0) entry.row = row;
        else if (coalesceInto(entry.row, row)) entry.changed = true;
      }
      const message = entry as MessageEntry;
      let state = findRecipient(message, record.recipient);
      let outcome: keyof ImportCounts = 'unchanged';
      if (!state) {
        state = recipientState(key, record.recipient, record.status?.value ?? null, record.status?.at ?? null, true);
        addRecipient(message, state);
        newRecipients.push(state);
        outcome = 'imported';
      } else if (record.status && shouldReplaceStatus({ status: state.status, status_at: state.statusAt }, record.status)) {
        state.status = record.status.value;
        state.statusAt = record.status.at;
        if (!state.isNew && !state.changed) {
          state.changed = true;
          changedRecipients.push(state);
        }
        outcome = 'updated';
      }
      if (outcome !== 'unchanged') {
        for (const event of record.events) {
          if (!isNewEvent(key, record.recipient, event)) continue;
          events.push(eventRow(key, record.recipient, event));
          if (inBulk) noteFailure(state, event);
        }
      } else if (inBulk) {
        for (const event of record.events) {
          if (!isNewEvent(key, record.recipient, event)) continue;
          events.push(eventRow(key, record.recipient, event));
          noteFailure(state, event);
          outcome = 'imported';
        }
      } else if (record.events.length > 0) {
        // Whether an event is new decides the count: earlier events first, then one by one.
        insertRows(insertEvents, events);
        events = [];
        for (const event of record.events) {
          if (insertEvents.one.run(eventRow(key, record.recipient, event)).changes > 0) outcome = 'imported';
        }
      }
      counts[outcome]++;
    }

    const newMessages: Value[][] = [];
    const changedMessages: Value[][] = [];
    for (const entry of messages.values()) {
      if (!entry.stored) newMessages.push(entry.row);
      else if (entry.changed) changedMessages.push(entry.row);
    }
    insertRows(insertMessages, newMessages);
    for (const row of changedMessages) updateMessage.run([...row.slice(1), row[0] ?? null]);
    insertItems(insertRecipients, newRecipients, pushRecipient);
    for (const state of changedRecipients) updateRecipient.run(state.status, state.statusAt, state.key, state.recipient);
    insertRows(insertEvents, events);
    const observer = inBulk ? bulk?.observer : undefined;
    if (observer) {
      for (const entry of messages.values()) {
        observer.newMessage({ receivedAt: entry.row[RECEIVED_AT] as number | null, direction: entry.row[DIRECTION_AT] as string | null, sender: entry.row[SENDER_AT] as string | null }, entry.recipients);
      }
    }
  }

  const countInserts = new Map<string, { many: Database.Statement; one: Database.Statement }>();
  function countInsert(target: CountTable) {
    let statements = countInserts.get(target.table);
    if (!statements) {
      const columns = [...target.keys.map(([name]) => name), ...target.counts];
      const sql = (rows: number) => `INSERT INTO ${target.table} AS t (${columns.join(', ')}) VALUES ${placeholders(rows, columns.length)}
        ON CONFLICT (${target.keys.map(([name]) => name).join(', ')}) DO UPDATE SET ${target.counts.map((c) => `${c} = t.${c} + excluded.${c}`).join(', ')}`;
      statements = { many: db.prepare(sql(ROWS_PER_INSERT)), one: db.prepare(sql(1)) };
      countInserts.set(target.table, statements);
    }
    return statements;
  }

  return {
    addCounts(target, rows) {
      insertItems(countInsert(target), rows, pushRow);
    },
    add(records, written, bulk) {
      const counts: ImportCounts = { imported: 0, updated: 0, unchanged: 0 };
      for (let i = 0; i < records.length; i += CHUNK_RECORDS) addChunk(records.slice(i, i + CHUNK_RECORDS), counts, written, bulk);
      return counts;
    },
  };
}
