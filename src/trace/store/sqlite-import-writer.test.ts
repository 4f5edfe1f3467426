/**
 * The batched write path against a model of the store's semantics written record by record, as
 * the first SQLite store did it (an upsert per message, a look-up, insert or update per
 * recipient, an insert per event): the same counts for every batch and the same tables, on
 * random records that collide often (few keys, recipients, times), in batches that cross the
 * writer's chunks, into an empty store (the key filter) and into a filled one (the look-ups).
 */
import { describe, expect, it } from 'vitest';
import { seededRandom, type SeededRandom } from '../generator/seeded-random.js';
import { type DeliveryStatus, type ImportCounts, type TraceMessageRecord, type TraceRecord } from '../types.js';
import { collidingTraceRecords } from './colliding-trace-records.js';
import { shouldReplaceStatus } from './merge-status.js';
import { openSqliteStore } from './sqlite-store.js';
import { addressDomain, type TraceStore } from './trace-store.js';

const T0 = Date.UTC(2026, 2, 23, 8);

/** The store's semantics, one record at a time. */
class Model {
  readonly messages = new Map<string, Array<string | number | null>>();
  readonly recipients = new Map<string, { status: string | null; status_at: number | null }>();
  readonly events = new Map<string, Array<string | number | null>>();

  add(records: readonly TraceRecord[]): ImportCounts {
    const counts: ImportCounts = { imported: 0, updated: 0, unchanged: 0 };
    let last: TraceMessageRecord | null = null;
    for (const record of records) {
      const m = record.message;
      if (m !== last) {
        last = m;
        const row = [m.messageTraceId, m.networkMessageId, m.messageId, m.sender, m.sender ? addressDomain(m.sender) || null : null, m.subject, m.size, m.direction, m.fromIp, m.toIp, m.clientIp, m.receivedAt].map((v) => v ?? null);
        const stored = this.messages.get(m.key);
        if (!stored) this.messages.set(m.key, row);
        else row.forEach((value, i) => value !== null && (stored[i] = value));
      }
      const id = `${m.key} ${record.recipient}`;
      const existing = this.recipients.get(id);
      let outcome: keyof ImportCounts = 'unchanged';
      if (!existing) {
        this.recipients.set(id, { status: record.status?.value ?? null, status_at: record.status?.at ?? null });
        outcome = 'imported';
      } else if (record.status && shouldReplaceStatus(existing, record.status)) {
        existing.status = record.status.value;
        existing.status_at = record.status.at;
        outcome = 'updated';
      }
      for (const e of record.events) {
        const eventId = `${id} ${e.event} ${e.at}`;
        if (this.events.has(eventId)) continue;
        this.events.set(eventId, [e.action ?? null, e.detail ?? null, e.data ?? null]);
        if (outcome === 'unchanged') outcome = 'imported';
      }
      counts[outcome]++;
    }
    return counts;
  }
}

async function tablesOf(store: TraceStore) {
  const messages = await store.db.selectFrom('trace_messages').selectAll().orderBy('message_key').execute();
  const recipients = await store.db.selectFrom('trace_recipients').selectAll().orderBy('message_key').orderBy('recipient').execute();
  const events = await store.db.selectFrom('trace_events').selectAll().orderBy('message_key').orderBy('recipient').orderBy('event').orderBy('event_at').execute();
  return { messages, recipients, events };
}

function modelTables(model: Model) {
  const cols = ['message_trace_id', 'network_message_id', 'message_id', 'sender', 'sender_domain', 'subject', 'size', 'direction', 'from_ip', 'to_ip', 'client_ip', 'received_at'];
  const byKey = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    messages: byKey(model.messages).map(([key, row]) => ({ message_key: key, ...Object.fromEntries(cols.map((c, i) => [c, row[i]])) })),
    recipients: byKey(model.recipients).map(([id, s]) => {
      const [key = '', recipient = ''] = id.split(' ');
      return { message_key: key, recipient, recipient_domain: addressDomain(recipient), status: s.status, status_at: s.status_at };
    }),
    events: byKey(model.events).map(([id, [action, detail, data]]) => {
      const [key = '', recipient = '', event = '', at = ''] = id.split(' ');
      return { message_key: key, recipient, event, event_at: Number(at), action, detail, data };
    }),
  };
}

