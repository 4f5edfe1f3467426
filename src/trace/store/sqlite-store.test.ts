import { copyFileSync, existsSync, mkdtempSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { queryTraceRows } from '../queries/query-trace-rows.js';
import type { TraceRecord } from '../types.js';
import { defaultTraceDbPath } from './default-db-path.js';
import { KeyFilter } from './key-filter.js';
import { loadMigrations } from './load-migrations.js';
import { BULK_KEPT_INDEXES, BULK_LOAD_CACHE_MIB, DEFERRABLE_INDEXES, IMPORT_CACHE_MIB, WRITE_PATH_INDEXES, openSqliteStore } from './sqlite-store.js';
import type { TraceImportSession, TraceStore } from './trace-store.js';
import { traceStoreConformance } from './trace-store.conformance.js';

traceStoreConformance('sqlite (memory)', () => openSqliteStore({ path: ':memory:' }));
traceStoreConformance('sqlite (file, WAL)', () => openSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'md-trace-')), 'sub', 'trace.db') }));

describe('schema upgrade', () => {
  it('moves the rows of a version-2 database into the tables keyed by unique indexes (0003)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'md-trace-v2-')), 'trace.db');
    const old = new Database(path);
    old.exec('CREATE TABLE trace_schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    for (const migration of loadMigrations().filter((m) => m.version <= 2)) {
      for (const statement of migration.statements) old.exec(statement);
      old.prepare('INSERT INTO trace_schema_version VALUES (?, 0)').run(migration.version);
    }
    old.prepare("INSERT INTO trace_messages (message_key, sender, received_at) VALUES ('k1', 'anna@northwind.example', 1000)").run();
    old.prepare("INSERT INTO trace_recipients VALUES ('k1', 'bob@fabrikam.example', 'fabrikam.example', 'delivered', 1000)").run();
    old.prepare("INSERT INTO trace_events VALUES ('k1', 'bob@fabrikam.example', 'DELIVER', 1000, NULL, NULL, NULL)").run();
    old.close();
    const store = await openSqliteStore({ path });
    try {
      const rows = await queryTraceRows(store.db, { limit: 0 });
      expect(rows.map((r) => [r.messageKey, r.sender, r.recipient, r.status])).toEqual([['k1', 'anna@northwind.example', 'bob@fabrikam.example', 'delivered']]);
      const indexes = (await sql<{ name: string; sql: string | null }>`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('trace_messages', 'trace_recipients', 'trace_events')`.execute(store.db)).rows;
      expect(indexes.filter((i) => i.sql === null)).toEqual([]);
      for (const name of [...WRITE_PATH_INDEXES, ...DEFERRABLE_INDEXES]) expect(indexes.map((i) => i.name)).toContain(name);
      // Still one row per key.
      await expect(sql`INSERT INTO trace_recipients VALUES ('k1', 'bob@fabrikam.example', 'fabrikam.example', 'failed', 2000)`.execute(store.db)).rejects.toThrow(/UNIQUE/);
      const version = (await sql<{ v: number }>`SELECT MAX(version) AS v FROM trace_schema_version`.execute(store.db)).rows[0]?.v;
      expect(version).toBe(loadMigrations().at(-1)?.version);
    } finally {
      await store.close();
    }
  });
});

describe('defaultTraceDbPath', () => {
  it('uses XDG_DATA_HOME, else ~/.local/share', () => {
    expect(defaultTraceDbPath({ XDG_DATA_HOME: '/x' }, 'linux')).toBe('/x/maildoctor/trace.db');
    expect(defaultTraceDbPath({ HOME: '/home/a' }, 'linux')).toBe('/home/a/.local/share/maildoctor/trace.db');
  });
});

