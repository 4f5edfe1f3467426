/**
 * The SQLite store (better-sqlite3, WAL). Imports use prepared statements directly, as the
 * hot path of `trace import` (sqlite-import-writer.ts); queries go through Kysely like the
 * PostgreSQL store's. An import is one transaction (BEGIN ... COMMIT) with a savepoint per
 * file: a process killed half-way leaves only uncommitted WAL frames, which SQLite ignores on
 * the next open (or a hot journal, see below, which it rolls back).
 *
 * Three things make a large import fast without changing what is stored:
 * - a larger page cache while importing (IMPORT_CACHE_MIB, given back after): the primary-key
 *   indexes take message keys (GUIDs) in random order, so each insert lands on a random page
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
import type { TraceDatabase, TraceImportSession, TraceStore } from './trace-store.js';

export interface SqliteStoreOptions {
  /** File path, or `:memory:`. */
  path: string;
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
export const DEFER_INDEXES_AFTER_ROWS = 100_000;
/** Secondary indexes whose keys arrive in random order during an import (0001-init.sql). */
export const DEFERRABLE_INDEXES: readonly string[] = [
  'trace_messages_sender', 'trace_messages_sender_domain', 'trace_messages_message_id',
  'trace_recipients_recipient', 'trace_recipients_domain_status',
];

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
      db.pragma(`cache_size = ${-Math.round((options.importCacheMiB ?? IMPORT_CACHE_MIB) * 1024)}`);
      let savepoint = 0;
      // Rows already stored (rowids, an upper bound) and rows this import added.
      const stored = rowsIn('trace_recipients') + rowsIn('trace_events');
      let added = 0;
      // On an empty store, the keys written so far are all there is to look up.
      const written = stored === 0 && rowsIn('trace_messages') === 0 ? new KeyFilter() : undefined;
      // The indexes dropped by this import, to build again before the commit.
      let deferred: Array<{ name: string; sql: string }> = [];
      const indexesNow = (): Array<{ name: string; sql: string }> =>
        db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND name IN (${DEFERRABLE_INDEXES.map(() => '?').join(', ')})`).all(...DEFERRABLE_INDEXES) as Array<{ name: string; sql: string }>;
      const dropIndexes = (): void => {
        deferred = indexesNow();
        for (const index of deferred) db.exec(`DROP INDEX ${index.name}`);
      };
      const buildIndexes = (): void => {
        for (const index of deferred) db.exec(index.sql);
        deferred = [];
      };
      const finish = (sql: string): void => {
        if (!sessionActive) return;
        sessionActive = false;
        if (db.inTransaction) db.exec(sql);
        db.pragma(`cache_size = ${cacheSize}`);
        backToWal();
      };
      return {
        async beginFile() {
          savepoint++;
          db.exec(`SAVEPOINT trace_file_${savepoint}`);
        },
        async add(records) {
          const counts = writer.add(records, written);
          added += records.length;
          if (deferred.length === 0 && added >= deferAfter && added > stored) dropIndexes();
          return counts;
        },
        async endFile(keep) {
          if (!keep) {
            db.exec(`ROLLBACK TO trace_file_${savepoint}`);
            // Indexes dropped during this file are back.
            if (deferred.length > 0 && indexesNow().length > 0) deferred = [];
          }
          db.exec(`RELEASE trace_file_${savepoint}`);
        },
        async run(work) {
          // better-sqlite3 is one connection: Kysely's statements run inside the open BEGIN.
          return work(kysely);
        },
        async commit() {
          if (sessionActive && db.inTransaction) buildIndexes();
          finish('COMMIT');
        },
        async rollback() {
          deferred = [];
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