interface CompareOptions {
  deferIndexesAfterRows?: number;
  bulkLoad?: boolean;
  /** Each batch its own message keys (a bulk load then stays one to the end). */
  disjointBatches?: boolean;
}

async function compare(seed: number, prefill: number, options: CompareOptions = {}): Promise<void> {
  const random: SeededRandom = seededRandom(seed);
  const store = await openSqliteStore({ path: ':memory:', deferIndexesAfterRows: options.deferIndexesAfterRows ?? Infinity, bulkLoad: options.bulkLoad ?? true });
  const model = new Model();
  try {
    if (prefill > 0) {
      const records = collidingTraceRecords(random, prefill, 40);
      const session = await store.beginImport();
      await session.beginFile();
      expect(await session.add(records)).toEqual(model.add(records));
      await session.endFile(true);
      await session.commit();
    }
    const session = await store.beginImport();
    await session.beginFile();
    const bulkAtStart = session.bulkLoading;
    for (let batch = 0; batch < 6; batch++) {
      const records = collidingTraceRecords(random, random.int(1, 1500), 60, options.disjointBatches ? `${batch}000000` : '0000000');
      expect(await session.add(records), `batch ${batch}`).toEqual(model.add(records));
    }
    // Disjoint batches stay in the bulk load to the end; colliding ones leave it at the second batch.
    expect(session.bulkLoading).toBe(bulkAtStart && options.disjointBatches === true);
    await session.endFile(true);
    await session.commit();
    const tables = await tablesOf(store);
    const expected = modelTables(model);
    expect(tables.messages).toEqual(expected.messages);
    expect(tables.recipients).toEqual(expected.recipients);
    expect(tables.events).toEqual(expected.events);
  } finally {
    await store.close();
  }
}

describe('SQLite batched import writer', () => {
  it('counts and stores as record-by-record writing does, into an empty store', async () => {
    for (const seed of [1, 2, 3]) await compare(seed, 0, { bulkLoad: false });
  });

  it('counts and stores as record-by-record writing does, loading an empty store in bulk to the end', async () => {
    for (const seed of [11, 12, 13]) await compare(seed, 0, { disjointBatches: true });
  });

  it('counts and stores as record-by-record writing does, leaving a bulk load half-way', async () => {
    for (const seed of [14, 15, 16]) await compare(seed, 0);
  });

  it('counts and stores as record-by-record writing does, into a filled store', async () => {
    for (const seed of [4, 5, 6]) await compare(seed, 2000);
  });

  it('handles a message with many recipients (looked up by a map beyond a short list)', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    const model = new Model();
    try {
      const key = '0000000a-1111-4222-8333-444444444444';
      const message: TraceMessageRecord = { key, messageTraceId: key, sender: 'list@northwind.example', receivedAt: T0 };
      const pass = (status: DeliveryStatus, at: number): TraceRecord[] => Array.from({ length: 40 }, (_, i) => ({ line: i + 2, message, recipient: `member${i % 37}@example.org`, status: { value: status, at }, events: [{ event: status === 'pending' ? 'RECEIVE' : 'DELIVER', at }] }));
      const session = await store.beginImport();
      await session.beginFile();
      for (const batch of [pass('pending', T0), [...pass('delivered', T0 + 1000), ...pass('pending', T0)], pass('delivered', T0 + 1000)]) {
        expect(await session.add(batch)).toEqual(model.add(batch));
      }
      await session.endFile(true);
      await session.commit();
      const tables = await tablesOf(store);
      const expected = modelTables(model);
      expect(tables.recipients).toEqual(expected.recipients);
      expect(tables.events).toEqual(expected.events);
    } finally {
      await store.close();
    }
  });

  it('gives the same results with the deferred indexes dropped half-way', async () => {
    for (const seed of [7, 8]) await compare(seed, 500, { deferIndexesAfterRows: 600 });
  });
});
