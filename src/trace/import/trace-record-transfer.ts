/**
 * TraceRecords as one flat array of primitives, for handing batches from the worker thread
 * that reads an export (trace-file-worker.ts) to the thread that stores them.
 *
 * Why: `postMessage` copies with the structured clone algorithm (HTML Living Standard,
 * "StructuredSerialize"; Node.js `worker_threads` docs, "Considerations when transferring
 * TypedArrays and Buffers"). Cloning a million records as objects was measured at about 2.9 s
 * per million rows, as long as reading them; a flat array of strings, numbers and nulls at
 * about 0.9 s. The records of one export row share one message object: its fields are sent
 * once per run of records with that same object, and the unpacked records of the run share
 * one message object again (the store uses `record.message === previous.message` as a
 * shortcut). Missing optional fields travel as null and come back as undefined.
 *
 * Layout, per record:
 *   NEW_MESSAGE + the MESSAGE_FIELDS in order | SAME_MESSAGE,
 *   line, recipient, status value | null, status time | null, event count,
 *   then per event: event, at, action | null, detail | null, data | null.
 * @module
 */
import type { DeliveryStatus, TraceDirection, TraceEventRecord, TraceMessageRecord, TraceRecord } from '../types.js';

export type PackedTraceValue = string | number | null;

/**
 * Changes whenever the layout does: the worker reports it, and a worker from another build
 * (a stale dist/) is refused instead of misread.
 */
export const TRACE_TRANSFER_VERSION = 1;

const SAME_MESSAGE = 0;
const NEW_MESSAGE = 1;

/** The fields of TraceMessageRecord, in the order they are packed. */
const MESSAGE_FIELDS = [
  'key', 'messageTraceId', 'networkMessageId', 'messageId', 'sender', 'subject',
  'size', 'direction', 'fromIp', 'toIp', 'clientIp', 'receivedAt',
] as const satisfies ReadonlyArray<keyof TraceMessageRecord>;

/**
 * Guards the hand-written packing and unpacking below against a field added to the types but
 * not here: the build fails, naming the field.
 */
type MissingField =
  | Exclude<keyof TraceMessageRecord, (typeof MESSAGE_FIELDS)[number]>
  | Exclude<keyof TraceRecord, 'line' | 'message' | 'recipient' | 'status' | 'events'>
  | Exclude<keyof TraceEventRecord, 'event' | 'at' | 'action' | 'detail' | 'data'>;
const _allFieldsPacked: [MissingField] extends [never] ? true : MissingField = true;

export function packTraceRecords(records: readonly TraceRecord[]): PackedTraceValue[] {
  const values: PackedTraceValue[] = [];
  let previous: TraceMessageRecord | null = null;
  for (const record of records) {
    const message = record.message;
    if (message === previous) values.push(SAME_MESSAGE);
    else {
      values.push(NEW_MESSAGE);
      for (const field of MESSAGE_FIELDS) values.push(message[field] ?? null);
      previous = message;
    }
    values.push(record.line, record.recipient, record.status?.value ?? null, record.status?.at ?? null, record.events.length);
    for (const event of record.events) values.push(event.event, event.at, event.action ?? null, event.detail ?? null, event.data ?? null);
  }
  return values;
}

/** The value as a string field of a record (null: the field was missing). */
function text(value: PackedTraceValue | undefined): string | undefined {
  return value === null || value === undefined ? undefined : (value as string);
}

function num(value: PackedTraceValue | undefined): number | undefined {
  return value === null || value === undefined ? undefined : (value as number);
}

/**
 * The inverse of packTraceRecords. Every object gets all its fields (missing ones undefined)
 * so that the records the store walks have one shape.
 */
export function unpackTraceRecords(values: readonly PackedTraceValue[]): TraceRecord[] {
  const records: TraceRecord[] = [];
  let message: TraceMessageRecord | null = null;
  let i = 0;
  const length = values.length;
  while (i < length) {
    const marker = values[i++];
    if (marker === NEW_MESSAGE) {
      message = {
        key: values[i] as string,
        messageTraceId: text(values[i + 1]),
        networkMessageId: text(values[i + 2]),
        messageId: text(values[i + 3]),
        sender: text(values[i + 4]),
        subject: text(values[i + 5]),
        size: num(values[i + 6]),
        direction: text(values[i + 7]) as TraceDirection | undefined,
        fromIp: text(values[i + 8]),
        toIp: text(values[i + 9]),
        clientIp: text(values[i + 10]),
        receivedAt: num(values[i + 11]),
      };
      i += MESSAGE_FIELDS.length;
    } else if (marker !== SAME_MESSAGE || message === null) {
      throw new Error(`packed trace records: bad message marker ${String(marker)} at ${i - 1}`);
    }
    const line = values[i] as number;
    const recipient = values[i + 1] as string;
    const statusValue = values[i + 2];
    const status = statusValue === null ? undefined : { value: statusValue as DeliveryStatus, at: values[i + 3] as number };
    const eventCount = values[i + 4] as number;
    i += 5;
    const events: TraceEventRecord[] = [];
    for (let e = 0; e < eventCount; e++) {
      events.push({ event: values[i] as string, at: values[i + 1] as number, action: text(values[i + 2]), detail: text(values[i + 3]), data: text(values[i + 4]) });
      i += 5;
    }
    records.push({ line, message, recipient, status, events });
  }
  if (i !== length) throw new Error(`packed trace records: ${length} values, the last record ends at ${i}`);
  return records;
}
