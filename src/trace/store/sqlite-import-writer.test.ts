/**
 * The batched write path against a model of the store's semantics written record by record, as
 * the first SQLite store did it (an upsert per message, a look-up, insert or update per
 * recipient, an insert per event): the same counts for every batch and the same tables, on
 * random records that collide often (few keys, recipients, times), in batches that cross the
 * writer's chunks, into an empty store (the key filter) and into a filled one (the look-ups).
 */
import { describe, expect, it } from 'vitest';
import { type DeliveryStatus, type ImportCounts, type TraceMessageRecord, type TraceRecord } from '../types.js';
import { shouldReplaceStatus } from './merge-status.js';
import { openSqliteStore } from './sqlite-store.js';
import { addressDomain, type TraceStore } from './trace-store.js';

function seeded(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
}

const STATUSES: DeliveryStatus[] = ['pending', 'delivered', 'failed', 'filtered-as-spam', 'getting-status'];
const T0 = Date.UTC(2026, 2, 23, 8);

function randomRecords(random: (n: number) => number, count: number, keys: number): TraceRecord[] {
  const records: TraceRecord[] = [];
  const pick = <T>(list: readonly T[]): T => list[random(list.length)] as T;
  const maybe = <T>(value: T): T | undefined => (random(3) === 0 ? undefined : value);
  while (records.length < count) {
    const key = `0000000${random(keys)}-1111-4222-8333-444444444444`;
    const sender = maybe(pick(['anna@northwind.example', 'Bob@Fabrikam.example', 'carol', 'dave@example.org']));
    const message: TraceMessageRecord = {
      key, messageTraceId: maybe(key), messageId: maybe(`<m${random(5)}@northwind.example>`), sender, subject: maybe(pick(['Réunion', '見積書', 'Hi'])),
      size: maybe(random(5000)), direction: maybe(pick(['inbound', 'outbound'] as const)), fromIp: maybe('203.0.113.9'), toIp: maybe('198.51.100.7'),
      clientIp: maybe('192.0.2.1'), receivedAt: maybe(T0 + random(4) * 1000),
    };
    // One row, one or more recipients sharing the message object.
    for (let r = 1 + random(3); r > 0; r--) {
      const at = T0 + random(4) * 1000;
      records.push({
        line: records.length + 2, message, recipient: pick(['x@fabrikam.example', 'y@tailspin.example', 'z@example.net', 'w']),
        status: random(4) === 0 ? undefined : { value: pick(STATUSES), at },
        events: Array.from({ length: random(3) }, () => ({ event: pick(['RECEIVE', 'DEFER', 'FAIL', 'SEND']), at: T0 + random(3) * 1000, detail: maybe(pick(['451 4.7.1 try later', '550 5.1.1 unknown'])), action: maybe('Deliver'), data: maybe('S:SFV=NSPM') })),
      });
    }
  }
  return records.slice(0, count);
}

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

async function compare(seed: number, prefill: number, deferIndexesAfterRows: number): Promise<void> {
  const random = seeded(seed);
  const store = await openSqliteStore({ path: ':memory:', deferIndexesAfterRows });
  const model = new Model();
  try {
    if (prefill > 0) {
      const records = randomRecords(random, prefill, 40);
      const session = await store.beginImport();
      await session.beginFile();
      expect(await session.add(records)).toEqual(model.add(records));
      await session.endFile(true);
      await session.commit();
    }
    const session = await store.beginImport();
    await session.beginFile();
    for (let batch = 0; batch < 6; batch++) {
      const records = randomRecords(random, 1 + random(1500), 60);
      expect(await session.add(records), `batch ${batch}`).toEqual(model.add(records));
    }
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
    for (const seed of [1, 2, 3]) await compare(seed, 0, Infinity);
  });

  it('counts and stores as record-by-record writing does, into a filled store', async () => {
    for (const seed of [4, 5, 6]) await compare(seed, 2000, Infinity);
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
    for (const seed of [7, 8]) await compare(seed, 500, 600);
  });
});
