/**
 * Two API servers on one PostgreSQL database (`--db postgres://...`), as behind a load
 * balancer: an export uploaded to one is queried from the other, and uploading it again to
 * the second adds nothing. Needs TEST_PG_URL (.ci/run starts a server and sets it); without it
 * the test is skipped with a note. Each run uses a schema of its own and drops it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { AUTH, TEST_TOKEN, createTestApi, type TestApi } from '../helpers/serve-app.js';

const PG_URL = process.env['TEST_PG_URL'];
const FIXTURE = join('test', 'fixtures', 'trace', 'eac-enhanced-summary', 'two-recipients.csv');

if (!PG_URL) {
  console.warn('shared-postgres.test.ts: TEST_PG_URL is not set, so servers sharing PostgreSQL are NOT tested here (.ci/run starts a server and sets it)');
  describe.skip('servers sharing PostgreSQL (needs TEST_PG_URL)', () => undefined);
} else {
  describe('two servers, one PostgreSQL database', () => {
    const schema = `md_serve_${process.pid}_${Date.now().toString(36)}`;
    const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;
    const servers: TestApi[] = [];

    afterAll(async () => {
      await Promise.all(servers.map((s) => s.close()));
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    });

    it('an upload to one server is visible from the other; the same upload to the other adds nothing', async () => {
      servers.push(await createTestApi({ token: TEST_TOKEN, db: url }), await createTestApi({ token: TEST_TOKEN, db: url }));
      const [a, b] = servers as [TestApi, TestApi];
      const imported = await a.app.inject({ method: 'POST', url: '/api/trace/import?name=two.csv', payload: readFileSync(FIXTURE), headers: { ...AUTH, 'content-type': 'text/csv' } });
      expect(JSON.parse(imported.body)).toMatchObject({ file: 'two.csv', imported: 2, unchanged: 0 });
      const rows = JSON.parse((await b.app.inject({ method: 'GET', url: '/api/trace/query', headers: AUTH })).body) as { rows: { recipient: string; status: string }[] };
      expect(rows.rows.map((r) => [r.recipient, r.status]).sort()).toEqual([['bob@fabrikam.example', 'delivered'], ['carol@adatum.example', 'failed']]);
      const again = await b.app.inject({ method: 'POST', url: '/api/trace/import', payload: readFileSync(FIXTURE), headers: { ...AUTH, 'content-type': 'text/csv' } });
      expect(JSON.parse(again.body)).toMatchObject({ imported: 0, unchanged: 2 });
    });
  });
}
