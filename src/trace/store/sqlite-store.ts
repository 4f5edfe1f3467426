/**
 * The SQLite store (better-sqlite3, WAL). Imports use prepared statements directly, as the
 * hot path of `trace import` (sqlite-import-writer.ts); queries go through Kysely like the
 * PostgreSQL store's. An import is one transaction (BEGIN ... COMMIT) with a savepoint per
 * file: a process killed half-way leaves only uncommitted WAL frames, which SQLite ignores on
 * the next open (or a hot journal, see below, which it rolls back).
 *
 * What makes a large import fast without changing what is stored:
 * - a bulk load into an empty store (the usual first, large import): the indexes of the row
 *   tables (their keys are unique indexes, 0003-droppable-keys.sql; the two on times stay,
 *   BULK_KEPT_INDEXES) and the summaries' secondary indexes are dropped at the start, the rows
 *   go in at the end of their tables without a look-up (a KeyFilter says which message keys
 *   were written; records of one message arrive together, import-trace-file.ts cuts batches
 *   between messages), the writer keeps uniqueness itself, the summary upkeep counts the new messages as they are written
 *   (summary/new-message-tally.ts), and the indexes are built once, sorted, before the commit
 *   (with a small sorter cache and SQLite's helper threads, INDEX_BUILD_CACHE_KIB). A key
 *   that may have been written comes again (an overlapping file, a message whose rows are not
 *   together): the load ends there, the indexes the write path needs are built at once
 *   (WRITE_PATH_INDEXES), and the import goes on the usual way;
 * - a larger page cache while importing (IMPORT_CACHE_MIB, given back after): the key indexes
 *   take message keys (GUIDs) in random order, so each insert lands on a random page
 *   (a million rows make about 110 MiB of such index); the cache is bounded, so memory is too;
 * - secondary indexes whose keys also arrive in random order (DEFERRABLE_INDEXES) are dropped
 *   once an import has added more rows than the tables held (and at least
 *   DEFER_INDEXES_AFTER_ROWS), and built again, sorted, before the commit: building an index
 *   once is cheaper than a million random inserts. It is safe: the DROP and the CREATE are in
 *   the import's transaction, so a killed or rolled-back import leaves the indexes as they
 *   were, and other connections never see the tables without them (they read the last commit). Queries run
 *   inside the import (session.run) give the same answers without them; the indexes on times
 *   (received_at, status and status_at), which the summary upkeep's range queries use, are
 *   kept, and cheap to keep, since times arrive in order;
 * - an import into an empty database file runs in rollback-journal mode (journal_mode DELETE,
 *   synchronous FULL) and returns to WAL after: in WAL every page would be written twice (to
 *   the WAL, then by the checkpoint into the database), while a rollback journal keeps only
 *   the original content of pages that existed before, which for an empty file is a few
 *   pages. A killed import leaves a hot journal, which the next open rolls back. Another
 *   process that opens the file during such a first import waits for it (and after the busy
 *   timeout, 5 s, gets "database is locked") instead of reading an empty database; an import
 *   into a database with rows, or into a file another connection has open, stays in WAL.
 * @see https://www.sqlite.org/pragma.html#pragma_cache_size
 * @see https://www.sqlite.org/wal.html
 * @see https://www.sqlite.org/atomiccommit.html
 * @see https://www.sqlite.org/lang_createindex.html
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { ToolkitError } from '../../core/errors.js';
import { loadMigrations } from './load-migrations.js';
import { KeyFilter } from './key-filter.js';
import { createSqliteImportWriter } from './sqlite-import-writer.js';
import type { TraceRecord } from '../types.js';
import type { BulkLoadObserver, TraceDatabase, TraceImportSession, TraceStore } from './trace-store.js';

export interface SqliteStoreOptions {
  /** File path, or `:memory:`. */
  path: string;
  /** Load an empty store in bulk (module comment); default true, false for comparisons. */
  bulkLoad?: boolean;
  /**
   * Rows an import adds before it drops the deferrable indexes (when it has also added more
   * than the tables held); default DEFER_INDEXES_AFTER_ROWS, Infinity never.
   */
  deferIndexesAfterRows?: number;
  /** Page cache while importing, in MiB; default IMPORT_CACHE_MIB. */
  importCacheMiB?: number;
}

/**
 * Page cache while an import runs, in MiB (SQLite's default here is 16 MiB). Measured on a
 * fresh 1,000,000-row import: 16 MiB made the store's writes a third slower than 128 MiB, 64 MiB
 * about 5 % slower, with 90 MiB less peak memory (SQLite's sorter takes up to as much again).
 */
export const IMPORT_CACHE_MIB = 64;
/**
 * Page cache while a bulk load appends, in MiB: appending touches the last pages only, and a
 * small cache measured 3-5 % faster than IMPORT_CACHE_MIB (less to manage, less memory).
 */
