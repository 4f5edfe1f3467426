import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTraceExport } from '../generator/write-trace-export.js';
import type { GeneratedDateStyle, GeneratedEncoding } from '../generator/render-trace-export.js';
import { queryTraceRows } from '../queries/query-trace-rows.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { TraceStore } from '../store/trace-store.js';
import type { TraceFormatId } from '../types.js';
import { importTraceFiles } from './import-trace-files.js';
import { importTraceFile } from './import-trace-file.js';
import { createTraceTimeParser } from './parse-trace-time.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'md-trace-import-'));
});

interface Variant {
  format: TraceFormatId;
  container: 'csv' | 'json';
  dates: GeneratedDateStyle;
  encoding: GeneratedEncoding;
  typeLine?: boolean;
  culture?: string;
}

const VARIANTS: Variant[] = [
  { format: 'exo-message-trace', container: 'csv', dates: 'en-US', encoding: 'utf-16le-bom', typeLine: true },
  { format: 'exo-message-trace', container: 'csv', dates: 'de-DE', encoding: 'utf-8-bom', culture: 'de-DE' },
  { format: 'exo-message-trace', container: 'json', dates: 'ms-date', encoding: 'utf-16le-bom' },
  { format: 'exo-message-trace', container: 'json', dates: 'iso-local', encoding: 'utf-8' },
  { format: 'exo-message-trace-detail', container: 'csv', dates: 'iso', encoding: 'utf-8' },
  { format: 'exo-message-trace-detail', container: 'json', dates: 'ms-date', encoding: 'utf-16le' },
  { format: 'eac-summary', container: 'csv', dates: 'iso', encoding: 'utf-8-bom' },
  { format: 'eac-enhanced-summary', container: 'csv', dates: 'iso', encoding: 'utf-16le-bom' },
  { format: 'eac-extended', container: 'csv', dates: 'iso', encoding: 'utf-8' },
];

const memoryStore = (): Promise<TraceStore> => openSqliteStore({ path: ':memory:' });

