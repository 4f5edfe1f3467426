/**
 * The PostgreSQL store (`--db postgres://...`): the same schema files, the same Kysely queries
 * and the same import semantics as the SQLite store, on a `pg` Pool.
 *
 * - Migrations run on open, each file in its own transaction that first takes a transaction
 *   advisory lock (`pg_advisory_xact_lock`, PostgreSQL documentation "Advisory Lock
 *   Functions"), so that two processes opening a new database at once apply each file once.
 * - BIGINT (int8) and NUMERIC come back from `pg` as strings (they may not fit a JS number);
 *   the store's own type parser turns them into numbers, as SQLite gives them: times are
 *   milliseconds (far below 2^53) and sums and counts of this data are as small.
 * - An import is one client holding BEGIN ... COMMIT with a SAVEPOINT per file, and an
 *   advisory lock for its whole duration so that two imports into one schema take turns (as
 *   SQLite's BEGIN IMMEDIATE makes them); a process killed half-way drops its connection and
 *   the server rolls the transaction back. Rows are written set-based (postgres-write-batch.ts);
 *   `run(work)` gives the work a Kysely bound to that same client.
 * - Connection failures are a one-line ToolkitError naming host:port, never the password.
 * @module
 */
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { ToolkitError } from '../../core/errors.js';
import { PG_CONNECT_TIMEOUT_MS } from '../../core/limits.js';
import { loadMigrations } from './load-migrations.js';
import { parsePostgresTarget, redactMessage, type PostgresTarget } from './postgres-target.js';
import { addCountRows, writeTraceBatch, type SqlRunner } from './postgres-write-batch.js';
import type { TraceDatabase, TraceImportSession, TraceStore } from './trace-store.js';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`, optionally with `?schema=name`. */
  url: string;
  /** Schema for the trace tables (created when missing); overrides `?schema=`. */
  schema?: string | undefined;
  /** How long to wait for the server to accept a connection. */
  connectTimeoutMs?: number | undefined;
  /** Clock for the migration record. */
  now?: (() => number) | undefined;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** The `pg` type parsers with int8 and numeric as numbers, for this store's pool only (not pg's global types). */
const numberTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if ((oid === INT8_OID || oid === NUMERIC_OID) && format !== 'binary') return (value: string) => Number(value);
    return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** A 64-bit advisory lock key for one purpose in one schema (advisory locks are per database). */
function lockKey(purpose: string, target: PostgresTarget): string {
  return createHash('sha256').update(`maildoctor.trace:${purpose}:${target.schema ?? ''}`).digest().readBigInt64BE(0).toString();
}

/**
 * SQLSTATE classes that mean the server or the connection failed, not our SQL: 08 connection
 * exception, 53 insufficient resources, 57 operator intervention, 58 system error
 * (PostgreSQL documentation, Appendix A "Error Codes"). Errors without a SQLSTATE come from
 * the driver: the socket closed, the connection timed out.
 */
function isServerFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return /^(08|53|57|58)[0-9A-Z]{3}$/.test(code) || /^E[A-Z]+$/.test(code);
  return error instanceof Error && /^Connection terminated|not queryable|^timeout expired/i.test(error.message);
}

function asToolkitError(error: unknown, target: PostgresTarget, what: string): unknown {
  if (error instanceof ToolkitError || !isServerFailure(error)) return error;
  return new ToolkitError('config', `${what} PostgreSQL at ${target.display}: ${redactMessage(reason(error), target)}`);
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { errors?: unknown[] };
  // A host name with several addresses fails with an AggregateError whose own message is empty.
  if (!e.message && Array.isArray(e.errors) && e.errors.length > 0) return reason(e.errors[0]);
  return e.message || e.code || String(error);
}

async function migrate(pool: pg.Pool, target: PostgresTarget, now: () => number): Promise<void> {
  const client = await pool.connect();
  const key = lockKey('migrate', target);
  try {
    for (const migration of loadMigrations()) {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [key]);
        if (target.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${target.schema}`);
        await client.query('CREATE TABLE IF NOT EXISTS trace_schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
        const { rows } = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM trace_schema_version');
        if ((rows[0]?.v ?? 0) < migration.version) {
          for (const statement of migration.statements) await client.query(statement);
          await client.query('INSERT INTO trace_schema_version (version, applied_at) VALUES ($1, $2)', [migration.version, now()]);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (isServerFailure(error)) throw error;
        throw new ToolkitError('config', `cannot apply trace schema ${migration.name} in PostgreSQL at ${target.display}: ${redactMessage(reason(error), target)}`);
      }
    }
  } finally {
    client.release();
  }
}