export const BULK_LOAD_CACHE_MIB = 8;
export const DEFER_INDEXES_AFTER_ROWS = 100_000;
/** Secondary indexes whose keys arrive in random order during an import (0003-droppable-keys.sql). */
export const DEFERRABLE_INDEXES: readonly string[] = [
  'trace_messages_sender', 'trace_messages_sender_domain', 'trace_messages_message_id',
  'trace_recipients_recipient', 'trace_recipients_domain_status',
];
/**
 * Indexes the usual write path and the summary upkeep need: the keys (look-ups, uniqueness)
 * and the times (the upkeep's range queries). A bulk load that ends half-way builds these at
 * once and leaves the others for the commit.
 */
export const WRITE_PATH_INDEXES: readonly string[] = [
  'trace_messages_key', 'trace_recipients_key', 'trace_events_key', 'trace_messages_received', 'trace_recipients_status',
];
/**
 * Indexes a bulk load keeps: their keys are times, which an export lists in order, so each
 * insert lands at one end of the index (or of one status's part of it) and costs about what a
 * sorted build would, without the build's pass over the table.
 */
export const BULK_KEPT_INDEXES: readonly string[] = ['trace_messages_received', 'trace_recipients_status'];
/**
 * The tables whose indexes a bulk load drops: the rows, and the report summaries, whose
 * secondary indexes would otherwise take the summary rows of a whole import at random places
 * (their primary keys stay; the tally writes in key order, new-message-tally.ts).
 */
const BULK_TABLES: readonly string[] = ['trace_messages', 'trace_recipients', 'trace_events', 'trace_hour_senders', 'trace_hour_outcomes'];
/**
 * Page cache while indexes are built, in KiB. SQLite's sorter sizes its in-memory runs by the
 * cache size; measured on a million rows, runs of a few MiB sorted with a helper thread
 * (PRAGMA threads) built the indexes in about half the time of 64 MiB runs, which leave the
 * processor's caches far behind.
 * @see https://www.sqlite.org/pragma.html#pragma_threads
 */
export const INDEX_BUILD_CACHE_KIB = 2048;
/**
 * Page size of a new database file (SQLite's default is 4096). Measured on a million-row
 * import: 16 KiB pages made the appends of a bulk load and the index builds 10-20 % faster
 * (fewer pages, shallower trees); the queries of `trace query` and `trace report` were not
 * slower.
 * @see https://www.sqlite.org/pragma.html#pragma_page_size
 */
export const NEW_FILE_PAGE_SIZE = 16_384;

/** Helper threads of SQLite's sorter while indexes are built. */
export const INDEX_BUILD_THREADS = 2;
// Memory-mapped reads (PRAGMA mmap_size) made the builds about 10 % faster, but the mapped file
// counts in the process's resident memory, which then grew with the database: not used.

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS trace_schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS v FROM trace_schema_version').get() as { v: number | null };
  const current = row.v ?? 0;
  for (const migration of loadMigrations()) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      for (const statement of migration.statements) db.exec(statement);
      db.prepare('INSERT INTO trace_schema_version (version, applied_at) VALUES (?, ?)').run(migration.version, Date.now());
    })();
  }
}

