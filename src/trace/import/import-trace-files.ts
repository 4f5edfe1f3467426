/**
 * `trace import` as a function: every file into one store transaction, a savepoint per file.
 * Files that cannot be read or are not recognised are reported and add nothing; unreadable
 * rows are listed and the rest of their file imports. Any other failure (the store, the
 * process) rolls the whole import back.
 * @module
 */
import { ToolkitError } from '../../core/errors.js';
import type { TraceStore } from '../store/trace-store.js';
import { keepSummaries } from '../summary/update-trace-summaries.js';
import type { ImportCounts, SkippedRow, TraceFormatId } from '../types.js';
import type { TraceTimeOptions } from './parse-trace-time.js';
import { importTraceFileInWorker } from './import-trace-file-in-worker.js';

export interface TraceFileOutcome {
  file: string;
  format?: TraceFormatId;
  rows: number;
  counts: ImportCounts;
  skippedCount: number;
  /** Set when the file was not imported at all. */
  error?: string;
}

export interface TraceImportResult {
  files: TraceFileOutcome[];
  totals: ImportCounts & { skipped: number; rows: number };
  skipped: SkippedRow[];
  failedFiles: number;
}

export interface ImportTraceFilesOptions {
  /** How to read dates; each file is read in a worker thread (import-trace-file-in-worker.ts). */
  time: TraceTimeOptions;
  /** Called after each batch with the rows read so far in this run. */
  onProgress?: (rowsSoFar: number, file: string) => void;
}

export async function importTraceFiles(store: TraceStore, files: readonly string[], options: ImportTraceFilesOptions): Promise<TraceImportResult> {
  const result: TraceImportResult = { files: [], totals: { imported: 0, updated: 0, unchanged: 0, skipped: 0, rows: 0 }, skipped: [], failedFiles: 0 };
  const session = await store.beginImport();
  const summaries = keepSummaries(session, store.dialect);
  try {
    for (const file of files) {
      const outcome: TraceFileOutcome = { file, rows: 0, counts: { imported: 0, updated: 0, unchanged: 0 }, skippedCount: 0 };
      result.files.push(outcome);
      let reader;
      try {
        reader = await importTraceFileInWorker(file, options.time);
      } catch (error) {
        if (!(error instanceof ToolkitError)) throw error;
        outcome.error = error.message;
        result.failedFiles++;
        continue;
      }
      outcome.format = reader.format;
      await summaries.beginFile();
      try {
        for await (const batch of reader.batches()) {
          const counts = await summaries.add(batch);
          outcome.counts.imported += counts.imported;
          outcome.counts.updated += counts.updated;
          outcome.counts.unchanged += counts.unchanged;
          options.onProgress?.(result.totals.rows + reader.rows, file);
        }
      } catch (error) {
        // Reading failed half-way (an I/O error): this file adds nothing, the others stay.
        await summaries.endFile(false);
        if (error instanceof ToolkitError || (error as NodeJS.ErrnoException).code?.startsWith('E')) {
          outcome.error = `${file}: ${(error as Error).message}`;
          outcome.counts = { imported: 0, updated: 0, unchanged: 0 };
          result.failedFiles++;
          continue;
        }
        throw error;
      }
      await summaries.endFile(true);
      outcome.rows = reader.rows;
      outcome.skippedCount = reader.skippedCount;
      result.skipped.push(...reader.skipped);
      result.totals.rows += reader.rows;
      result.totals.skipped += reader.skippedCount;
      result.totals.imported += outcome.counts.imported;
      result.totals.updated += outcome.counts.updated;
      result.totals.unchanged += outcome.counts.unchanged;
    }
    // The report summaries follow the rows in the same transaction (summary/update-trace-summaries.ts).
    await summaries.finish();
    await session.commit();
  } catch (error) {
    await session.rollback();
    throw error;
  }
  return result;
}
