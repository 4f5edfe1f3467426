/**
 * `maildoctor trace import FILE...` and `maildoctor trace query`: Exchange Online message
 * traces kept in a local database (SQLite; --db). Loaded only when `trace` is asked for, so
 * that other commands do not load the database driver.
 * @module
 */
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { ToolkitError } from '../../core/errors.js';
import { importTraceFiles } from '../../trace/import/import-trace-files.js';
import { createTraceTimeParser } from '../../trace/import/parse-trace-time.js';
import { statusFromText, directionFromText } from '../../trace/import/trace-vocabulary.js';
import { queryTraceRows, type TraceQueryFilters, type TraceQueryRow } from '../../trace/queries/query-trace-rows.js';
import { defaultTraceDbPath } from '../../trace/store/default-db-path.js';
import { openTraceStore } from '../../trace/store/open-trace-store.js';
import type { TraceStore } from '../../trace/store/trace-store.js';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import type { CliIo } from '../output.js';
import { startProgress } from '../progress.js';
import { registerTraceCorrelate } from './trace-correlate.js';
import { registerTraceMessage } from './trace-message.js';
import { registerTraceReport } from './trace-report.js';

interface DbOptions {
  db?: string;
}

async function openStore(options: DbOptions, io: CliIo): Promise<TraceStore> {
  const target = options.db ?? defaultTraceDbPath(io.env);
  return openTraceStore(target);
}

function parseTimeOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parser = createTraceTimeParser();
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(value + 'T00:00:00Z') : parser(value);
  if (ms === null || Number.isNaN(ms)) throw new ToolkitError('usage', `--${name} ${value} is not a date (use 2026-11-09 or 2026-11-09T14:00:00Z)`);
  return ms;
}

const iso = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString().replace('.000Z', 'Z'));

