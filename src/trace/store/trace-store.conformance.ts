/**
 * The cases every TraceStore must pass, run by sqlite-store.test.ts and (next) by
 * postgres-store.test.ts with a factory that returns a fresh, empty store.
 * @module
 */
import { describe, expect, it } from 'vitest';
import { queryTraceRows } from '../queries/query-trace-rows.js';
import { traceSummaryConformance } from '../summary/trace-summaries.conformance.js';
import type { TraceRecord } from '../types.js';
import type { TraceStore } from './trace-store.js';
import { withFreshStore } from './with-fresh-store.js';

export type TraceStoreFactory = () => Promise<TraceStore>;

const T0 = Date.UTC(2026, 10, 9, 14, 19, 58);

function record(overrides: Partial<TraceRecord> & { key?: string } = {}): TraceRecord {
  const key = overrides.key ?? '11111111-2222-4333-a444-555555555555';
  return {
    line: 2,
    message: { key, messageTraceId: key, messageId: '<a1@northwind.example>', sender: 'anna@northwind.example', subject: 'Réunion, budget', size: 1234, direction: 'outbound', toIp: '198.51.100.7', receivedAt: T0 },
    recipient: 'bob@fabrikam.example',
    status: { value: 'pending', at: T0 },
    events: [{ event: 'RECEIVE', at: T0, detail: 'Message received by: AM0PR' }],
    ...overrides,
  };
}

async function add(store: TraceStore, records: TraceRecord[]) {
  const session = await store.beginImport();
  await session.beginFile();
  const counts = await session.add(records);
  await session.endFile(true);
  await session.commit();
  return counts;
}

export function traceStoreConformance(name: string, factory: TraceStoreFactory): void {
  describe(`TraceStore conformance: ${name}`, () => {
    const withStore = withFreshStore(factory);

    it('stores a record and reads it back', withStore(async (store) => {
      expect(await add(store, [record()])).toEqual({ imported: 1, updated: 0, unchanged: 0 });
      const rows = await queryTraceRows(store.db, {});
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ sender: 'anna@northwind.example', recipient: 'bob@fabrikam.example', status: 'pending', receivedAt: T0, subject: 'Réunion, budget', size: 1234 });
    }));

    it('adds nothing when the same records are imported again', withStore(async (store) => {
      await add(store, [record()]);
      expect(await add(store, [record()])).toEqual({ imported: 0, updated: 0, unchanged: 1 });
      expect(await queryTraceRows(store.db, {})).toHaveLength(1);
    }));

    it('lets a later status win, and a final status beat a transient one at the same time', withStore(async (store) => {
      await add(store, [record()]);
      const delivered = record({ status: { value: 'delivered', at: T0 + 5000 }, events: [{ event: 'SEND', at: T0 + 5000 }] });
      expect(await add(store, [delivered])).toEqual({ imported: 0, updated: 1, unchanged: 0 });
      // An older export read afterwards does not bring Pending back.
      expect(await add(store, [record()])).toEqual({ imported: 0, updated: 0, unchanged: 1 });
      expect((await queryTraceRows(store.db, {}))[0]?.status).toBe('delivered');
      const other = { key: '99999999-2222-4333-a444-555555555555' };
      await add(store, [record({ ...other, status: { value: 'delivered', at: T0 } })]);
      await add(store, [record({ ...other, status: { value: 'pending', at: T0 } })]);
      expect((await queryTraceRows(store.db, { messageId: other.key }))[0]?.status).toBe('delivered');
    }));

    it('keeps retries (the same event at different times) apart', withStore(async (store) => {
      const defers = [1, 2, 3].map((n) => record({ status: { value: 'pending', at: T0 + n * 60_000 }, events: [{ event: 'DEFER', at: T0 + n * 60_000, detail: `451 4.7.1 try ${n}` }] }));
      const counts = await add(store, defers);
      expect(counts.imported + counts.updated).toBe(3);
      const events = await store.db.selectFrom('trace_events').selectAll().execute();
      expect(events.filter((e) => e.event === 'DEFER')).toHaveLength(3);
    }));

    it('undoes a file rolled back to its savepoint, and a whole rolled-back import', withStore(async (store) => {
      const session = await store.beginImport();
      await session.beginFile();
      await session.add([record()]);
      await session.endFile(true);
      await session.beginFile();
      await session.add([record({ recipient: 'carol@tailspin.example' })]);
      await session.endFile(false);
      await session.commit();
      expect((await queryTraceRows(store.db, {})).map((r) => r.recipient)).toEqual(['bob@fabrikam.example']);
      const failed = await store.beginImport();
      await failed.beginFile();
      await failed.add([record({ recipient: 'dave@adatum.example' })]);
      await failed.rollback();
      expect(await queryTraceRows(store.db, {})).toHaveLength(1);
    }));

    it('filters queries', withStore(async (store) => {
      const second = '22222222-2222-4333-a444-555555555555';
      await add(store, [
        record(),
        record({ recipient: 'carol@tailspin.example', status: { value: 'failed', at: T0 + 1000 } }),
        record({ key: second, message: { key: second, messageId: '<b2@example.org>', sender: 'eve@example.org', subject: '見積書', direction: 'inbound', fromIp: '203.0.113.9', receivedAt: T0 + 86_400_000 }, recipient: 'anna@northwind.example', status: { value: 'filtered-as-spam', at: T0 + 86_400_000 } }),
      ]);
      const q = async (filters: Parameters<typeof queryTraceRows>[1]) => (await queryTraceRows(store.db, filters)).map((r) => r.recipient).sort();
      expect(await q({ sender: 'ANNA@northwind.example' })).toEqual(['bob@fabrikam.example', 'carol@tailspin.example']);
      expect(await q({ sender: '*@example.org' })).toEqual(['anna@northwind.example']);
      expect(await q({ recipient: 'carol@tailspin.example' })).toEqual(['carol@tailspin.example']);
      expect(await q({ domain: 'tailspin.example' })).toEqual(['carol@tailspin.example']);
      expect(await q({ domain: 'example.org' })).toEqual(['anna@northwind.example']);
      expect(await q({ status: 'failed' })).toEqual(['carol@tailspin.example']);
      expect(await q({ since: T0 + 3_600_000 })).toEqual(['anna@northwind.example']);
      expect(await q({ until: T0 + 3_600_000 })).toHaveLength(2);
      expect(await q({ messageId: 'b2@example.org' })).toEqual(['anna@northwind.example']);
      expect(await q({ messageId: '<a1@northwind.example>' })).toHaveLength(2);
      expect(await q({ messageId: '11111111-2222-4333-A444-555555555555' })).toHaveLength(2);
      expect(await q({ subject: 'budget' })).toEqual(['bob@fabrikam.example', 'carol@tailspin.example']);
      expect(await q({ subject: '50%' })).toEqual([]);
      expect(await q({ direction: 'inbound' })).toEqual(['anna@northwind.example']);
      expect(await q({ ip: '203.0.113.9' })).toEqual(['anna@northwind.example']);
      expect(await q({ ip: '198.51.100.7' })).toHaveLength(2);
      expect(await q({ limit: 1 })).toHaveLength(1);
    }));

    // The report summaries kept by every import (summary/trace-summaries.conformance.ts).
    traceSummaryConformance(factory);
  });
}
