/**
 * One export file -> batches of TraceRecords, with the unreadable rows listed as file:line.
 * A file that cannot be opened, is too large, or whose format is not recognised is a
 * ToolkitError('input-unreadable') before any record is produced.
 * @module
 */
import { statSync } from 'node:fs';
import { ToolkitError } from '../../core/errors.js';
import { MAX_TRACE_FILE_BYTES, MAX_TRACE_SKIPPED_LISTED } from '../../core/limits.js';
import type { SkippedRow, TraceFormatId, TraceRecord } from '../types.js';
import { detectFormat } from './detect-format.js';
import type { TraceTimeParser } from './parse-trace-time.js';
import { readTraceRows, type TraceEncoding } from './read-trace-rows.js';

export interface TraceFileImport {
  file: string;
  format: TraceFormatId;
  container: 'csv' | 'json';
  encoding: TraceEncoding;
  /** Size in bytes, for progress. */
  bytes: number;
  /** Rows read so far (readable or not). */
  rows: number;
  /** Unreadable rows, listed up to MAX_TRACE_SKIPPED_LISTED; `skippedCount` counts all. */
  skipped: SkippedRow[];
  skippedCount: number;
  batches(size?: number): AsyncGenerator<TraceRecord[]>;
}

/**
 * Records handed to the store at a time (a batch is yielded after the piece of the file that
 * fills it, about a megabyte). Larger batches were measured to cost more in garbage
 * collection (records outliving the young generation) than they save per batch.
 */
export const BATCH_RECORDS = 2_000;

/** A copy of a string that shares no memory with the text it was cut from. */
function copyString(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/**
 * Where the trailing run of records with the last record's message key starts; 0 when the
 * whole batch is that one message.
 */
export function messageBoundary(batch: readonly TraceRecord[]): number {
  const last = batch[batch.length - 1];
  if (!last) return 0;
  let i = batch.length - 1;
  while (i > 0 && (batch[i - 1] as TraceRecord).message.key === last.message.key) i--;
  return i;
}

export async function importTraceFile(file: string, parseTime: TraceTimeParser): Promise<TraceFileImport> {
  let bytes: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new ToolkitError('input-unreadable', `${file}: not a file`);
    bytes = stat.size;
  } catch (error) {
    if (error instanceof ToolkitError) throw error;
    throw new ToolkitError('input-unreadable', `${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (bytes > MAX_TRACE_FILE_BYTES) throw new ToolkitError('input-unreadable', `${file}: ${bytes} bytes is over the limit of ${MAX_TRACE_FILE_BYTES}`);
  let source;
  try {
    source = await readTraceRows(file);
  } catch (error) {
    throw new ToolkitError('input-unreadable', `${file}: ${(error as Error).message}`);
  }
  if (typeof source === 'string') throw new ToolkitError('input-unreadable', `${file}: ${source}`);
  const importer = detectFormat(source.header);
  if (!importer) {
    await source.close();
    throw new ToolkitError('input-unreadable', `${file}: not a message-trace export this version knows (columns: ${source.header.slice(0, 8).join(', ')}${source.header.length > 8 ? ', …' : ''})`);
  }
  const mapRow = importer.bind(source.header, { parseTime });
  const rowSource = source;
  const result: TraceFileImport = {
    file,
    format: importer.id,
    container: source.container,
    encoding: source.encoding,
    bytes,
    rows: 0,
    skipped: [],
    skippedCount: 0,
    async *batches(size = BATCH_RECORDS) {
      const skip = (line: number, reason: string): void => {
        result.skippedCount++;
        // A reason quotes cells, which are slices of a megabyte of decoded text: it is copied so
        // that the list does not keep that text alive.
        if (result.skipped.length < MAX_TRACE_SKIPPED_LISTED) result.skipped.push({ file, line, reason: copyString(reason) });
      };
      let batch: TraceRecord[] = [];
      for await (const chunk of rowSource.chunks) {
        result.rows += chunk.length;
        for (const row of chunk) {
          if ('problem' in row) {
            skip(row.line, row.problem);
            continue;
          }
          const mapped = mapRow(row);
          if (typeof mapped === 'string') skip(row.line, mapped);
          else for (const record of mapped) batch.push(record);
        }
        if (batch.length >= size) {
          // The trailing records of the last message wait for the next batch, so that a
          // message's rows (adjacent in the summary formats) reach the store together: a
          // store loading into an empty database then never meets a key it already wrote
          // (sqlite-store.ts, bulk load). A message larger than a batch is cut anyway.
          const cut = messageBoundary(batch);
          yield cut === 0 ? batch : batch.slice(0, cut);
          batch = cut === 0 ? [] : batch.slice(cut);
        }
      }
      if (batch.length > 0) yield batch;
    },
  };
  return result;
}
