/**
 * The worker thread of importTraceFileInWorker (import-trace-file-in-worker.ts): reads, decodes,
 * parses and maps one export file with importTraceFile while the main thread writes the
 * previous batches to the store (Node.js `worker_threads`; one file per worker).
 *
 * Messages to the main thread, in order: `open` (or `error`: the file cannot be read or is not
 * an export this version knows, the ToolkitError's one line), then `batch` per batch of
 * records (packed by trace-record-transfer.ts; batches end at a message boundary as
 * importTraceFile's do), then `end` with the unreadable rows; `fail` when reading breaks off
 * half-way (with the errno code, e.g. EIO) or on a bug. Flow control: at most
 * MAX_BATCHES_AHEAD batches are posted and not yet acknowledged (`ack` from the main thread),
 * so that memory stays bounded when the store is slower than the reader.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ToolkitError } from '../../core/errors.js';
import type { SkippedRow, TraceFormatId } from '../types.js';
import { importTraceFile } from './import-trace-file.js';
import { createTraceTimeParser, type TraceTimeOptions } from './parse-trace-time.js';
import type { TraceEncoding } from './read-trace-rows.js';
import { packTraceRecords, TRACE_TRANSFER_VERSION, type PackedTraceValue } from './trace-record-transfer.js';

export interface TraceFileWorkerData {
  file: string;
  time: TraceTimeOptions;
  batchSize?: number | undefined;
}

export type TraceFileWorkerMessage =
  | { type: 'open'; version: number; format: TraceFormatId; container: 'csv' | 'json'; encoding: TraceEncoding; bytes: number }
  | { type: 'error'; message: string }
  | { type: 'batch'; rows: number; values: PackedTraceValue[] }
  | { type: 'end'; rows: number; skipped: SkippedRow[]; skippedCount: number }
  | { type: 'fail'; message: string; code: string | undefined; name: string };

export type TraceFileWorkerReply = { type: 'ack' };

/** Batches posted and not yet taken by the main thread (each about 2,000 records). */
export const MAX_BATCHES_AHEAD = 4;

const port = parentPort;
if (!port) throw new Error('trace-file-worker.js runs as a worker thread (see import-trace-file-in-worker.ts)');
const data = workerData as TraceFileWorkerData;

const post = (message: TraceFileWorkerMessage): void => port.postMessage(message);

let ahead = 0;
let wake: (() => void) | null = null;
port.on('message', (reply: TraceFileWorkerReply) => {
  if (reply.type !== 'ack') return;
  ahead--;
  const resume = wake;
  wake = null;
  resume?.();
});

async function run(): Promise<void> {
  let reader;
  try {
    reader = await importTraceFile(data.file, createTraceTimeParser(data.time));
  } catch (error) {
    if (!(error instanceof ToolkitError)) throw error;
    post({ type: 'error', message: error.message });
    return;
  }
  post({ type: 'open', version: TRACE_TRANSFER_VERSION, format: reader.format, container: reader.container, encoding: reader.encoding, bytes: reader.bytes });
  for await (const batch of reader.batches(data.batchSize)) {
    post({ type: 'batch', rows: reader.rows, values: packTraceRecords(batch) });
    ahead++;
    while (ahead >= MAX_BATCHES_AHEAD) await new Promise<void>((resolve) => (wake = resolve));
  }
  post({ type: 'end', rows: reader.rows, skipped: reader.skipped, skippedCount: reader.skippedCount });
}

run()
  .catch((error: unknown) => {
    const failure = error instanceof Error ? error : new Error(String(error));
    const code = (failure as NodeJS.ErrnoException).code;
    post({ type: 'fail', message: failure.message, code: typeof code === 'string' ? code : undefined, name: failure.name });
  })
  // Nothing more to wait for: the worker ends once the messages are out.
  .finally(() => port.unref());
