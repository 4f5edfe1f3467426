/**
 * Public surface of message-trace analysis (`maildoctor/trace`).
 * @module
 */
export type * from './types.js';
export { detectFormat, TRACE_IMPORTERS } from './import/detect-format.js';
export { importTraceFile, type TraceFileImport } from './import/import-trace-file.js';
export { createTraceTimeParser, type TraceTimeOptions } from './import/parse-trace-time.js';
export type { TraceStore, TraceImportSession, TraceDatabase } from './store/trace-store.js';
export { openSqliteStore } from './store/sqlite-store.js';
export { defaultTraceDbPath } from './store/default-db-path.js';
export { queryTraceRows, type TraceQueryFilters, type TraceQueryRow } from './queries/query-trace-rows.js';
export { generateTraceMessages } from './generator/generate-trace-messages.js';
export { renderTraceExport, encodeTraceText } from './generator/render-trace-export.js';
export { writeTraceExport } from './generator/write-trace-export.js';
export { openTraceStore } from './store/open-trace-store.js';
export { importTraceFiles, type TraceImportResult, type ImportTraceFilesOptions } from './import/import-trace-files.js';
export { buildTraceReport, type TraceReportOptions } from './report/build-trace-report.js';
export type { TraceReport } from './report/trace-report-types.js';
export { queryMessageTimeline } from './queries/query-message-timeline.js';
export { explainTraceMessage } from './report/explain-trace-message.js';
export { correlateBounce } from './report/correlate-bounce.js';