export async function openSqliteStore(options: SqliteStoreOptions): Promise<TraceStore> {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(options.path);
    // A new file gets larger pages (NEW_FILE_PAGE_SIZE); an existing one keeps its own.
    if ((db.prepare('SELECT COUNT(*) AS n FROM sqlite_schema').get() as { n: number }).n === 0) db.pragma(`page_size = ${NEW_FILE_PAGE_SIZE}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    throw new ToolkitError('config', `cannot open the trace database ${options.path}: ${(error as Error).message}`);
  }
  const kysely = new Kysely<TraceDatabase>({ dialect: new SqliteDialect({ database: db }) });

  const writer = createSqliteImportWriter(db);
  const rowsIn = (table: string): number => (db.prepare(`SELECT COALESCE(MAX(rowid), 0) AS n FROM ${table}`).get() as { n: number }).n;
  const deferAfter = options.deferIndexesAfterRows ?? DEFER_INDEXES_AFTER_ROWS;

  let open = true;
  let sessionActive = false;
  return {
    dialect: 'sqlite',
    db: kysely,
    async beginImport(): Promise<TraceImportSession> {
      if (sessionActive) throw new ToolkitError('usage', 'an import is already running on this store');
      // An empty database file is written once, in rollback-journal mode (module comment); the
      // switch fails, and the import stays in WAL, when another connection has the file open.
      let rollbackJournal = false;
      if (options.path !== ':memory:' && rowsIn('trace_messages') + rowsIn('trace_recipients') + rowsIn('trace_events') === 0) {
        try {
          rollbackJournal = db.pragma('journal_mode = DELETE', { simple: true }) === 'delete';
        } catch {
          // SQLITE_BUSY: another connection reads the file.
        }
        if (rollbackJournal) db.pragma('synchronous = FULL');
      }
      const backToWal = (): void => {
        if (!rollbackJournal) return;
        rollbackJournal = false;
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
      };
      try {
        db.exec('BEGIN IMMEDIATE');
      } catch (error) {
        backToWal();
        throw error;
      }
      sessionActive = true;
      const cacheSize = db.pragma('cache_size', { simple: true }) as number;
      let savepoint = 0;
      // Rows already stored (rowids, an upper bound) and rows this import added.
      const stored = rowsIn('trace_recipients') + rowsIn('trace_events');
      const startedEmpty = stored === 0 && rowsIn('trace_messages') === 0;
      let added = 0;
      // On an empty store, the keys written so far are all there is to look up.
      const written = startedEmpty ? new KeyFilter() : undefined;
      // The indexes of the row and summary tables as the import found them, to build again what it drops.
      const indexSql = new Map((db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BULK_TABLES.map(() => '?').join(', ')})`).all(...BULK_TABLES) as Array<{ name: string; sql: string }>).map((row) => [row.name, row.sql]));
      const existing = (): Set<string> => new Set((db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name IN (${BULK_TABLES.map(() => '?').join(', ')})`).all(...BULK_TABLES) as Array<{ name: string }>).map((row) => row.name));
      const drop = (names: Iterable<string>): void => {
        const present = existing();
        for (const name of names) if (present.has(name) && indexSql.has(name)) db.exec(`DROP INDEX ${name}`);
      };
      const build = (names: Iterable<string>): void => {
        const present = existing();
        const wanted = [...names].filter((name) => !present.has(name) && indexSql.has(name));
        if (wanted.length === 0) return;
        db.pragma(`cache_size = ${-INDEX_BUILD_CACHE_KIB}`);
        db.pragma(`threads = ${INDEX_BUILD_THREADS}`);
        try {
          for (const name of wanted) db.exec(indexSql.get(name) as string);
        } finally {
          db.pragma('threads = 0');
          setCache();
        }
      };
      const missing = (): string[] => {
        const present = existing();
        return [...indexSql.keys()].filter((name) => !present.has(name));
      };
      let deferredSome = false;
      let observer: BulkLoadObserver | undefined;
      // A bulk load: an empty store takes the rows without the indexes it drops (module comment).
      const bulk = {
        active: startedEmpty && options.bulkLoad !== false,
        get observer() {
          return observer;
        },
        leave(records: readonly TraceRecord[]) {
          if (!this.active) return;
          this.active = false;
          build(WRITE_PATH_INDEXES);
          observer?.leave(records);
        },
      };
      // The import's page cache: small while a bulk load appends, larger for key look-ups.
      const setCache = (): void => {
        db.pragma(`cache_size = ${-Math.round((bulk.active ? BULK_LOAD_CACHE_MIB : (options.importCacheMiB ?? IMPORT_CACHE_MIB)) * 1024)}`);
      };
      setCache();
      if (bulk.active) drop([...indexSql.keys()].filter((name) => !BULK_KEPT_INDEXES.includes(name)));
      const finish = (sql: 'COMMIT' | 'ROLLBACK'): void => {
        if (!sessionActive) return;
        sessionActive = false;
        if (db.inTransaction) db.exec(sql);
        db.pragma(`cache_size = ${cacheSize}`);
        backToWal();
      };
      return {
        get bulkLoading() {
          return bulk.active;
        },
        async beginFile() {
          savepoint++;
          db.exec(`SAVEPOINT trace_file_${savepoint}`);
        },
        async add(records, bulkObserver) {
          observer = bulkObserver;
          const counts = writer.add(records, written, bulk);
          added += records.length;
          if (!bulk.active && !deferredSome && added >= deferAfter && added > stored) {
            deferredSome = true;
            drop(DEFERRABLE_INDEXES);
          }
          return counts;
        },
        async settle() {
          if (!bulk.active) return;
          // Built while still loading: the page cache stays the bulk load's small one (a larger
          // cache here only delays writing pages that are written anyway).
          build(WRITE_PATH_INDEXES);
          bulk.active = false;
        },
        async addCounts(target, rows) {
          writer.addCounts(target, rows);
        },
        async endFile(keep) {
          if (!keep) {
            db.exec(`ROLLBACK TO trace_file_${savepoint}`);
            // Indexes dropped during this file are back, those built during it gone again: the
            // usual write path needs its own.
            if (!bulk.active) build(WRITE_PATH_INDEXES);
          }
          db.exec(`RELEASE trace_file_${savepoint}`);
        },
        async run(work) {
          // better-sqlite3 is one connection: Kysely's statements run inside the open BEGIN.
          return work(kysely);
        },
        async commit() {
          if (sessionActive && db.inTransaction) build(missing());
          finish('COMMIT');
        },
        async rollback() {
          finish('ROLLBACK');
        },
      };
    },
    async close() {
      if (!open) return;
      open = false;
      if (sessionActive && db.inTransaction) db.exec('ROLLBACK');
      await kysely.destroy();
      if (db.open) db.close();
    },
  };
}
