/**
 * The SQLite store (better-sqlite3, WAL). Imports use prepared statements directly, as the
 * hot path of `trace import`; queries go through Kysely like the PostgreSQL store's. An import
 * is one transaction (BEGIN ... COMMIT) with a savepoint per file: a process killed half-way
 * leaves only uncommitted WAL frames, which SQLite ignores on the next open.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { ToolkitError } from '../../core/errors.js';
import type { ImportCounts, TraceMessageRecord, TraceRecord } from '../types.js';
import { loadMigrations } from './load-migrations.js';
import { shouldReplaceStatus, type StoredStatus } from './merge-status.js';
import { addressDomain, type TraceDatabase, type TraceImportSession, type TraceStore } from './trace-store.js';

export interface SqliteStoreOptions {
  /** File path, or `:memory:`. */
  path: string;
}

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

function messageParams(m: TraceMessageRecord): unknown[] {
  return [
    m.key, m.messageTraceId ?? null, m.networkMessageId ?? null, m.messageId ?? null, m.sender ?? null,
    m.sender ? addressDomain(m.sender) || null : null, m.subject ?? null, m.size ?? null, m.direction ?? null,
    m.fromIp ?? null, m.toIp ?? null, m.clientIp ?? null, m.receivedAt ?? null,
  ];
}

const MESSAGE_COLUMNS = ['message_trace_id', 'network_message_id', 'message_id', 'sender', 'sender_domain', 'subject', 'size', 'direction', 'from_ip', 'to_ip', 'client_ip', 'received_at'];

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

  const upsertMessage = db.prepare(
    `INSERT INTO trace_messages (message_key, ${MESSAGE_COLUMNS.join(', ')}) VALUES (${Array(13).fill('?').join(', ')})
     ON CONFLICT (message_key) DO UPDATE SET ${MESSAGE_COLUMNS.map((c) => `${c} = COALESCE(excluded.${c}, trace_messages.${c})`).join(', ')}`,
  );
  const selectRecipient = db.prepare('SELECT status, status_at FROM trace_recipients WHERE message_key = ? AND recipient = ?');
  const insertRecipient = db.prepare('INSERT INTO trace_recipients (message_key, recipient, recipient_domain, status, status_at) VALUES (?, ?, ?, ?, ?)');
  const updateRecipient = db.prepare('UPDATE trace_recipients SET status = ?, status_at = ? WHERE message_key = ? AND recipient = ?');
  const insertEvent = db.prepare(
    'INSERT INTO trace_events (message_key, recipient, event, event_at, action, detail, data) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );

  function addOne(record: TraceRecord, counts: ImportCounts): void {
    const key = record.message.key;
    const existing = selectRecipient.get(key, record.recipient) as StoredStatus | undefined;
    let outcome: keyof ImportCounts = 'unchanged';
    if (!existing) {
      insertRecipient.run(key, record.recipient, addressDomain(record.recipient), record.status?.value ?? null, record.status?.at ?? null);
      outcome = 'imported';
    } else if (record.status && shouldReplaceStatus(existing, record.status)) {
      updateRecipient.run(record.status.value, record.status.at, key, record.recipient);
      outcome = 'updated';
    }
    for (const event of record.events) {
      const added = insertEvent.run(key, record.recipient, event.event, event.at, event.action ?? null, event.detail ?? null, event.data ?? null).changes;
      if (added > 0 && outcome === 'unchanged') outcome = 'imported';
    }
    counts[outcome]++;
  }

  let open = true;
  let sessionActive = false;
  return {
    dialect: 'sqlite',
    db: kysely,
    async beginImport(): Promise<TraceImportSession> {
      if (sessionActive) throw new ToolkitError('usage', 'an import is already running on this store');
      db.exec('BEGIN IMMEDIATE');
      sessionActive = true;
      let savepoint = 0;
      const finish = (sql: string): void => {
        if (!sessionActive) return;
        sessionActive = false;
        if (db.inTransaction) db.exec(sql);
      };
      return {
        async beginFile() {
          savepoint++;
          db.exec(`SAVEPOINT trace_file_${savepoint}`);
        },
        async add(records) {
          const counts: ImportCounts = { imported: 0, updated: 0, unchanged: 0 };
          let lastMessage: TraceMessageRecord | null = null;
          for (const record of records) {
            // The records of one row share their message object: write it once.
            if (record.message !== lastMessage) {
              upsertMessage.run(...messageParams(record.message));
              lastMessage = record.message;
            }
            addOne(record, counts);
          }
          return counts;
        },
        async endFile(keep) {
          if (!keep) db.exec(`ROLLBACK TO trace_file_${savepoint}`);
          db.exec(`RELEASE trace_file_${savepoint}`);
        },
        async run(work) {
          // better-sqlite3 is one connection: Kysely's statements run inside the open BEGIN.
          return work(kysely);
        },
        async commit() {
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
