/**
 * Which export a file is, from its header row or its JSON keys, never from its name. The list
 * is ordered: the first importer whose columns match wins (the wider formats come first).
 * @module
 */
import type { TraceFormatId } from '../types.js';
import { eacEnhancedSummary } from './eac-enhanced-summary.js';
import { eacExtended } from './eac-extended.js';
import { eacSummary } from './eac-summary.js';
import { exoMessageTrace } from './exo-message-trace.js';
import { exoMessageTraceDetail } from './exo-message-trace-detail.js';
import { normalizeColumnName } from './trace-columns.js';
import type { TraceImporter } from './trace-importer.js';

export const TRACE_IMPORTERS: readonly TraceImporter[] = [
  eacExtended,
  eacEnhancedSummary,
  exoMessageTraceDetail,
  exoMessageTrace,
  eacSummary,
];

export function detectFormat(header: readonly string[]): TraceImporter | null {
  const columns = new Set(header.map(normalizeColumnName));
  return TRACE_IMPORTERS.find((importer) => importer.matches(columns)) ?? null;
}

export function importerFor(id: TraceFormatId): TraceImporter {
  const found = TRACE_IMPORTERS.find((importer) => importer.id === id);
  if (!found) throw new Error(`no importer ${id}`);
  return found;
}
