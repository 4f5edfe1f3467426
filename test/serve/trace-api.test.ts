/**
 * The trace routes in-process: an export uploaded as the body is streamed into the data
 * directory, imported as `maildoctor trace import` does, and removed; queries answer as
 * `trace query --json`. Oversized uploads stop at the limit (413) and leave no file; files
 * in unknown formats are 422 with the upload's name, never the temporary path.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTraceExport } from '../../src/trace/generator/write-trace-export.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { AUTH, TEST_TOKEN, createTestApi, type TestApi } from '../helpers/serve-app.js';

const FIXTURE = join('test', 'fixtures', 'trace', 'exo-message-trace', 'type-line-quoted-newline-utf16.csv');

let api: TestApi;
let generated = '';
beforeAll(async () => {
  api = await createTestApi({ token: TEST_TOKEN, maxUploadBytes: 2 * 1024 * 1024 });
  generated = join(mkdtempSync(join(tmpdir(), 'maildoctor-serve-trace-')), 'trace.csv');
  writeTraceExport(generated, { seed: 5, rows: 1500, format: 'exo-message-trace', dates: 'en-US', typeLine: true, encoding: 'utf-16le-bom' });
});
afterAll(() => api.close());

async function upload(body: Buffer | string, query = '', headers: Record<string, string> = {}) {
  return api.app.inject({ method: 'POST', url: `/api/trace/import${query}`, payload: body, headers: { ...AUTH, 'content-type': 'text/csv', ...headers } });
}

const uploads = (): string[] => (existsSync(join(api.dir, 'uploads')) ? readdirSync(join(api.dir, 'uploads')) : []);

describe('POST /api/trace/import', () => {
  it('imports an upload like `trace import` (counts, skipped rows by line), leaves no file behind, and adds nothing the second time', async () => {
    const response = await upload(readFileSync(FIXTURE), '?name=export.csv');
    expect(response.statusCode).toBe(200);
    const result = JSON.parse(response.body);
    expect(result).toMatchObject({ file: 'export.csv', format: 'exo-message-trace', imported: 1, updated: 0, unchanged: 0, skipped: 2 });
    expect(result.skippedRows.map((r: { line: number }) => r.line)).toEqual([5, 6]);
    expect(result.skippedRows[0].reason).toContain('is not a date');
    const cli = await runCliCaptured(['trace', 'import', '--db', join(mkdtempSync(join(tmpdir(), 'maildoctor-serve-cli-')), 't.db'), FIXTURE]);
    expect(cli.stdout).toMatch(new RegExp(`^imported ${result.imported}, updated ${result.updated}, unchanged ${result.unchanged}, skipped ${result.skipped} `));
    expect(uploads()).toEqual([]);
    const again = JSON.parse((await upload(readFileSync(FIXTURE))).body);
    expect(again).toMatchObject({ file: 'upload', imported: 0, unchanged: 1 });
  });

  it('streams a larger export (any media type, here none named) into the same database', async () => {
    const response = await upload(readFileSync(generated), '?name=big.csv', { 'content-type': 'application/octet-stream' });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ rows: 1500, skipped: 0 });
  });

  it('no body at all is 400; an empty file is an export of no known format (422)', async () => {
    const none = await api.app.inject({ method: 'POST', url: '/api/trace/import', headers: AUTH });
    expect(JSON.parse(none.body)).toMatchObject({ status: 400, code: 'bad-request', detail: 'the body must be the export file' });
    const empty = await upload('');
    expect(JSON.parse(empty.body)).toMatchObject({ status: 422, code: 'unreadable-input' });
  });

  it('the upload limit, not the body limit of the other routes, bounds an upload', async () => {
    const small = await createTestApi({ token: TEST_TOKEN, maxBodyBytes: 4096 });
    try {
      const response = await small.app.inject({ method: 'POST', url: '/api/trace/import', payload: readFileSync(generated), headers: { ...AUTH, 'content-type': 'text/csv' } });
      expect(response.statusCode).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ rows: 1500 });
    } finally {
      await small.close();
    }
  });

  it('an upload past the limit is 413 and its partial file is removed', async () => {
    const big = Buffer.alloc(api.config.maxUploadBytes + 1, 0x41);
    const response = await upload(big);
    expect(JSON.parse(response.body)).toMatchObject({ status: 413, code: 'payload-too-large' });
    expect(uploads()).toEqual([]);
  });

  it('an unknown format is 422 naming the upload, not the temporary file; a bad culture 400 before anything is stored', async () => {
    const response = await upload('name,value\nx,1\n', '?name=notes.csv');
    const problem = JSON.parse(response.body);
    expect(problem).toMatchObject({ status: 422, code: 'unreadable-input' });
    expect(problem.detail).toMatch(/^notes\.csv: not a message-trace export/);
    expect(response.body).not.toContain(api.dir);
    expect(uploads()).toEqual([]);
    const culture = JSON.parse((await upload(readFileSync(FIXTURE), '?culture=xx-XX')).body);
    expect(culture).toMatchObject({ status: 400, code: 'bad-request' });
    expect(culture.detail).toContain('--culture xx-XX is not known');
  });

  it('nothing is ever written outside the data directory (uploads go to <data-dir>/uploads)', async () => {
    const other = await createTestApi({ token: TEST_TOKEN });
    try {
      await other.app.inject({ method: 'POST', url: '/api/trace/import?name=../../escape.csv', payload: readFileSync(FIXTURE), headers: { ...AUTH, 'content-type': 'text/csv' } });
      expect(readdirSync(other.dir).sort()).toEqual(['trace.db', 'trace.db-shm', 'trace.db-wal', 'uploads'].filter((n) => existsSync(join(other.dir, n))).sort());
      expect(existsSync(join(other.dir, '..', 'escape.csv'))).toBe(false);
    } finally {
      await other.close();
    }
  });
});

describe('GET /api/trace/query', () => {
  it('answers rows as `trace query --json` prints them', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/api/trace/query?status=failed&limit=50', headers: AUTH });
    expect(response.statusCode).toBe(200);
    const result = JSON.parse(response.body);
    const cli = await runCliCaptured(['trace', 'query', '--db', api.config.db, '--status', 'failed', '--limit', '50', '--json']);
    expect(result.rows).toEqual(JSON.parse(cli.stdout));
    expect(result.rows.length).toBeGreaterThan(0);
    expect(result.rows.every((r: { status: string }) => r.status === 'failed')).toBe(true);
  });

  it('limit and more; since/until in ISO 8601 (UTC); every filter of the CLI', async () => {
    const page = JSON.parse((await api.app.inject({ method: 'GET', url: '/api/trace/query?limit=10', headers: AUTH })).body);
    expect(page).toMatchObject({ count: 10, limit: 10, more: true });
    const all = JSON.parse((await api.app.inject({ method: 'GET', url: '/api/trace/query?limit=10000', headers: AUTH })).body);
    expect(all.more).toBe(false);
    const first = all.rows[all.rows.length - 1].receivedAt as string;
    const since = JSON.parse((await api.app.inject({ method: 'GET', url: `/api/trace/query?limit=10000&since=${encodeURIComponent(first)}&until=${encodeURIComponent(first.replace('Z', ''))}`, headers: AUTH })).body);
    expect(since.count).toBe(0);
    const cli = await runCliCaptured(['trace', 'query', '--db', api.config.db, '--recipient', '*@fabrikam.example', '--direction', 'outbound', '--limit', '100', '--json']);
    const api2 = JSON.parse((await api.app.inject({ method: 'GET', url: '/api/trace/query?recipient=*@fabrikam.example&direction=outbound&limit=100', headers: AUTH })).body);
    expect(api2.rows).toEqual(JSON.parse(cli.stdout));
  });

  it('bad filters are 400 with the field', async () => {
    for (const [query, field] of [['status=lost', 'querystring.status'], ['since=yesterday', 'querystring.since'], ['limit=0', 'querystring.limit'], ['limit=10001', 'querystring.limit'], ['direction=up', 'querystring.direction']]) {
      const response = await api.app.inject({ method: 'GET', url: `/api/trace/query?${query}`, headers: AUTH });
      expect(response.statusCode, query).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ code: 'validation', errors: [expect.objectContaining({ field })] });
    }
  });
});
