/** Walks test/fixtures/trace/<format>/<case>.* and compares each import to its .expect.json. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTraceFile } from '../../src/trace/import/import-trace-file.js';
import { createTraceTimeParser } from '../../src/trace/import/parse-trace-time.js';
import type { TraceRecord } from '../../src/trace/types.js';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'trace');

interface Expect {
  format: string;
  encoding: string;
  culture?: string;
  records: Array<{ line: number; recipient: string; sender: string; key: string; status: string; at: string; subject?: string; events?: string[] }>;
  skipped: Array<{ line: number; reason: string }>;
}

describe('trace import fixtures', () => {
  for (const format of readdirSync(ROOT)) {
    for (const name of readdirSync(join(ROOT, format)).filter((n) => !n.endsWith('.expect.json'))) {
      it(`${format}/${name}`, async () => {
        const file = join(ROOT, format, name);
        const expected = JSON.parse(readFileSync(file.replace(/\.[a-z]+$/, '.expect.json'), 'utf8')) as Expect;
        const reader = await importTraceFile(file, createTraceTimeParser({ culture: expected.culture }));
        expect(reader.format).toBe(expected.format);
        expect(reader.encoding).toBe(expected.encoding);
        const records: TraceRecord[] = [];
        for await (const batch of reader.batches()) records.push(...batch);
        expect(records.map((r) => ({
          line: r.line, recipient: r.recipient, sender: r.message.sender, key: r.message.key, status: r.status?.value,
          at: new Date(r.status?.at ?? 0).toISOString(),
          ...(r.message.subject !== undefined ? { subject: r.message.subject } : {}),
          ...(r.events.length ? { events: r.events.map((e) => e.event) } : {}),
        }))).toEqual(expected.records);
        expect(reader.skipped.map(({ line, reason }) => ({ line, reason }))).toEqual(expected.skipped);
      });
    }
  }
});
