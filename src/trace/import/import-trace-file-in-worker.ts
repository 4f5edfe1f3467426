/**
 * importTraceFile with the reading, decoding, parsing and mapping in a worker thread
 * (trace-file-worker.ts), so that they overlap with the store's writes on this thread: one
 * export file per worker, same contract as importTraceFile (a ToolkitError before any record
 * for a file that cannot be read or is not recognised; batches of TraceRecords ending at a
 * message boundary; `rows`, `skipped`, `skippedCount` as importTraceFile fills them, the
 * skipped rows complete when `batches()` ends). A failure half-way throws an Error with the
 * errno `code` (EIO, …) as reading in-process would.
 *
 * The worker never outlives the import: it is terminated when `batches()` ends, however it
 * ends (the consumer breaking off or throwing included). Between the file being opened and
 * `batches()` being called it does not keep the process alive.
 *
 * Where the compiled worker script does not exist (the TypeScript sources run under vitest,
 * where this module is a .ts file), the file is read in-process with importTraceFile instead;
 * the results are the same either way.
 * Node.js docs: worker_threads (`new Worker(url, { workerData })`, `postMessage`, `terminate`).
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ToolkitError, type ToolkitErrorCode } from '../../core/errors.js';
import { BATCH_RECORDS, importTraceFile, type TraceFileImport } from './import-trace-file.js';
import { createTraceTimeParser, type TraceTimeOptions } from './parse-trace-time.js';
import type { TraceFileWorkerData, TraceFileWorkerMessage, TraceFileWorkerReply } from './trace-file-worker.js';
import { TRACE_TRANSFER_VERSION, unpackTraceRecords } from './trace-record-transfer.js';

export interface ImportTraceFileInWorkerOptions {
  /** The compiled worker script (default: trace-file-worker.js beside this module). */
  workerUrl?: URL;
  /** Records per batch (default BATCH_RECORDS); fixed when the worker starts. */
  batchSize?: number;
  /** Called with the worker once it is started (tests watch it end). */
  onWorker?: (worker: Worker) => void;
}

const DEFAULT_WORKER_URL = new URL('./trace-file-worker.js', import.meta.url);

/**
 * A reader dropped without `batches()` ever being run to its end (its consumer failed before
 * reading, say) would leave its worker waiting for acknowledgements for the life of the
 * process (`maildoctor serve`): once the reader is garbage, its worker is terminated.
 */
const abandonedReaders = new FinalizationRegistry<Worker>((worker) => void worker.terminate());

/** The worker's messages, taken one at a time; a crash or an early exit becomes an error. */
class WorkerInbox {
  private readonly queue: TraceFileWorkerMessage[] = [];
  private waiting: { resolve: (message: TraceFileWorkerMessage) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(worker: Worker, file: string) {
    worker.on('message', (message: TraceFileWorkerMessage) => {
      if (this.waiting) {
        const { resolve } = this.waiting;
        this.waiting = null;
        resolve(message);
      } else this.queue.push(message);
    });
    const fail = (error: Error): void => {
      this.failure ??= error;
      const waiting = this.waiting;
      this.waiting = null;
      waiting?.reject(this.failure);
    };
    worker.on('error', fail);
    worker.on('messageerror', fail);
    // Messages posted before the exit arrive before the 'exit' event; after 'end' or 'error'
    // nothing more is taken, so this only matters when the worker stops before finishing.
    worker.on('exit', (code) => fail(new Error(`${file}: the trace reader thread stopped (exit code ${code}) before the end of the file`)));
  }

  next(): Promise<TraceFileWorkerMessage> {
    const message = this.queue.shift();
    if (message) return Promise.resolve(message);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }
}

/** The worker's report of a failure, as the error reading in-process would have thrown. */
function failureError(message: Extract<TraceFileWorkerMessage, { type: 'fail' }>): Error {
  if (message.name === 'ToolkitError') return new ToolkitError(message.code as ToolkitErrorCode, message.message);
  const error: NodeJS.ErrnoException = new Error(message.message);
  if (message.code !== undefined) error.code = message.code;
  return error;
}

export async function importTraceFileInWorker(file: string, time: TraceTimeOptions, options: ImportTraceFileInWorkerOptions = {}): Promise<TraceFileImport> {
  // A bad culture or pattern is a usage error here, as with importTraceFile, not in the worker.
  const parseTime = createTraceTimeParser(time);
  const workerUrl = options.workerUrl ?? DEFAULT_WORKER_URL;
  if (!existsSync(fileURLToPath(workerUrl))) {
    if (options.workerUrl) throw new Error(`trace reader worker script ${workerUrl.href} does not exist`);
    return importTraceFile(file, parseTime);
  }
  const batchSize = options.batchSize ?? BATCH_RECORDS;
  const workerData: TraceFileWorkerData = { file, time: { culture: time.culture, dateFormat: time.dateFormat }, batchSize };
  // The parent's Node.js options are not passed on (a worker inherits them by default, and some,
  // such as --input-type of `node -e`, stop a worker from starting).
  const worker = new Worker(workerUrl, { workerData, execArgv: [] });
  options.onWorker?.(worker);
  const inbox = new WorkerInbox(worker, file);
  let first: TraceFileWorkerMessage;
  try {
    try {
      first = await inbox.next();
    } catch (error) {
      // The thread could not start or stopped before opening the file: read it here instead.
      await worker.terminate();
      if (options.workerUrl) throw error;
      return importTraceFile(file, parseTime);
    }
    if (first.type === 'error') throw new ToolkitError('input-unreadable', first.message);
    if (first.type === 'fail') throw failureError(first);
    if (first.type !== 'open') throw new Error(`${file}: the trace reader thread sent ${first.type} before open`);
    if (first.version !== TRACE_TRANSFER_VERSION) throw new Error(`${workerUrl.href} packs records as version ${first.version}, this build reads version ${TRACE_TRANSFER_VERSION} (rebuild: npm run build)`);
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  // Until batches() is called, an unused reader does not hold the process open.
  worker.unref();
  let started = false;
  const token = {};
  const result: TraceFileImport = {
    file,
    format: first.format,
    container: first.container,
    encoding: first.encoding,
    bytes: first.bytes,
    rows: 0,
    skipped: [],
    skippedCount: 0,
    async *batches(size?: number) {
      if (size !== undefined && size !== batchSize) throw new Error(`batches(${size}): the batch size of a worker import is fixed when it starts (options.batchSize, ${batchSize})`);
      if (started) return;
      started = true;
      worker.ref();
      try {
        for (;;) {
          const message = await inbox.next();
          if (message.type === 'batch') {
            worker.postMessage({ type: 'ack' } satisfies TraceFileWorkerReply);
            result.rows = message.rows;
            yield unpackTraceRecords(message.values);
          } else if (message.type === 'end') {
            result.rows = message.rows;
            result.skipped.push(...message.skipped);
            result.skippedCount = message.skippedCount;
            return;
          } else if (message.type === 'fail') throw failureError(message);
          else throw new Error(`${file}: the trace reader thread sent ${message.type} while reading`);
        }
      } finally {
        abandonedReaders.unregister(token);
        await worker.terminate();
      }
    },
  };
  abandonedReaders.register(result, worker, token);
  return result;
}
