import { describe, expect, it } from 'vitest';
import type { TraceMessageRecord, TraceRecord } from '../types.js';
import { packTraceRecords, unpackTraceRecords } from './trace-record-transfer.js';

const full: TraceMessageRecord = {
  key: '0f6cf7a4-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
  messageTraceId: '0f6cf7a4-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
  networkMessageId: 'aa6cf7a4-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
  messageId: '<x1@example.com>',
  sender: 'anna@example.com',
  subject: 'Angebot für Müller — 見積書 📎',
  size: 48213,
  direction: 'outbound',
  fromIp: '192.0.2.10',
  toIp: '198.51.100.7',
  clientIp: '203.0.113.5',
  receivedAt: Date.UTC(2026, 2, 9, 14, 19, 58),
};
/** Only the key: every optional field missing. */
const bare: TraceMessageRecord = { key: 'mid:<y2@example.net>' };
/** Same content as `full`, another object (a later row of the same message). */
const fullAgain: TraceMessageRecord = { ...full, size: 0, subject: '' };

const at = Date.UTC(2026, 2, 9, 14, 20, 3);
const records: TraceRecord[] = [
  // One row, three recipients: one message object.
  { line: 2, message: full, recipient: 'bob@example.org', status: { value: 'delivered', at }, events: [] },
  { line: 2, message: full, recipient: 'carla@example.org', status: { value: 'failed', at }, events: [] },
  { line: 2, message: full, recipient: 'dörte@example.org', status: undefined, events: [] },
  // Events with and without action, detail, data.
  {
    line: 5,
    message: bare,
    recipient: 'eve@example.net',
    events: [
      { event: 'RECEIVE', at, action: 'SMTP', detail: 'Message received by: AM0PR01MB1234.eurprd01.prod.example.com', data: 'S:ProxyHop=1;S:Ünïcødé' },
      { event: 'FAIL', at: at + 1000 },
      { event: 'DEFER', at: at + 2000, action: undefined, detail: '', data: undefined },
    ],
  },
  { line: 9, message: fullAgain, recipient: 'bob@example.org', status: { value: 'pending', at: at + 5000 }, events: [{ event: 'SEND', at, detail: '550 5.1.1 user unknown' }] },
  // The first message again, not adjacent.
  { line: 12, message: full, recipient: 'frank@example.org', events: [] },
];

describe('packTraceRecords / unpackTraceRecords', () => {
  it('round-trips records as a flat array of primitives', () => {
    const values = packTraceRecords(records);
    for (const value of values) expect(value === null || typeof value === 'string' || typeof value === 'number').toBe(true);
    // Survives the structured clone postMessage does.
    const unpacked = unpackTraceRecords(structuredClone(values));
    expect(unpacked).toEqual(records);
  });

  it('sends a message once per run of records sharing it, and shares it again', () => {
    const values = packTraceRecords(records);
    expect(values.filter((v) => v === full.subject)).toHaveLength(2);
    const unpacked = unpackTraceRecords(values);
    expect(unpacked[1]?.message).toBe(unpacked[0]?.message);
    expect(unpacked[2]?.message).toBe(unpacked[0]?.message);
    expect(unpacked[3]?.message).not.toBe(unpacked[2]?.message);
    expect(unpacked[4]?.message).not.toBe(unpacked[3]?.message);
    expect(unpacked[5]?.message).not.toBe(unpacked[4]?.message);
    expect(unpacked[5]?.message).toEqual(full);
  });

  it('gives missing optional fields back as undefined, not null', () => {
    const [, , third, fourth] = unpackTraceRecords(packTraceRecords(records));
    expect(third?.status).toBeUndefined();
    expect(Object.values(fourth?.message ?? {}).includes(null)).toBe(false);
    expect(fourth?.message.subject).toBeUndefined();
    expect(fourth?.message.size).toBeUndefined();
    const fail = fourth?.events[1];
    expect(fail).toEqual({ event: 'FAIL', at: at + 1000 });
    expect(fail && Object.values(fail).includes(null)).toBe(false);
    // Empty strings and zero stay what they were.
    expect(fourth?.events[2]?.detail).toBe('');
  });

  it('keeps empty strings and zeros of a message', () => {
    const [, , , , fifth] = unpackTraceRecords(packTraceRecords(records));
    expect(fifth?.message.subject).toBe('');
    expect(fifth?.message.size).toBe(0);
  });

  it('packs nothing to nothing and refuses values that are not its layout', () => {
    expect(unpackTraceRecords(packTraceRecords([]))).toEqual([]);
    expect(() => unpackTraceRecords([0, 2, 'bob@example.org', null, null, 0])).toThrow(/marker/);
    expect(() => unpackTraceRecords(packTraceRecords(records).slice(0, -1))).toThrow(/values/);
  });
});
