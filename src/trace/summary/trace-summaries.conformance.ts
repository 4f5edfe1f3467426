/**
 * Report-summary cases every TraceStore must pass, run from trace-store.conformance.ts (so on
 * SQLite and on PostgreSQL). The invariant: after any sequence of imports, the summaries equal
 * what a from-scratch count of the stored rows gives, hour by hour; and the report built on
 * them says the same.
 * @module
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../generator/seeded-random.js';
import { buildTraceReport } from '../report/build-trace-report.js';
import { collidingTraceRecords } from '../store/colliding-trace-records.js';
import { withFreshStore } from '../store/with-fresh-store.js';
import type { TraceStore } from '../store/trace-store.js';
import type { TraceRecord } from '../types.js';
import { HOUR_MS, toNumber, withSummaryTables } from './summary-tables.js';
import { keepSummaries, refreshTraceSummaries } from './update-trace-summaries.js';

const T0 = Date.UTC(2026, 10, 9, 14, 19, 58);
const KEY_A = 'aaaaaaaa-2222-4333-a444-555555555555';
const KEY_B = 'bbbbbbbb-2222-4333-a444-555555555555';
const KEY_C = 'cccccccc-2222-4333-a444-555555555555';

function rec(overrides: Partial<TraceRecord> & { key?: string; sender?: string | undefined; receivedAt?: number | undefined } = {}): TraceRecord {
  const key = overrides.key ?? KEY_A;
  const sender = 'sender' in overrides ? overrides.sender : 'anna@northwind.example';
  const receivedAt = 'receivedAt' in overrides ? overrides.receivedAt : T0;
  return {
    line: 2,
    message: { key, messageTraceId: key, messageId: `<${key.slice(0, 8)}@northwind.example>`, sender, direction: 'outbound', receivedAt },
    recipient: 'bob@fabrikam.example',
    status: { value: 'pending', at: T0 },
    events: [],
    ...overrides,
  };
}

/** One import as `trace import` runs it: upkeep before each batch and before the commit. */
async function importRecords(store: TraceStore, records: TraceRecord[], keepFile = true, more: TraceRecord[][] = []): Promise<void> {
  const session = await store.beginImport();
  const summaries = keepSummaries(session, store.dialect);
  await summaries.beginFile();
  for (const batch of [records, ...more]) await summaries.add(batch);
  await summaries.endFile(keepFile);
  await summaries.finish();
  await session.commit();
}

type Counts = Record<string, number>;

/** trace_hour_outcomes and trace_hour_senders as `hour|...` -> count maps. */
async function summaries(store: TraceStore): Promise<{ outcomes: Counts; senders: Counts }> {
  const db = withSummaryTables(store.db);
  const outcomes: Counts = {};
  for (const r of await db.selectFrom('trace_hour_outcomes').selectAll().execute()) {
    outcomes[`${new Date(toNumber(r.hour_at)).toISOString()}|${r.recipient_domain}|${r.status}|${r.status_code}|${r.reason}|${r.auth_failure}`] = toNumber(r.recipients);
  }
  const senders: Counts = {};
  for (const r of await db.selectFrom('trace_hour_senders').selectAll().execute()) {
    senders[`${new Date(toNumber(r.hour_at)).toISOString()}|${r.sender}`] = toNumber(r.recipients);
    senders[`${new Date(toNumber(r.hour_at)).toISOString()}|${r.sender}|messages`] = toNumber(r.messages);
  }
  return { outcomes, senders };
}

