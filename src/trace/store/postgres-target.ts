/**
 * Reads a `--db postgres://user:password@host:port/database?schema=name` target: what to hand
 * to the `pg` driver, which schema to keep the trace tables in, and how to name the server in
 * messages without ever showing the password. The URL form is libpq's connection URI
 * (PostgreSQL documentation, "Connection Strings", section 34.1.1); `schema` is our own
 * parameter and is taken out before the driver sees the URL. A `host=` parameter (a socket
 * directory or another host) overrides the authority, as in libpq.
 * @module
 */
import { ToolkitError } from '../../core/errors.js';

export interface PostgresTarget {
  /** The URL for `pg`, without our `schema` parameter. */
  connectionString: string;
  /** Schema for the trace tables; undefined = the server's search_path (usually `public`). */
  schema: string | undefined;
  /** `host:port` for messages; never contains the user's password. */
  display: string;
  /** The password, so that it can be cut out of any driver message that repeats it. */
  secret: string;
  /** Server options at connection start (libpq `options`): the URL's, plus the schema's search_path. */
  startupOptions: string | undefined;
}

/** Unquoted PostgreSQL identifiers fold to lower case; accept only names that need no quoting. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function isPostgresTarget(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new ToolkitError('usage', `PostgreSQL schema "${schema}" must be lower-case letters, digits and _ (at most 63), starting with a letter or _`);
  return schema;
}

export function parsePostgresTarget(url: string, schema?: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ToolkitError('usage', 'the PostgreSQL URL is not valid (postgres://user@host:port/database)');
  }
  if (!/^postgres(ql)?:$/i.test(parsed.protocol)) throw new ToolkitError('usage', 'the PostgreSQL URL must start with postgres:// or postgresql://');
  const fromUrl = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  const chosen = schema ?? fromUrl ?? undefined;
  // The driver would let a URL `options` replace ours: join them instead.
  const urlOptions = parsed.searchParams.get('options');
  if (chosen !== undefined) parsed.searchParams.delete('options');
  const hostParam = parsed.searchParams.get('host');
  const host = hostParam || (parsed.hostname ? decodeURIComponent(parsed.hostname) : 'localhost');
  const port = parsed.searchParams.get('port') || parsed.port || '5432';
  const checked = chosen === undefined ? undefined : checkSchemaName(chosen);
  return {
    connectionString: parsed.toString(),
    schema: checked,
    display: `${host}:${port}`,
    secret: decodeURIComponent(parsed.password),
    startupOptions: checked === undefined ? undefined : [urlOptions, `-c search_path=${checked}`].filter(Boolean).join(' '),
  };
}

/** A driver or server message made safe to print: one line, no password. */
export function redactMessage(message: string, target: PostgresTarget): string {
  let text = message.replace(/\s+/g, ' ').trim();
  if (target.secret) text = text.split(target.secret).join('***');
  return text;
}
