/**
 * `--db` to a store: a `postgres://` or `postgresql://` URL opens the PostgreSQL store, anything
 * else is a SQLite file path. Each driver is imported only when its store is asked for, so
 * that SQLite users never load `pg` (and PostgreSQL users never open better-sqlite3).
 * @module
 */
import { isPostgresTarget } from './postgres-target.js';
import type { TraceStore } from './trace-store.js';

export async function openTraceStore(target: string): Promise<TraceStore> {
  if (isPostgresTarget(target)) {
    const { openPostgresStore } = await import('./postgres-store.js');
    return openPostgresStore({ url: target });
  }
  const { openSqliteStore } = await import('./sqlite-store.js');
  return openSqliteStore({ path: target });
}
