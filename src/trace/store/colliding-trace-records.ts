/**
 * Random trace records that collide often (few message keys, recipients and times), for the
 * tests that hold the stores' write paths and summaries to their definitions: repeated
 * messages, recipients and events, statuses that replace each other at equal and later times,
 * fields that arrive in later records, rows without a received time, failure texts with several
 * codes. Deterministic per seed.
 * @module
 */
import type { SeededRandom } from '../generator/seeded-random.js';
import type { DeliveryStatus, TraceMessageRecord, TraceRecord } from '../types.js';

const STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed', 'filtered-as-spam', 'getting-status'];
const FAILURE_TEXTS: readonly string[] = [
  '451 4.7.1 try later', '550 5.1.1 unknown', '550 5.7.26 Unauthenticated email is not accepted due to DMARC policy',
  '550 4.4.7 QUEUE.Expired; message expired', '554 5.4.14 Hop count exceeded',
];
const T0 = Date.UTC(2026, 2, 23, 8);
const HOUR = 3_600_000;

/**
 * `count` records over `keys` message keys (`<keyPrefix><n>-1111-4222-8333-444444444444`);
 * records of one row share one message object, as the importers make them.
 */
export function collidingTraceRecords(random: SeededRandom, count: number, keys: number, keyPrefix = '0000000'): TraceRecord[] {
  const records: TraceRecord[] = [];
  const maybe = <T>(value: T): T | undefined => (random.int(0, 2) === 0 ? undefined : value);
  // Times within a few seconds, and now and then hours apart (rows move between hours).
  const time = (): number => T0 + random.int(0, 3) * 1000 + (random.int(0, 4) === 0 ? random.int(1, 3) * HOUR : 0);
  while (records.length < count) {
    const key = `${keyPrefix}${random.int(0, keys - 1)}-1111-4222-8333-444444444444`;
    const sender = maybe(random.pick(['anna@northwind.example', 'Bob@Fabrikam.example', 'carol', 'dave@example.org']));
    const message: TraceMessageRecord = {
      key, messageTraceId: maybe(key), messageId: maybe(`<m${random.int(0, 4)}@northwind.example>`), sender, subject: maybe(random.pick(['Réunion', '見積書', 'Hi'])),
      size: maybe(random.int(0, 4999)), direction: maybe(random.pick(['inbound', 'outbound'] as const)), fromIp: maybe('203.0.113.9'), toIp: maybe('198.51.100.7'),
      clientIp: maybe('192.0.2.1'), receivedAt: maybe(time()),
    };
    for (let r = random.int(1, 3); r > 0; r--) {
      records.push({
        line: records.length + 2, message, recipient: random.pick(['x@fabrikam.example', 'y@tailspin.example', 'z@example.net', 'w']),
        status: random.int(0, 3) === 0 ? undefined : { value: random.pick(STATUSES), at: time() },
        events: Array.from({ length: random.int(0, 2) }, () => ({
          event: random.pick(['RECEIVE', 'DEFER', 'FAIL', 'SEND']), at: T0 + random.int(0, 2) * 1000,
          detail: maybe(random.pick(FAILURE_TEXTS)), action: maybe('Deliver'), data: maybe('S:SFV=NSPM'),
        })),
      });
    }
  }
  return records.slice(0, count);
}
