import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTraceDbPath } from './default-db-path.js';
import { openSqliteStore } from './sqlite-store.js';
import { traceStoreConformance } from './trace-store.conformance.js';

traceStoreConformance('sqlite (memory)', () => openSqliteStore({ path: ':memory:' }));
traceStoreConformance('sqlite (file, WAL)', () => openSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'md-trace-')), 'sub', 'trace.db') }));

describe('defaultTraceDbPath', () => {
  it('uses XDG_DATA_HOME, else ~/.local/share', () => {
    expect(defaultTraceDbPath({ XDG_DATA_HOME: '/x' }, 'linux')).toBe('/x/maildoctor/trace.db');
    expect(defaultTraceDbPath({ HOME: '/home/a' }, 'linux')).toBe('/home/a/.local/share/maildoctor/trace.db');
  });
});
