/**
 * `POST /api/trace/import` with `Accept: application/x-ndjson`: progress lines while the rows
 * are stored, then the result line, which is the plain JSON answer for the same upload; a
 * problem found after the answer started is the last line; one found before is answered as
 * usual. The clock is fixed, so progress lines come every 10,000 rows (and for the first batch).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTraceExport } from '../../src/trace/generator/write-trace-export.js';
import { AUTH, TEST_TOKEN, createTestApi, type TestApi } from '../helpers/serve-app.js';

const fixedClock = { now: () => new Date('2026-01-01T00:00:00Z') };
const NDJSON = { ...AUTH, 'content-type': 'text/csv', accept: 'application/x-ndjson, application/json' };

let streamed: TestApi;
let plain: TestApi;
let exportFile: Buffer;
beforeAll(async () => {
  streamed = await createTestApi({ token: TEST_TOKEN }, { clock: fixedClock });
  plain = await createTestApi({ token: TEST_TOKEN }, { clock: fixedClock });
  const path = join(mkdtempSync(join(tmpdir(), 'maildoctor-serve-ndjson-')), 'trace.csv');
  writeTraceExport(path, { seed: 9, rows: 25_000, format: 'exo-message-trace', dates: 'iso' });
  exportFile = readFileSync(path);
});
afterAll(async () => {
  await streamed.close();
  await plain.close();
});

const lines = (body: string): Array<Record<string, unknown>> => body.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line));

describe('POST /api/trace/import as NDJSON', () => {
  it('streams progress lines, then the result the JSON answer gives for the same upload', async () => {
    const response = await streamed.app.inject({ method: 'POST', url: '/api/trace/import?name=big.csv', payload: exportFile, headers: NDJSON });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(response.body.endsWith('\n')).toBe(true);
    const all = lines(response.body);
    const progress = all.slice(0, -1);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.every((p) => p['type'] === 'progress' && p['file'] === 'big.csv')).toBe(true);
    const rows = progress.map((p) => p['rows'] as number);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    // Throttled: with the clock standing still, at least 10,000 rows between two lines.
    for (let i = 1; i < rows.length; i++) expect(rows[i]! - rows[i - 1]!).toBeGreaterThanOrEqual(10_000);
    const last = all[all.length - 1]!;
    expect(last['type']).toBe('result');

    const json = await plain.app.inject({ method: 'POST', url: '/api/trace/import?name=big.csv', payload: exportFile, headers: { ...AUTH, 'content-type': 'text/csv' } });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    const { type: _type, ...result } = last;
    expect(result).toEqual(JSON.parse(json.body));
    expect(result).toMatchObject({ rows: 25_000 });
    expect(rows[rows.length - 1]).toBeLessThanOrEqual(25_000);
  });

  it('an export of no known format ends the stream with an error line holding the problem details', async () => {
    const response = await streamed.app.inject({ method: 'POST', url: '/api/trace/import?name=notes.csv', payload: 'name,value\nx,1\n', headers: NDJSON });
    expect(response.statusCode).toBe(200);
    const all = lines(response.body);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ type: 'error', problem: { status: 422, code: 'unreadable-input' } });
    expect((all[0]!['problem'] as { detail: string }).detail).toMatch(/^notes\.csv: not a message-trace export/);
    expect(response.body).not.toContain(streamed.dir);
  });

  it('problems found before the file is stored are answered as usual (a bad culture: 400 problem+json)', async () => {
    const response = await streamed.app.inject({ method: 'POST', url: '/api/trace/import?culture=xx-XX', payload: exportFile, headers: NDJSON });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(response.body)).toMatchObject({ status: 400, code: 'bad-request' });
  });
});