/** The same maps counted from the stored rows (no status code: compared separately). */
async function fromScratch(store: TraceStore): Promise<{ outcomes: Counts; senders: Counts }> {
  const rows = await store.db
    .selectFrom('trace_recipients as r')
    .innerJoin('trace_messages as m', 'm.message_key', 'r.message_key')
    .select(['r.message_key', 'r.recipient_domain', 'r.status', 'r.status_at', 'm.received_at', 'm.sender'])
    .execute();
  const outcomes: Counts = {};
  const senders: Counts = {};
  const messages = new Map<string, Set<string>>();
  for (const r of rows) {
    const at = r.received_at ?? r.status_at;
    if (at === null) continue;
    const hour = new Date(Math.floor(toNumber(at) / HOUR_MS) * HOUR_MS).toISOString();
    const key = `${hour}|${r.recipient_domain}|${r.status ?? ''}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
    const s = `${hour}|${r.sender ?? ''}`;
    senders[s] = (senders[s] ?? 0) + 1;
    const set = messages.get(s) ?? new Set<string>();
    set.add(r.message_key);
    messages.set(s, set);
  }
  for (const [s, set] of messages) senders[`${s}|messages`] = set.size;
  return { outcomes, senders };
}

/** Outcome counts without the code columns, to compare with fromScratch. */
function byStatus(outcomes: Counts): Counts {
  const out: Counts = {};
  for (const [key, n] of Object.entries(outcomes)) {
    const short = key.split('|').slice(0, 3).join('|');
    out[short] = (out[short] ?? 0) + n;
  }
  return out;
}

async function expectTrue(store: TraceStore): Promise<void> {
  const [kept, counted] = [await summaries(store), await fromScratch(store)];
  expect(byStatus(kept.outcomes)).toEqual(counted.outcomes);
  expect(kept.senders).toEqual(counted.senders);
}

export function traceSummaryConformance(factory: () => Promise<TraceStore>): void {
  describe('report summaries', () => {
    const withStore = withFreshStore(factory);

    it('counts what was imported, and nothing more when the same rows come again', withStore(async (store) => {
      const records = [
        rec(),
        rec({ recipient: 'carol@tailspin.example', status: { value: 'delivered', at: T0 + 1000 } }),
        rec({ key: KEY_B, sender: 'eve@northwind.example', receivedAt: T0 + 2 * HOUR_MS, recipient: 'dan@fabrikam.example', status: { value: 'delivered', at: T0 + 2 * HOUR_MS } }),
      ];
      await importRecords(store, records);
      await expectTrue(store);
      const before = await summaries(store);
      await importRecords(store, records);
      expect(await summaries(store)).toEqual(before);
      const report = await buildTraceReport(store);
      expect(report.totals).toEqual({ total: 3, delivered: 2, failed: 0, pending: 1, deliveryRate: 2 / 3 });
      expect(report.range.hours).toBe(3);
    }));

    it('moves a recipient from pending to delivered (latest wins), and not back', withStore(async (store) => {
      await importRecords(store, [rec()]);
      await importRecords(store, [rec({ status: { value: 'delivered', at: T0 + 5000 } })]);
      await expectTrue(store);
      const hour = new Date(Math.floor(T0 / HOUR_MS) * HOUR_MS).toISOString();
      expect((await summaries(store)).outcomes).toEqual({ [`${hour}|fabrikam.example|delivered|||0`]: 1 });
      await importRecords(store, [rec()]);
      expect((await summaries(store)).outcomes).toEqual({ [`${hour}|fabrikam.example|delivered|||0`]: 1 });
    }));

    it('moves a row to its received hour and sender when a later export brings them', withStore(async (store) => {
      // An event-only export first: no received time, no sender; the row counts at its status time.
      const fail = T0 + 3 * HOUR_MS;
      await importRecords(store, [rec({ receivedAt: undefined, sender: undefined, status: { value: 'failed', at: fail }, events: [{ event: 'FAIL', at: fail, detail: '550 5.7.26 Unauthenticated email is not accepted due to DMARC policy' }] })]);
      await expectTrue(store);
      expect(Object.keys((await summaries(store)).senders)[0]).toContain(`${new Date(Math.floor(fail / HOUR_MS) * HOUR_MS).toISOString()}|`);
      await importRecords(store, [rec({ status: { value: 'failed', at: T0 } })]);
      await expectTrue(store);
      const hour = new Date(Math.floor(T0 / HOUR_MS) * HOUR_MS).toISOString();
      expect((await summaries(store)).senders).toEqual({ [`${hour}|anna@northwind.example`]: 1, [`${hour}|anna@northwind.example|messages`]: 1 });
      // The failure text's code and reason stay with the row.
      expect((await summaries(store)).outcomes).toEqual({ [`${hour}|fabrikam.example|failed|5.7.26|authfailure|1`]: 1 });
    }));

    it('follows rows that later batches of the same import move, into an empty store', withStore(async (store) => {
      const fail = T0 + 3 * HOUR_MS;
      await importRecords(store, [
        rec({ receivedAt: undefined, sender: undefined, status: { value: 'failed', at: fail }, events: [{ event: 'FAIL', at: fail, detail: '550 5.1.1 User unknown' }] }),
        rec({ key: KEY_B, receivedAt: undefined, recipient: 'carol@fabrikam.example', status: { value: 'pending', at: fail } }),
        // Known only from its events: it stays at its status time.
        rec({ key: KEY_C, receivedAt: undefined, recipient: 'dan@tailspin.example', status: { value: 'failed', at: fail } }),
      ], true, [
        [rec({ status: { value: 'failed', at: T0 } })],
        [rec({ key: KEY_B, receivedAt: T0 + 1000, recipient: 'carol@fabrikam.example', status: { value: 'delivered', at: fail + HOUR_MS } })],
      ]);
      await expectTrue(store);
      const hour = new Date(Math.floor(T0 / HOUR_MS) * HOUR_MS).toISOString();
      const failHour = new Date(Math.floor(fail / HOUR_MS) * HOUR_MS).toISOString();
      expect(Object.keys((await summaries(store)).outcomes).map((k) => k.split('|').slice(0, 3).join('|')).sort()).toEqual([
        `${failHour}|tailspin.example|failed`, `${hour}|fabrikam.example|delivered`, `${hour}|fabrikam.example|failed`,
      ].sort());
    }));

    it('keeps the code of the latest failure text and counts messages per sender', withStore(async (store) => {
      const defer = { event: 'DEFER', at: T0 + 60_000, detail: '451 4.4.0 DNS query failed' };
      const fail = { event: 'FAIL', at: T0 + 7_200_000, detail: '550 4.4.7 QUEUE.Expired; message expired' };
      await importRecords(store, [
        rec({ status: { value: 'pending', at: defer.at }, events: [defer] }),
        rec({ recipient: 'carol@fabrikam.example', status: { value: 'pending', at: defer.at }, events: [defer] }),
        rec({ key: KEY_B, recipient: 'carol@fabrikam.example', receivedAt: T0 + 1000, status: { value: 'delivered', at: T0 + 1000 } }),
      ]);
      let kept = await summaries(store);
      const hour = new Date(Math.floor(T0 / HOUR_MS) * HOUR_MS).toISOString();
      expect(kept.outcomes[`${hour}|fabrikam.example|pending|4.4.0|expired|0`]).toBe(2);
      expect(kept.senders[`${hour}|anna@northwind.example|messages`]).toBe(2);
      await importRecords(store, [rec({ status: { value: 'failed', at: fail.at }, events: [fail] })]);
      kept = await summaries(store);
      expect(kept.outcomes[`${hour}|fabrikam.example|failed|4.4.7|expired|0`]).toBe(1);
      expect(kept.outcomes[`${hour}|fabrikam.example|pending|4.4.0|expired|0`]).toBe(1);
      await expectTrue(store);
    }));

    it('summarises everything once when the store asks for it (rows imported before the summaries existed)', withStore(async (store) => {
      await importRecords(store, [
        rec({ status: { value: 'failed', at: T0 }, events: [{ event: 'FAIL', at: T0, detail: '550 5.1.1 User unknown' }] }),
        rec({ key: KEY_B, receivedAt: undefined, status: { value: 'delivered', at: T0 + 5 * HOUR_MS } }),
      ]);
      const expected = await summaries(store);
      // As migration 0002 leaves a database that already held rows: no summaries, no texts, a flag.
      const db = withSummaryTables(store.db);
      const session = await store.beginImport();
      await session.run(async (tx) => {
        const sdb = withSummaryTables(tx);
        await sdb.deleteFrom('trace_hour_senders').execute();
        await sdb.deleteFrom('trace_hour_outcomes').execute();
        await sdb.deleteFrom('trace_failure_texts').execute();
        await sdb.insertInto('trace_summary_state').values({ name: 'rebuild', value: 'all' }).execute();
      });
      await session.commit();
      expect((await summaries(store)).outcomes).toEqual({});
      expect((await buildTraceReport(store)).totals.total).toBe(2);
      expect(await summaries(store)).toEqual(expected);
      expect(await db.selectFrom('trace_summary_state').selectAll().execute()).toEqual([]);
    }));

    // The definition is the count from the stored rows (update-trace-summaries.ts, also used for
    // a rebuild); whatever way an import kept them (a bulk load's tally, hours counted again),
    // the summary tables must equal a rebuild, code columns and message counts included.
    const tablesOf = async (store: TraceStore) => {
      const db = withSummaryTables(store.db);
      return {
        senders: await db.selectFrom('trace_hour_senders').selectAll().orderBy('hour_at').orderBy('direction').orderBy('sender').execute(),
        outcomes: await db.selectFrom('trace_hour_outcomes').selectAll().orderBy('hour_at').orderBy('direction').orderBy('recipient_domain').orderBy('status').orderBy('status_code').orderBy('reason').orderBy('code_id').orderBy('auth_failure').execute(),
      };
    };
    const expectRebuildEqual = async (store: TraceStore) => {
      const kept = await tablesOf(store);
      expect(kept.senders.length).toBeGreaterThan(0);
      const session = await store.beginImport();
      await session.run((tx) => withSummaryTables(tx).insertInto('trace_summary_state').values({ name: 'rebuild', value: 'all' }).execute());
      await session.commit();
      expect(await refreshTraceSummaries(store)).toMatchObject({ rebuilt: true });
      expect(await tablesOf(store)).toEqual(kept);
    };

    it('keeps summaries equal to a rebuild from the rows, batches with their own messages', withStore(async (store) => {
      const random = seededRandom(21);
      const batches = [0, 1, 2, 3].map((b) => collidingTraceRecords(random, 400, 50, `${b}000000`));
      await importRecords(store, batches[0] as TraceRecord[], true, batches.slice(1));
      await expectRebuildEqual(store);
    }));

    it('keeps summaries equal to a rebuild from the rows, batches that share messages, over several imports', withStore(async (store) => {
      const random = seededRandom(22);
      await importRecords(store, collidingTraceRecords(random, 300, 40, '1000000'), true, [collidingTraceRecords(random, 300, 40, '2000000')]);
      await importRecords(store, collidingTraceRecords(random, 300, 40, '3000000'), false);
      await importRecords(store, collidingTraceRecords(random, 300, 60, '1000000'), true, [collidingTraceRecords(random, 300, 60, '2000000')]);
      await expectRebuildEqual(store);
    }));

    it('leaves the summaries as the rows are when a file is rolled back', withStore(async (store) => {
      await importRecords(store, [rec({ status: { value: 'delivered', at: T0 } })]);
      const before = await summaries(store);
      await importRecords(store, [rec({ key: KEY_B, recipient: 'zed@fabrikam.example', status: { value: 'failed', at: T0 }, events: [{ event: 'FAIL', at: T0, detail: '550 5.1.1 User unknown' }] })], false);
      expect(await summaries(store)).toEqual(before);
      await expectTrue(store);
    }));
  });
}
