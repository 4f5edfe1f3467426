import { describe, expect, it } from 'vitest';
import { ToolkitError } from '../../core/errors.js';
import { isPostgresTarget, parsePostgresTarget, redactMessage } from './postgres-target.js';

describe('parsePostgresTarget', () => {
  it('tells PostgreSQL URLs from file paths', () => {
    expect(isPostgresTarget('postgres://db.example.net/mail')).toBe(true);
    expect(isPostgresTarget('PostgreSQL://db.example.net/mail')).toBe(true);
    expect(isPostgresTarget('/var/lib/maildoctor/postgres.db')).toBe(false);
    expect(isPostgresTarget('postgres.db')).toBe(false);
  });

  it('names host:port, takes the schema out of the URL and keeps the other parameters', () => {
    const target = parsePostgresTarget('postgres://md:p%40ss@db.example.net:6543/mail?schema=trace&sslmode=require');
    expect(target.display).toBe('db.example.net:6543');
    expect(target.schema).toBe('trace');
    expect(target.secret).toBe('p@ss');
    expect(new URL(target.connectionString).searchParams.get('schema')).toBeNull();
    expect(new URL(target.connectionString).searchParams.get('sslmode')).toBe('require');
    expect(target.startupOptions).toBe('-c search_path=trace');
  });

  it('defaults to localhost:5432, honours host= and an explicit schema, and joins URL options', () => {
    expect(parsePostgresTarget('postgresql:///mail').display).toBe('localhost:5432');
    expect(parsePostgresTarget('postgres:///mail?host=/run/postgresql').display).toBe('/run/postgresql:5432');
    const target = parsePostgresTarget('postgres://h/mail?schema=a&options=-c%20statement_timeout%3D0', 'b');
    expect(target.schema).toBe('b');
    expect(target.startupOptions).toBe('-c statement_timeout=0 -c search_path=b');
    expect(new URL(target.connectionString).searchParams.get('options')).toBeNull();
    expect(parsePostgresTarget('postgres://h/mail?options=-c%20x%3D1').startupOptions).toBeUndefined();
  });

  it('rejects a schema name that would need quoting, and a URL it cannot read', () => {
    for (const schema of ['Trace', 'a-b', 'x;drop', '1abc', 'a'.repeat(64)]) {
      expect(() => parsePostgresTarget('postgres://h/db', schema)).toThrow(ToolkitError);
    }
    expect(() => parsePostgresTarget('postgres://u:secret@[::1/db')).toThrow(/not valid/);
    expect(() => parsePostgresTarget('postgres://u:secret@[::1/db')).not.toThrow(/secret/);
  });

  it('makes driver messages one line without the password', () => {
    const target = parsePostgresTarget('postgres://md:hunter2@db.example.net/mail');
    expect(redactMessage('password authentication failed\n for "md" (hunter2)', target)).toBe('password authentication failed for "md" (***)');
  });
});
