/**
 * `GET /api/trace/report` and `GET /api/trace/message` in-process, on a store filled by
 * uploading a generated export: each answers exactly what `maildoctor trace report --json` and
 * `trace message --json` print for the same database; unknown ids are 404, bad ranges and a
 * missing id 400, and without the token 401 before the query is even validated.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTraceExport } from '../../src/trace/generator/write-trace-export.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { AUTH, TEST_TOKEN, createTestApi, type TestApi } from '../helpers/serve-app.js';

let api: TestApi;

beforeAll(async () => {
  api = await createTestApi({ token: TEST_TOKEN });
  const file = join(mkdtempSync(join(tmpdir(), 'maildoctor-serve-report-')), 'trace.csv');
  writeTraceExport(file, { seed: 11, rows: 1200, format: 'exo-message-trace-detail', dates: 'en-US' });
  const upload = await api.app.inject({ method: 'POST', url: '/api/trace/import?name=trace.csv', payload: readFileSync(file), headers: { ...AUTH, 'content-type': 'text/csv' } });
  expect(upload.statusCode).toBe(200);
});
afterAll(() => api.close());

const get = (url: string, headers: Record<string, string> = AUTH) => api.app.inject({ method: 'GET', url, headers });

describe('GET /api/trace/report', () => {
  it('answers what `trace report --json` prints, for the whole store and for a range', async () => {
    const all = await get('/api/trace/report');
    expect(all.statusCode).toBe(200);
    const report = JSON.parse(all.body);
    const cli = await runCliCaptured(['trace', 'report', '--db', api.config.db, '--json']);
    expect(cli.code).toBe(0);
    expect(report).toEqual(JSON.parse(cli.stdout));
    expect(report.totals.total).toBeGreaterThan(0);
    expect(report.failuresByReason.length).toBeGreaterThan(0);

    // A range inside the stored hours, and --top.
    const since = report.byHour[2].hour as string;
    const until = report.byHour[6].hour as string;
    const ranged = JSON.parse((await get(`/api/trace/report?since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}&top=3`)).body);
    const cliRanged = await runCliCaptured(['trace', 'report', '--db', api.config.db, '--since', since, '--until', until, '--top', '3', '--json']);
    expect(ranged).toEqual(JSON.parse(cliRanged.stdout));
    expect(ranged.range).toMatchObject({ since, until, hours: 4 });
    expect(ranged.totals.total).toBeLessThan(report.totals.total);
    expect(ranged.byDomain.length).toBeLessThanOrEqual(3);
  });

  it('bad times, until not after since, and a bad top are 400 with the field', async () => {
    for (const [query, field] of [['since=yesterday', 'querystring.since'], ['until=2026-13-40', 'querystring.until'], ['since=2026-11-10&until=2026-11-09', 'querystring.until'], ['top=0', 'querystring.top']]) {
      const response = await get(`/api/trace/report?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ code: 'validation', errors: [expect.objectContaining({ field })] });
    }
  });

  it('needs the token: 401 before the query is validated', async () => {
    const response = await get('/api/trace/report?since=yesterday', {});
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'unauthorized' });
  });
});

describe('GET /api/trace/message', () => {
  it('answers {query, messages} as `trace message --json` prints them, for a failed message', async () => {
    const failed = JSON.parse((await get('/api/trace/query?status=failed&limit=1')).body).rows[0] as { messageId: string; recipient: string };
    expect(failed.messageId).toBeTruthy();
    const response = await get(`/api/trace/message?id=${encodeURIComponent(failed.messageId)}`);
    expect(response.statusCode).toBe(200);
    const answer = JSON.parse(response.body);
    const cli = await runCliCaptured(['trace', 'message', failed.messageId, '--db', api.config.db, '--json']);
    expect(cli.code).toBe(0);
    expect(answer).toEqual(JSON.parse(cli.stdout));
    expect(answer.query).toBe(failed.messageId);
    const recipient = answer.messages[0].recipients.find((r: { recipient: string }) => r.recipient === failed.recipient);
    expect(recipient).toMatchObject({ status: 'failed' });
    expect(answer.messages[0].events.length).toBeGreaterThan(0);
  });

  it('an id nothing has is 404 (the CLI exits 1); no id, or an empty one, is 400', async () => {
    const none = await get('/api/trace/message?id=%3Cnobody%40example.com%3E');
    expect(none.statusCode).toBe(404);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(none.body)).toMatchObject({ code: 'not-found' });
    const cli = await runCliCaptured(['trace', 'message', '<nobody@example.com>', '--db', api.config.db, '--json']);
    expect(cli.code).toBe(1);
    for (const query of ['', '?id=', '?id=%20']) {
      const response = await get(`/api/trace/message${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ code: 'validation', errors: [expect.objectContaining({ field: 'querystring.id' })] });
    }
  });

  it('needs the token: 401 before the query is validated', async () => {
    const response = await get('/api/trace/message', { authorization: 'Bearer wrong-token-0123456789' });
    expect(response.statusCode).toBe(401);
  });
});

describe('the OpenAPI document', () => {
  it('lists the report and message routes with their schemas, behind the token', async () => {
    const doc = JSON.parse((await get('/api/openapi.json', {})).body);
    for (const path of ['/api/trace/report', '/api/trace/message']) {
      expect(doc.paths[path].get.security).toEqual([{ bearerAuth: [] }]);
      expect(doc.paths[path].get.responses['200']).toBeDefined();
    }
    expect(doc.paths['/api/trace/message'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['id']);
    expect(doc.paths['/api/trace/report'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['since', 'until', 'top']);
  });
});
