/**
 * The store contract shared by the SQLite and PostgreSQL stores. Writing goes through an
 * import session (one transaction per `maildoctor trace import`, a savepoint per file, so that
 * a file found unreadable half-way is rolled back alone); reading goes through Kysely, so the
 * question files in ../queries/ run unchanged on both dialects.
 * @module
 */
import type { Kysely } from 'kysely';
import type { ImportCounts, TraceRecord } from '../types.js';

export interface TraceMessagesTable {
  message_key: string;
  message_trace_id: string | null;
  network_message_id: string | null;
  message_id: string | null;
  sender: string | null;
  sender_domain: string | null;
  subject: string | null;
  size: number | null;
  direction: string | null;
  from_ip: string | null;
  to_ip: string | null;
  client_ip: string | null;
  received_at: number | null;
}

export interface TraceRecipientsTable {
  message_key: string;
  recipient: string;
  recipient_domain: string;
  status: string | null;
  status_at: number | null;
}

export interface TraceEventsTable {
  message_key: string;
  recipient: string;
  event: string;
  event_at: number;
  action: string | null;
  detail: string | null;
  data: string | null;
}

export interface TraceDatabase {
  trace_messages: TraceMessagesTable;
  trace_recipients: TraceRecipientsTable;
  trace_events: TraceEventsTable;
}

/** A message new to the store as written by a bulk load, for the report summaries. */
export interface NewMessageFacts {
  receivedAt: number | null;
  direction: string | null;
  sender: string | null;
}

/** One recipient of a NewMessageFacts as written. */
export interface NewRecipientFacts {
  domain: string;
  status: string | null;
  statusAt: number | null;
  /** Detail of its latest failure or deferral event (FAILURE_EVENTS), if any. */
  failureDetail: string | null;
}

/**
 * What a store loading an empty database in bulk tells the summary upkeep
 * (summary/update-trace-summaries.ts): the messages it wrote, all new, so that they are counted
 * without reading them back; and the moment it stops (a key it may have written came again),
 * after which the upkeep counts from the stored rows as for any import.
 */
export interface BulkLoadObserver {
  newMessage(message: NewMessageFacts, recipients: readonly NewRecipientFacts[]): void;
  /** Called before `records` are added the usual way. */
  leave(records: readonly TraceRecord[]): void;
}

/**
 * A table of counts: key columns, then count columns. `addCounts` inserts a row with a new key
 * and adds the counts of a row whose key is there (the report summaries, kept by a bulk load's
 * tally, summary/new-message-tally.ts).
 */
export interface CountTable {
  table: string;
  keys: ReadonlyArray<readonly [name: string, type: 'bigint' | 'text' | 'integer']>;
  counts: readonly string[];
}

export interface TraceImportSession {
  /**
   * True while the session loads an empty store in bulk: records whose keys it has not written
   * go in without look-ups and are reported to the BulkLoadObserver given to add().
   */
  readonly bulkLoading: boolean;
  /** Marks the start of one file (a savepoint). */
  beginFile(): Promise<void>;
  /** Adds records in order; later records of the same recipient see earlier ones. */
  add(records: readonly TraceRecord[], observer?: BulkLoadObserver): Promise<ImportCounts>;
  /** Adds rows (key values, then counts, in the table's column order) to a CountTable; fastest in key order. */
  addCounts(target: CountTable, rows: ReadonlyArray<ReadonlyArray<string | number>>): Promise<void>;
  /**
   * After the last add: ends a bulk load without telling its observer (what it counted stands)
   * and builds the indexes the summary upkeep's queries need, which then run at their usual
   * speed. A no-op otherwise.
   */
  settle(): Promise<void>;
  /** Keeps (true) or undoes (false) everything added since beginFile. */
  endFile(keep: boolean): Promise<void>;
  /**
   * Runs queries inside the import's transaction (the summary upkeep after the rows are in):
   * on SQLite the store's one connection, on PostgreSQL the session's own client.
   */
  run<T>(work: (db: Kysely<TraceDatabase>) => Promise<T>): Promise<T>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

export interface TraceStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** For queries only; writes go through beginImport. */
  readonly db: Kysely<TraceDatabase>;
  beginImport(): Promise<TraceImportSession>;
  close(): Promise<void>;
}

/** `alice@Example.com` -> `example.com`; empty when there is no domain. */
export function addressDomain(address: string | undefined | null): string {
  if (!address) return '';
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}