/** A Kysely pool that always hands out the import's client and never gives it back early. */
function sessionPool(client: pg.PoolClient): PostgresPool {
  // Work that runs queries side by side (Promise.all) gets them one after another on the one client.
  let queue: Promise<unknown> = Promise.resolve();
  const lent: PostgresPoolClient = {
    query: ((text: string, values: readonly unknown[]) => {
      const result = queue.then(() => client.query(text, values as unknown[]));
      queue = result.catch(() => undefined);
      return result;
    }) as unknown as PostgresPoolClient['query'],
    release() {
      // The import session releases its client itself, at COMMIT or ROLLBACK.
    },
  };
  return { connect: async () => lent, end: async () => undefined };
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<TraceStore> {
  const target = parsePostgresTarget(options.url, options.schema);
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    connectionTimeoutMillis: options.connectTimeoutMs ?? PG_CONNECT_TIMEOUT_MS,
    types: numberTypes,
    max: 4,
    application_name: 'maildoctor',
    ...(target.startupOptions ? { options: target.startupOptions } : {}),
  });
  // An idle client whose server went away: the next query reports it.
  pool.on('error', () => undefined);
  try {
    await migrate(pool, target, options.now ?? Date.now);
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof ToolkitError) throw error;
    throw new ToolkitError('config', `cannot connect to PostgreSQL at ${target.display}: ${redactMessage(reason(error), target)}`);
  }
  const kysely = new Kysely<TraceDatabase>({ dialect: new PostgresDialect({ pool }) });
  let open = true;
  let active: { client: pg.PoolClient; finish: (sql: 'COMMIT' | 'ROLLBACK') => Promise<void> } | null = null;

  return {
    dialect: 'postgres',
    db: kysely,
    async beginImport(): Promise<TraceImportSession> {
      if (active) throw new ToolkitError('usage', 'an import is already running on this store');
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw new ToolkitError('config', `cannot connect to PostgreSQL at ${target.display}: ${redactMessage(reason(error), target)}`);
      }
      let broken: unknown = null;
      const onError = (error: Error): void => {
        broken = error;
      };
      client.on('error', onError);
      const guard = async <T>(work: () => Promise<T>): Promise<T> => {
        try {
          return await work();
        } catch (error) {
          throw asToolkitError(broken ?? error, target, 'lost the connection to');
        }
      };
      const runner: SqlRunner = { query: async <R>(text: string, values: unknown[]) => (await client.query(text, values)) as unknown as { rows: R[] } };
      const sessionDb = new Kysely<TraceDatabase>({ dialect: new PostgresDialect({ pool: sessionPool(client) }) });
      let savepoint = 0;
      let done = false;
      const finish = async (sql: 'COMMIT' | 'ROLLBACK'): Promise<void> => {
        if (done) return;
        done = true;
        active = null;
        try {
          if (!broken) await client.query(sql);
        } catch (error) {
          broken = error;
          if (sql === 'COMMIT') throw asToolkitError(error, target, 'could not commit the import to');
        } finally {
          client.off('error', onError);
          client.release(broken ? (broken as Error) : undefined);
          await sessionDb.destroy();
        }
        if (sql === 'COMMIT' && broken) throw asToolkitError(broken, target, 'lost the connection to');
      };
      active = { client, finish };
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey('import', target)]);
      } catch (error) {
        await finish('ROLLBACK');
        throw asToolkitError(error, target, 'cannot start an import in');
      }
      return {
        // No bulk load here: the set-based batch writes are already the fast path (postgres-write-batch.ts).
        bulkLoading: false,
        beginFile: () => guard(async () => {
          savepoint++;
          await client.query(`SAVEPOINT trace_file_${savepoint}`);
        }),
        add: (records) => guard(() => writeTraceBatch(runner, records)),
        addCounts: (target, rows) => guard(() => addCountRows(runner, target, rows)),
        settle: async () => undefined,
        endFile: (keep) => guard(async () => {
          if (!keep) await client.query(`ROLLBACK TO SAVEPOINT trace_file_${savepoint}`);
          await client.query(`RELEASE SAVEPOINT trace_file_${savepoint}`);
        }),
        run: (work) => guard(() => work(sessionDb)),
        commit: () => finish('COMMIT'),
        rollback: () => finish('ROLLBACK'),
      };
    },
    async close() {
      if (!open) return;
      open = false;
      if (active) await active.finish('ROLLBACK').catch(() => undefined);
      await kysely.destroy();
      // Kysely ends the pool only if it ever queried through it.
      if (!pool.ended) await pool.end();
    },
  };
}