describe('importing generated exports', () => {
  for (const variant of VARIANTS) {
    const name = `${variant.format} ${variant.container} ${variant.dates} ${variant.encoding}${variant.typeLine ? ' #TYPE' : ''}`;
    it(name, async () => {
      const file = join(dir, name.replace(/[^a-z0-9]+/gi, '-') + '.' + variant.container);
      writeTraceExport(file, { seed: 7, rows: 3000, ...variant });
      const parseTime = createTraceTimeParser({ culture: variant.culture });
      const reader = await importTraceFile(file, parseTime);
      expect(reader.format).toBe(variant.format);
      expect(reader.container).toBe(variant.container);
      // Read to the end, which closes the file (a reader left half-read keeps it open until GC).
      let records = 0;
      for await (const batch of reader.batches()) records += batch.length;
      expect(records).toBeGreaterThan(0);
      const store = await memoryStore();
      try {
        const result = await importTraceFiles(store, [file], { time: { culture: variant.culture } });
        expect(result.failedFiles).toBe(0);
        expect(result.skipped).toEqual([]);
        expect(result.totals.rows).toBe(3000);
        expect(result.totals.imported).toBeGreaterThan(0);
        const rows = await queryTraceRows(store.db, { limit: 0 });
        // Times are UTC in March 2026, whatever the date style (the DST change is on 29 March).
        for (const row of rows) expect(new Date(row.receivedAt ?? row.statusAt ?? 0).toISOString().slice(0, 7)).toBe('2026-03');
        expect(rows.some((r) => r.subject?.includes('見積書') || r.subject?.includes('Müller') || r.subject === null)).toBe(true);
        // Importing the same file again adds nothing.
        const again = await importTraceFiles(store, [file], { time: { culture: variant.culture } });
        expect(again.totals.imported).toBe(0);
        expect(again.totals.updated).toBe(0);
        expect((await queryTraceRows(store.db, { limit: 0 })).length).toBe(rows.length);
      } finally {
        await store.close();
      }
    });
  }

  it('reads the same UTC times from every date style (DST offsets in PowerShell 7 JSON)', async () => {
    const times: number[][] = [];
    for (const dates of ['iso', 'en-US', 'ms-date', 'iso-local'] as const) {
      const file = join(dir, `times-${dates}`);
      writeTraceExport(file, { seed: 3, rows: 400, format: 'exo-message-trace', container: dates.startsWith('ms') || dates === 'iso-local' ? 'json' : 'csv', dates, start: Date.UTC(2026, 2, 28, 20), peakPerHour: 40 });
      const store = await memoryStore();
      await importTraceFiles(store, [file], { time: {} });
      times.push((await queryTraceRows(store.db, { limit: 0 })).map((r) => r.receivedAt ?? 0));
      await store.close();
    }
    expect(times[0]?.length).toBeGreaterThan(100);
    for (const list of times.slice(1)) expect(list).toEqual(times[0]);
  });

  it('updates a status from a later export (latest wins) and counts it', async () => {
    const pending = join(dir, 'pending.csv');
    const later = join(dir, 'later.csv');
    const head = '"Received","SenderAddress","RecipientAddress","Subject","Status","ToIP","FromIP","Size","MessageId","MessageTraceId"\r\n';
    const row = (status: string) => `"11/9/2026 2:19:58 PM","anna@northwind.example","bob@fabrikam.example","Hi","${status}","198.51.100.7","","1000","<x@northwind.example>","0f6cf7a4-1a2b-4c3d-8e9f-0a1b2c3d4e5f"\r\n`;
    writeFileSync(pending, head + row('Pending'));
    writeFileSync(later, head + row('Delivered'));
    const store = await memoryStore();
    const time = {};
    expect((await importTraceFiles(store, [pending], { time })).totals).toMatchObject({ imported: 1, updated: 0 });
    expect((await importTraceFiles(store, [later], { time })).totals).toMatchObject({ imported: 0, updated: 1 });
    const rows = await queryTraceRows(store.db, {});
    expect(rows[0]).toMatchObject({ status: 'delivered', receivedAt: Date.UTC(2026, 10, 9, 14, 19, 58) });
    await store.close();
  });

  it('leaves the database as it was when an import dies half-way', async () => {
    const path = join(dir, 'killed.db');
    const first = join(dir, 'first.csv');
    const big = join(dir, 'big.csv');
    writeTraceExport(first, { seed: 1, rows: 500, format: 'exo-message-trace' });
    writeTraceExport(big, { seed: 2, rows: 20_000, format: 'exo-message-trace' });
    const time = {};
    let store = await openSqliteStore({ path });
    await importTraceFiles(store, [first], { time });
    const before = (await queryTraceRows(store.db, { limit: 0 })).length;
    await expect(importTraceFiles(store, [big], {
      time,
      onProgress: (rows) => {
        if (rows > 8000) throw new Error('killed');
      },
    })).rejects.toThrow('killed');
    await store.close();
    store = await openSqliteStore({ path });
    expect((await queryTraceRows(store.db, { limit: 0 })).length).toBe(before);
    await store.close();
  });

  it('reports unreadable files and imports the others', async () => {
    const good = join(dir, 'good.csv');
    writeTraceExport(good, { seed: 5, rows: 10, format: 'eac-summary' });
    const unknown = join(dir, 'unknown.csv');
    writeFileSync(unknown, 'a,b,c\n1,2,3\n');
    const store = await memoryStore();
    const result = await importTraceFiles(store, [unknown, join(dir, 'missing.csv'), good], { time: {} });
    expect(result.failedFiles).toBe(2);
    expect(result.files[0]?.error).toMatch(/not a message-trace export/);
    expect(result.files[1]?.error).toMatch(/ENOENT/);
    expect(result.totals.rows).toBe(10);
    await store.close();
  });
});