const CSV_COLUMNS: Array<[string, (r: TraceQueryRow) => string]> = [
  ['received', (r) => iso(r.receivedAt)], ['sender', (r) => r.sender ?? ''], ['recipient', (r) => r.recipient],
  ['status', (r) => r.status ?? ''], ['statusAt', (r) => iso(r.statusAt)], ['direction', (r) => r.direction ?? ''],
  ['subject', (r) => r.subject ?? ''], ['messageId', (r) => r.messageId ?? ''], ['messageKey', (r) => r.messageKey],
  ['fromIp', (r) => r.fromIp ?? ''], ['toIp', (r) => r.toIp ?? ''], ['size', (r) => (r.size === null ? '' : String(r.size))],
];

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) || /^[=+\-@]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function registerTrace(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const trace = program.command('trace').description('Exchange Online message traces: import exports into a local database and ask it questions');

  trace
    .command('import')
    .description('import message-trace exports (EAC summary/enhanced/extended CSV, Get-MessageTrace(V2) and Get-MessageTraceDetail(V2) as CSV or JSON)')
    .argument('<files...>', 'export files; the format is detected from the header, never the name')
    .option('--db <path>', 'database file (default: $XDG_DATA_HOME/maildoctor/trace.db)')
    .option('--culture <name>', 'culture of dates such as 11/9/2026 2:19:58 PM (default en-US; e.g. en-GB, de-DE)')
    .option('--date-format <pattern>', '.NET-style pattern for such dates, e.g. d/M/yyyy H:mm:ss')
    .action(async (files: string[], options: DbOptions & { culture?: string; dateFormat?: string }) => {
      const time = { culture: options.culture, dateFormat: options.dateFormat };
      // A bad --culture or --date-format is a usage error before anything is read.
      createTraceTimeParser(time);
      let totalBytes = 0;
      for (const file of files) {
        try {
          totalBytes += statSync(file).size;
        } catch {
          // reported by the import
        }
      }
      const store = await openStore(options, io);
      // Rows per second on a terminal; the total is unknown, so the bar shows the row count.
      const progress = totalBytes > 5_000_000 ? startProgress(io.stderr, Number.MAX_SAFE_INTEGER, 'rows') : startProgress({}, 0, '');
      let shown = 0;
      const started = performance.now();
      let result;
      try {
        result = await importTraceFiles(store, files, {
          time,
          onProgress: (rows, file) => {
            while (shown < rows) {
              shown += 1000;
              progress.tick(file);
            }
          },
        });
      } finally {
        progress.stop();
        await store.close();
      }
      const seconds = (performance.now() - started) / 1000;
      for (const file of result.files) if (file.error) io.stderr.write(`maildoctor: ${file.error}\n`);
      for (const row of result.skipped) io.stderr.write(`${row.file}:${row.line}: skipped: ${row.reason}\n`);
      if (result.totals.skipped > result.skipped.length) io.stderr.write(`… and ${result.totals.skipped - result.skipped.length} more skipped rows\n`);
      const { imported, updated, unchanged, skipped, rows } = result.totals;
      const rate = seconds > 0 ? Math.round(rows / seconds) : rows;
      io.stdout.write(`imported ${imported}, updated ${updated}, unchanged ${unchanged}, skipped ${skipped} (${rows} rows from ${result.files.length - result.failedFiles} of ${result.files.length} files in ${seconds.toFixed(1)} s, ${rate} rows/s)\n`);
      setExit(result.failedFiles > 0 ? EXIT_USAGE : EXIT_OK);
    });

  trace
    .command('query')
    .description('list stored message/recipient rows, newest first')
    .option('--db <path>', 'database file (default: $XDG_DATA_HOME/maildoctor/trace.db)')
    .option('--sender <address>', 'sender address, or a pattern with * (*@example.com)')
    .option('--recipient <address>', 'recipient address, or a pattern with *')
    .option('--domain <domain>', "sender's or recipient's domain")
    .option('--status <status>', 'delivered, failed, pending, expanded, quarantined, filtered-as-spam, getting-status')
    .option('--since <time>', 'from this time (UTC; 2026-11-09 or ISO 8601)')
    .option('--until <time>', 'before this time (UTC)')
    .option('--message-id <id>', 'Message-ID, message trace id or network message id')
    .option('--subject <text>', 'subject contains this text')
    .option('--direction <direction>', 'inbound, outbound or internal')
    .option('--ip <address>', 'from, to or client IP')
    .option('--limit <n>', 'most rows (0 = all)', '1000')
    .option('--json', 'print a JSON array')
    .option('--csv', 'print CSV')
    .action(async (options: DbOptions & Record<string, string | boolean | undefined>) => {
      if (options.json && options.csv) throw new ToolkitError('usage', 'choose one of --json and --csv');
      const text = (name: string): string | undefined => (typeof options[name] === 'string' ? (options[name] as string) : undefined);
      const status = text('status');
      const direction = text('direction');
      const limit = Number(text('limit'));
      if (!Number.isInteger(limit) || limit < 0) throw new ToolkitError('usage', '--limit must be a whole number (0 = all)');
      const filters: TraceQueryFilters = {
        sender: text('sender'), recipient: text('recipient'), domain: text('domain'),
        status: status === undefined ? undefined : statusFromText(status),
        since: parseTimeOption('since', text('since')), until: parseTimeOption('until', text('until')),
        messageId: text('messageId'), subject: text('subject'),
        direction: direction === undefined ? undefined : directionFromText(direction),
        ip: text('ip'), limit,
      };
      if (status !== undefined && !filters.status) throw new ToolkitError('usage', `--status ${status} is not a message-trace status`);
      if (direction !== undefined && !filters.direction) throw new ToolkitError('usage', `--direction must be inbound, outbound or internal`);
      const store = await openStore(options, io);
      let rows: TraceQueryRow[];
      try {
        rows = await queryTraceRows(store.db, filters);
      } finally {
        await store.close();
      }
      if (options.json) io.stdout.write(JSON.stringify(rows.map((r) => ({ ...r, receivedAt: iso(r.receivedAt) || null, statusAt: iso(r.statusAt) || null })), null, 2) + '\n');
      else if (options.csv) {
        io.stdout.write(CSV_COLUMNS.map(([name]) => name).join(',') + '\r\n');
        for (const row of rows) io.stdout.write(CSV_COLUMNS.map(([, get]) => csvCell(get(row))).join(',') + '\r\n');
      } else {
        for (const row of rows) {
          io.stdout.write(`${iso(row.receivedAt)}  ${(row.status ?? '-').padEnd(16)} ${row.sender ?? '-'} -> ${row.recipient}  ${(row.subject ?? '').replace(/\s+/g, ' ').slice(0, 60)}\n`);
        }
        io.stdout.write(`${rows.length} row${rows.length === 1 ? '' : 's'}${limit && rows.length === limit ? ` (limit ${limit}; --limit 0 for all)` : ''}\n`);
      }
      setExit(EXIT_OK);
    });

  // message, report and correlate: trace-message.ts, trace-report.ts, trace-correlate.ts.
  const context = { io, setExit, openStore: (options: DbOptions) => openStore(options, io), parseTimeOption };
  registerTraceMessage(trace, context);
  registerTraceReport(trace, context);
  registerTraceCorrelate(trace, context);
}
