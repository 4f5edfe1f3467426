import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTraceExport } from '../../src/trace/generator/write-trace-export.js';
import { runCliCaptured } from '../helpers/run-cli.js';

let dir = '';
let db = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maildoctor-trace-cli-'));
  db = join(dir, 'trace.db');
  writeTraceExport(join(dir, 'trace.csv'), { seed: 11, rows: 2000, format: 'exo-message-trace', dates: 'en-US', typeLine: true, encoding: 'utf-16le-bom' });
  writeTraceExport(join(dir, 'detail.json'), { seed: 11, rows: 2000, format: 'exo-message-trace-detail', container: 'json', encoding: 'utf-16le-bom' });
  writeFileSync(join(dir, 'bad-rows.csv'), '"Received","SenderAddress","RecipientAddress","Status","MessageTraceId"\n"junk","a@northwind.example","b@fabrikam.example","Delivered","7f6cf7a4-1a2b-4c3d-8e9f-0a1b2c3d4e5f"\n"11/9/2026 2:19:58 PM","a@northwind.example","b@fabrikam.example","Delivered","7f6cf7a4-1a2b-4c3d-8e9f-0a1b2c3d4e5f"\n');
  writeFileSync(join(dir, 'other.csv'), 'name,value\nx,1\n');
});

describe('maildoctor trace', () => {
  it('imports, then adds nothing on a second import', async () => {
    const first = await runCliCaptured(['trace', 'import', '--db', db, join(dir, 'trace.csv'), join(dir, 'detail.json')]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^imported \d+, updated \d+, unchanged \d+, skipped 0 \(4000 rows from 2 of 2 files/);
    const second = await runCliCaptured(['trace', 'import', '--db', db, join(dir, 'trace.csv')]);
    expect(second.stdout).toMatch(/^imported 0, updated 0, unchanged 2\d{3}, skipped 0/);
  });

  it('lists skipped rows as file:line and exits 0', async () => {
    const run = await runCliCaptured(['trace', 'import', '--db', join(dir, 'bad.db'), join(dir, 'bad-rows.csv')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('bad-rows.csv:2: skipped: Received "junk" is not a date');
    expect(run.stdout).toMatch(/^imported 1, updated 0, unchanged 0, skipped 1/);
  });

  it('exits 2 for an unrecognised or missing file and imports the others', async () => {
    const run = await runCliCaptured(['trace', 'import', '--db', join(dir, 'mixed.db'), join(dir, 'other.csv'), join(dir, 'nope.csv'), join(dir, 'bad-rows.csv')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/other\.csv: not a message-trace export/);
    expect(run.stderr).toMatch(/nope\.csv: ENOENT/);
    expect(run.stdout).toMatch(/from 1 of 3 files/);
  });

  it('queries with filters as text, JSON and CSV', async () => {
    const json = await runCliCaptured(['trace', 'query', '--db', db, '--status', 'failed', '--direction', 'outbound', '--limit', '0', '--json']);
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Array<{ status: string; direction: string; recipient: string }>;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === 'failed' && r.direction === 'outbound')).toBe(true);
    const csv = await runCliCaptured(['trace', 'query', '--db', db, '--domain', 'fabrikam.example', '--csv', '--limit', '5']);
    expect(csv.stdout.split('\r\n')[0]).toBe('received,sender,recipient,status,statusAt,direction,subject,messageId,messageKey,fromIp,toIp,size');
    const text = await runCliCaptured(['trace', 'query', '--db', db, '--since', '2026-03-23', '--until', '2026-03-24', '--limit', '3']);
    expect(text.stdout).toMatch(/^2026-03-23T/);
    expect(text.stdout).toMatch(/3 rows \(limit 3/);
  });

  it('rejects bad options with exit 2', async () => {
    expect((await runCliCaptured(['trace', 'query', '--db', db, '--status', 'lost'])).code).toBe(2);
    expect((await runCliCaptured(['trace', 'import', '--db', db, '--culture', 'xx', join(dir, 'trace.csv')])).code).toBe(2);
    expect((await runCliCaptured(['trace', 'query', '--db', 'postgres://localhost/x'])).stderr).toMatch(/PostgreSQL/);
  });
});
