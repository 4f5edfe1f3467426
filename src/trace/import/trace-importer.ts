/**
 * The contract of one source format: recognise a header, then map each row to records (one
 * per recipient). A mapper returns a string, the reason, for a row it cannot read; it never
 * throws on file content.
 * @module
 */
import type { TraceFormatId, TraceRecord } from '../types.js';
import type { TraceTimeParser } from './parse-trace-time.js';
import type { RawRow } from './read-trace-rows.js';

export interface TraceImportContext {
  parseTime: TraceTimeParser;
}

export type TraceRowMapper = (row: RawRow) => TraceRecord[] | string;

export interface TraceImporter {
  id: TraceFormatId;
  description: string;
  /** True when the normalised column names (see normalizeColumnName) are this format's. */
  matches(columns: ReadonlySet<string>): boolean;
  /** Resolves the columns once per file and returns the row mapper. */
  bind(header: readonly string[], context: TraceImportContext): TraceRowMapper;
}