describe('SQLite import: deferred indexes, import cache, key filter', () => {
  const T = Date.UTC(2026, 2, 23, 8);
  const records = (from: number, count: number): TraceRecord[] => Array.from({ length: count }, (_, i) => {
    const key = `${String(from + i).padStart(8, '0')}-1111-4222-8333-444444444444`;
    return { line: i + 2, message: { key, messageTraceId: key, sender: `s${i % 7}@northwind.example`, messageId: `<m${from + i}@northwind.example>`, receivedAt: T + i * 1000 }, recipient: `r${i % 11}@fabrikam.example`, status: { value: 'delivered', at: T + i * 1000 }, events: [] };
  });
  const indexNames = async (session: TraceImportSession): Promise<string[]> =>
    session.run(async (db) => (await sql<{ name: string }>`SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(db)).rows.map((r) => r.name));
  const storedIndexes = async (store: TraceStore): Promise<string[]> =>
    (await sql<{ name: string }>`SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(store.db)).rows.map((r) => r.name);

  it('drops the random-order indexes once an import outgrows the tables, and builds them before the commit', async () => {
    const store = await openSqliteStore({ path: ':memory:', deferIndexesAfterRows: 100, bulkLoad: false });
    try {
      const all = await storedIndexes(store);
      for (const name of DEFERRABLE_INDEXES) expect(all).toContain(name);
      const session = await store.beginImport();
      await session.beginFile();
      await session.add(records(0, 99));
      expect(await indexNames(session)).toEqual(all);
      await session.add(records(99, 50));
      expect(await indexNames(session)).toEqual(all.filter((name) => !DEFERRABLE_INDEXES.includes(name)));
      // Queries inside the import give the same answers without them.
      expect(await session.run((db) => queryTraceRows(db, { sender: 's3@northwind.example', limit: 0 }))).toHaveLength(21);
      await session.endFile(true);
      await session.commit();
      expect(await storedIndexes(store)).toEqual(all);
      expect(await queryTraceRows(store.db, { recipient: 'r5@fabrikam.example', limit: 0 })).toHaveLength(14);
      // A small import into the filled store keeps them.
      const next = await store.beginImport();
      await next.beginFile();
      await next.add(records(1000, 120));
      expect(await indexNames(next)).toEqual(all);
      await next.endFile(true);
      await next.rollback();
    } finally {
      await store.close();
    }
  });

  it('gets the indexes back when the file or the import that dropped them is rolled back', async () => {
    const store = await openSqliteStore({ path: ':memory:', deferIndexesAfterRows: 10, bulkLoad: false });
    try {
      const all = await storedIndexes(store);
      let session = await store.beginImport();
      await session.beginFile();
      await session.add(records(0, 20));
      expect(await indexNames(session)).not.toEqual(all);
      await session.endFile(false);
      expect(await indexNames(session)).toEqual(all);
      await session.beginFile();
      await session.add(records(0, 5));
      await session.endFile(true);
      await session.commit();
      expect(await storedIndexes(store)).toEqual(all);
      expect(await queryTraceRows(store.db, { limit: 0 })).toHaveLength(5);
      session = await store.beginImport();
      await session.beginFile();
      await session.add(records(100, 30));
      expect(await indexNames(session)).not.toEqual(all);
      await session.rollback();
      expect(await storedIndexes(store)).toEqual(all);
      expect(await queryTraceRows(store.db, { limit: 0 })).toHaveLength(5);
    } finally {
      await store.close();
    }
  });

  const rowTableIndexes = (names: string[]): string[] => names.filter((name) => /^trace_(messages|recipients|events)_/.test(name));

  it('loads an empty store without indexes and builds them all before the commit', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    try {
      const all = await storedIndexes(store);
      expect(rowTableIndexes(all)).toEqual(expect.arrayContaining([...WRITE_PATH_INDEXES, ...DEFERRABLE_INDEXES]));
      const session = await store.beginImport();
      expect(session.bulkLoading).toBe(true);
      expect(rowTableIndexes(await indexNames(session))).toEqual([...BULK_KEPT_INDEXES].sort());
      await session.beginFile();
      let left = 0;
      const observer = { newMessage: () => undefined, leave: () => void left++ };
      await session.add(records(0, 50), observer);
      await session.add(records(50, 50), observer);
      expect(session.bulkLoading).toBe(true);
      // Queries inside the import read the tables without indexes.
      expect(await session.run((db) => queryTraceRows(db, { recipient: 'r5@fabrikam.example', limit: 0 }))).toHaveLength(10);
      await session.endFile(true);
      // After the last add: the indexes the summary upkeep queries need, the observer not told.
      await session.settle();
      expect(session.bulkLoading).toBe(false);
      expect(left).toBe(0);
      expect(rowTableIndexes(await indexNames(session)).sort()).toEqual([...WRITE_PATH_INDEXES].sort());
      await session.commit();
      expect(await storedIndexes(store)).toEqual(all);
      expect(await queryTraceRows(store.db, { limit: 0 })).toHaveLength(100);
      // A store with rows is never loaded in bulk.
      const next = await store.beginImport();
      expect(next.bulkLoading).toBe(false);
      await next.rollback();
    } finally {
      await store.close();
    }
  });

  it('leaves the bulk load for a key it wrote before, with the write-path indexes built at once', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    try {
      const all = await storedIndexes(store);
      const session = await store.beginImport();
      await session.beginFile();
      await session.add(records(0, 50));
      const left: TraceRecord[][] = [];
      const counts = await session.add(records(0, 60).slice(40), { newMessage: () => undefined, leave: (batch) => left.push([...batch]) });
      expect(counts).toEqual({ imported: 10, updated: 0, unchanged: 10 });
      expect(session.bulkLoading).toBe(false);
      expect(left).toHaveLength(1);
      expect(rowTableIndexes(await indexNames(session)).sort()).toEqual([...WRITE_PATH_INDEXES].sort());
      await session.endFile(true);
      await session.commit();
      expect(await storedIndexes(store)).toEqual(all);
      expect(await queryTraceRows(store.db, { limit: 0 })).toHaveLength(60);
    } finally {
      await store.close();
    }
  });

  it('keeps the write-path indexes when the file that left the bulk load is rolled back, and all of them after a rolled-back import', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    try {
      const all = await storedIndexes(store);
      let session = await store.beginImport();
      await session.beginFile();
      await session.add(records(0, 30));
      await session.endFile(true);
      await session.beginFile();
      await session.add(records(0, 50).slice(20));
      expect(session.bulkLoading).toBe(false);
      await session.endFile(false);
      expect(rowTableIndexes(await indexNames(session)).sort()).toEqual([...WRITE_PATH_INDEXES].sort());
      await session.beginFile();
      expect(await session.add(records(0, 35).slice(25))).toEqual({ imported: 5, updated: 0, unchanged: 5 });
      await session.endFile(true);
      await session.commit();
      expect(await storedIndexes(store)).toEqual(all);
      expect(await queryTraceRows(store.db, { limit: 0 })).toHaveLength(35);
      await store.close();

      const empty = await openSqliteStore({ path: ':memory:' });
      session = await empty.beginImport();
      await session.beginFile();
      await session.add(records(0, 30));
      await session.rollback();
      expect(await storedIndexes(empty)).toEqual(all);
      expect(await queryTraceRows(empty.db, { limit: 0 })).toHaveLength(0);
      await empty.close();
    } finally {
      await store.close();
    }
  });

  it('leaves the file as it was when the process dies with indexes dropped and pages spilled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-trace-kill-'));
    const path = join(dir, 'trace.db');
    const store = await openSqliteStore({ path, deferIndexesAfterRows: 50, importCacheMiB: 0.1 });
    try {
      let session = await store.beginImport();
      await session.beginFile();
      await session.add(records(0, 40));
      await session.endFile(true);
      await session.commit();
      session = await store.beginImport();
      await session.beginFile();
      for (let i = 0; i < 10; i++) await session.add(records(1000 + i * 300, 300));
      // The database as a killed process leaves it: the files on disk, the transaction open.
      const copy = join(dir, 'killed.db');
      copyFileSync(path, copy);
      if (existsSync(path + '-wal')) copyFileSync(path + '-wal', copy + '-wal');
      expect(statSync(copy + '-wal').size).toBeGreaterThan(100_000);
      const reopened = await openSqliteStore({ path: copy });
      expect(await queryTraceRows(reopened.db, { limit: 0 })).toHaveLength(40);
      expect(await storedIndexes(reopened)).toEqual(await storedIndexes(await openSqliteStore({ path: ':memory:' })));
      await reopened.close();
      await session.rollback();
    } finally {
      await store.close();
    }
  });

  it('writes an empty database file in rollback-journal mode and returns to WAL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-trace-journal-'));
    const path = join(dir, 'trace.db');
    const store = await openSqliteStore({ path });
    const mode = async (session: TraceImportSession) => session.run(async (db) => (await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(db)).rows[0]?.journal_mode);
    try {
      let session = await store.beginImport();
      expect(await mode(session)).toBe('delete');
      await session.beginFile();
      await session.add(records(0, 30));
      await session.endFile(true);
      await session.commit();
      expect((await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(store.db)).rows[0]?.journal_mode).toBe('wal');
      session = await store.beginImport();
      expect(await mode(session)).toBe('wal');
      await session.rollback();
      expect(await queryTraceRows(store.db, { limit: 0 })).toHaveLength(30);
    } finally {
      await store.close();
    }
  });

  it('stays in WAL when another connection has the empty file open', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'md-trace-journal-')), 'trace.db');
    const store = await openSqliteStore({ path });
    const reader = await openSqliteStore({ path });
    try {
      expect(await queryTraceRows(reader.db, { limit: 0 })).toEqual([]);
      const session = await store.beginImport();
      expect(await session.run(async (db) => (await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(db)).rows[0]?.journal_mode)).toBe('wal');
      await session.beginFile();
      await session.add(records(0, 10));
      // The reader still sees the last commit.
      expect(await queryTraceRows(reader.db, { limit: 0 })).toEqual([]);
      await session.endFile(true);
      await session.commit();
      expect(await queryTraceRows(reader.db, { limit: 0 })).toHaveLength(10);
    } finally {
      await reader.close();
      await store.close();
    }
  });

  it('leaves an empty file empty when the process dies during its first import', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-trace-kill-'));
    const path = join(dir, 'trace.db');
    const store = await openSqliteStore({ path, deferIndexesAfterRows: 50, importCacheMiB: 0.1 });
    try {
      const session = await store.beginImport();
      await session.beginFile();
      for (let i = 0; i < 10; i++) await session.add(records(i * 300, 300));
      const copy = join(dir, 'killed.db');
      copyFileSync(path, copy);
      expect(statSync(copy).size).toBeGreaterThan(100_000);
      expect(existsSync(path + '-journal')).toBe(true);
      copyFileSync(path + '-journal', copy + '-journal');
      const reopened = await openSqliteStore({ path: copy });
      expect(await queryTraceRows(reopened.db, { limit: 0 })).toEqual([]);
      expect(await storedIndexes(reopened)).toEqual(await storedIndexes(await openSqliteStore({ path: ':memory:' })));
      await reopened.close();
      await session.rollback();
    } finally {
      await store.close();
    }
  });

  it('gives the page cache back after an import', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    try {
      const cacheSize = async () => (await sql<{ cache_size: number }>`PRAGMA cache_size`.execute(store.db)).rows[0]?.cache_size;
      const before = await cacheSize();
      let session = await store.beginImport();
      // An empty store: a bulk load, which appends with a small cache.
      expect(await session.run(async () => cacheSize())).toBe(-BULK_LOAD_CACHE_MIB * 1024);
      await session.add(records(0, 10));
      await session.commit();
      expect(await cacheSize()).toBe(before);
      session = await store.beginImport();
      expect(await session.run(async () => cacheSize())).toBe(-IMPORT_CACHE_MIB * 1024);
      await session.commit();
      expect(await cacheSize()).toBe(before);
    } finally {
      await store.close();
    }
  });
});

describe('KeyFilter', () => {
  it('never forgets a key and rarely claims one it was not given', () => {
    const filter = new KeyFilter();
    const keys = Array.from({ length: 50_000 }, (_, i) => `${i.toString(16).padStart(8, '0')}-1111-4222-8333-444444444444`);
    const claimed = keys.filter((key) => filter.addAndCheck(key)).length;
    expect(claimed).toBeLessThan(50);
    expect(keys.every((key) => filter.addAndCheck(key))).toBe(true);
    const others = Array.from({ length: 50_000 }, (_, i) => `mid:<${i}@example.org>`);
    expect(others.filter((key) => filter.addAndCheck(key)).length).toBeLessThan(50);
  });

  it('claims no key it was not given among a million (a false positive ends a bulk load)', () => {
    const filter = new KeyFilter();
    let claimed = 0;
    for (let i = 0; i < 1_000_000; i++) {
      // GUID-shaped keys that differ in few characters, as message trace ids of one export may.
      if (filter.addAndCheck(`${(i * 2654435761 >>> 0).toString(16).padStart(8, '0')}-5a1e-4c0d-9f00-${i.toString(16).padStart(12, '0')}`)) claimed++;
    }
    expect(claimed).toBe(0);
  });
});
