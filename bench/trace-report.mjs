// npm run bench:trace-report — speed of `maildoctor trace report` on a large message-trace database.
// Builds the database from the generator through the real import (a Get-MessageTrace export of
// --rows recipients and the Get-MessageTraceDetail export of the same messages, so failures have
// their texts), then prints the time of each report question over the whole history and over its
// last 7 days, and the time of a daily import (one more day of exports) into the large database.
//   node bench/trace-report.mjs [--rows 1000000] [--db PATH] [--reuse]
//   TRACE_BENCH_ROWS=10000000 npm run bench:trace-report      (the 10,000,000-row figures)
// --db keeps the database at PATH (default: a temporary file, deleted); --reuse measures an existing
// one without building it. Uses the compiled code in dist/ (or MAILDOCTOR_DIST). Not run by the tests.
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: process.env.TRACE_BENCH_ROWS ?? '1000000' },
    db: { type: 'string' },
    reuse: { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1000) {
  console.error('--rows must be a whole number of at least 1000');
  process.exit(2);
}
const dist = resolve(process.env.MAILDOCTOR_DIST ?? join(import.meta.dirname, '..', 'dist'));
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { generateTraceMessages } = await load('trace/generator/generate-trace-messages.js');
const { renderTraceExport } = await load('trace/generator/render-trace-export.js');
const { importTraceFiles } = await load('trace/import/import-trace-files.js');
const { openSqliteStore } = await load('trace/store/sqlite-store.js');
const { buildTraceReport, REPORT_QUESTIONS } = await load('trace/report/build-trace-report.js');

const work = mkdtempSync(join(tmpdir(), 'maildoctor-bench-trace-'));
const dbPath = values.db ? resolve(values.db) : join(work, 'trace.db');
const seconds = (ms) => (ms / 1000).toFixed(2);
const count = (n) => n.toLocaleString('en-US');
const peakRss = () => `${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`;

/** Rows of the detail export that cover the first `summaryRows` recipients of the generated stream. */
function countRows(options, summaryRows) {
  let summary = 0;
  let detail = 0;
  let last = 0;
  for (const message of generateTraceMessages(options)) {
    for (const recipient of message.recipients) {
      if (summary >= summaryRows) return { summary, detail, last };
      summary++;
      detail += recipient.events.length;
      last = message.receivedAt;
    }
  }
  return { summary, detail, last };
}

/** Rows per export file: EAC downloads stop at 500 MB, and the importer reads at most 4 GiB a file. */
const ROWS_PER_FILE = 2_000_000;

/** Writes an export as files of ROWS_PER_FILE rows, each with the header row; returns their paths. */
function writeSplitExport(prefix, options) {
  const files = [];
  let fd = null;
  let header = '';
  let rowsInFile = 0;
  for (const chunk of renderTraceExport(options)) {
    if (!header) {
      header = chunk;
      continue;
    }
    if (fd === null || rowsInFile >= ROWS_PER_FILE) {
      if (fd !== null) closeSync(fd);
      files.push(`${prefix}-${files.length + 1}.csv`);
      fd = openSync(files[files.length - 1], 'w');
      writeSync(fd, header);
      rowsInFile = 0;
    }
    writeSync(fd, chunk);
    rowsInFile++;
  }
  if (fd !== null) closeSync(fd);
  return files;
}

async function importGenerated(store, options, summaryRows, label) {
  const { summary, detail, last } = countRows(options, summaryRows);
  let started = performance.now();
  const files = [
    ...writeSplitExport(join(work, `${label}-summary`), { ...options, format: 'exo-message-trace', rows: summary }),
    ...writeSplitExport(join(work, `${label}-detail`), { ...options, format: 'exo-message-trace-detail', rows: detail }),
  ];
  const generated = performance.now() - started;
  started = performance.now();
  const result = await importTraceFiles(store, files, { time: {} });
  const imported = performance.now() - started;
  for (const file of files) rmSync(file, { force: true });
  if (result.failedFiles > 0) throw new Error(result.files.map((f) => f.error).filter(Boolean).join('; '));
  return { summary, detail, last, generated, imported, rowsRead: result.totals.rows };
}

let store;
let lastReceived = 0;
if (values.reuse && existsSync(dbPath)) {
  store = await openSqliteStore({ path: dbPath });
  console.log(`database: ${dbPath} (reused, ${count(statSync(dbPath).size)} bytes)`);
} else {
  rmSync(dbPath, { force: true });
  store = await openSqliteStore({ path: dbPath });
  const built = await importGenerated(store, { seed: 1 }, rows, 'history');
  lastReceived = built.last;
  console.log(`built ${count(built.summary)} stored recipient rows (${count(built.summary)} summary + ${count(built.detail)} detail export rows) ` +
    `in ${seconds(built.imported)} s of import, ${count(Math.round(built.rowsRead / (built.imported / 1000)))} export rows/s ` +
    `(generating the exports: ${seconds(built.generated)} s); database ${count(statSync(dbPath).size)} bytes; peak RSS ${peakRss()}`);
}
const stored = await store.db.selectFrom('trace_recipients').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
console.log(`stored recipient rows: ${count(Number(stored.n))}`);

async function timeReport(label, options) {
  const times = {};
  const started = performance.now();
  const report = await buildTraceReport(store, { ...options, onQuestion: (name, ms) => (times[name] = ms) });
  const total = performance.now() - started;
  console.log(`\n${label}: ${report.range.hours} hours, ${count(report.totals.total)} recipients, ${report.alerts.length} alerts; whole report ${seconds(total)} s`);
  for (const question of REPORT_QUESTIONS) console.log(`  ${question.padEnd(26)} ${(times[question] ?? 0).toFixed(0).padStart(6)} ms`);
  return times;
}

// The first run reads the summaries from disk; the second shows the warm figures.
await timeReport('whole history (first run)', {});
const whole = await timeReport('whole history', {});
const { queryReportSpan } = await load('trace/queries/query-report-span.js');
const range = await queryReportSpan(store.db);
const week = await timeReport('last 7 days', { since: range.until - 7 * 86_400_000 });
const slowest = Math.max(...Object.values(whole), ...Object.values(week));
console.log(`\nslowest question: ${slowest.toFixed(0)} ms (bar: under 1,000 ms on 1,000,000 rows)`);

// A daily import into the large database: one more day of exports (new messages after the
// history), so the summaries of about a day of hours are recomputed.
const daily = await importGenerated(store, { seed: 2, start: (lastReceived || range.until) + 3_600_000 }, 25_000, 'day');
console.log(`daily import into it: ${count(daily.rowsRead)} export rows in ${seconds(daily.imported)} s (${count(Math.round(daily.rowsRead / (daily.imported / 1000)))} rows/s, summaries included)`);

await store.close();
// The exports are deleted after each import; the database goes with them unless --db keeps it.
rmSync(work, { recursive: true, force: true });
