/**
 * `maildoctor trace report [--since T] [--until T]`: totals, failures by status code and reason
 * with their knowledge, by recipient domain, sender and hour, the top failing domains with
 * their trend, and the alerts (a sender far above its own baseline or near Exchange Online's
 * limits, a domain failing for everyone, an SPF/DKIM/DMARC failure spike, long-pending mail).
 * Text, --json or --csv; --fail-on warning|error exits 1 when an alert reaches that severity.
 * @module
 */
import type { Command } from 'commander';
import { ToolkitError } from '../../core/errors.js';
import { severityAtLeast, type Severity } from '../../core/finding.js';
import { renderTraceReportCsv, renderTraceReportText, traceReportJson } from '../../report/render-trace-report.js';
import { styleFor } from '../../report/style.js';
import { buildTraceReport } from '../../trace/report/build-trace-report.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { DB_OPTION_HELP, type TraceCommandContext } from './trace-command-context.js';

interface ReportOptions {
  db?: string;
  since?: string;
  until?: string;
  top?: string;
  json?: boolean;
  csv?: boolean;
  failOn?: string;
}

export function registerTraceReport(trace: Command, ctx: TraceCommandContext): void {
  trace
    .command('report')
    .description('totals, failures by code and reason, by domain, sender and hour, failing-domain trends, and alerts')
    .option('--db <path>', DB_OPTION_HELP)
    .option('--since <time>', 'from this time (UTC; 2026-11-09 or ISO 8601; rounded down to the hour; default: everything stored)')
    .option('--until <time>', 'before this time (UTC; rounded up to the hour); also the time pending mail is aged at')
    .option('--top <n>', 'rows in the by-domain and by-sender lists', '20')
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV (section,key,total,delivered,failed,pending,rate,detail)')
    .option('--fail-on <severity>', 'exit 1 when an alert is at least this severe (warning or error)')
    .action(async (options: ReportOptions) => {
      if (options.json && options.csv) throw new ToolkitError('usage', 'choose one of --json and --csv');
      if (options.failOn && options.failOn !== 'warning' && options.failOn !== 'error') throw new ToolkitError('usage', `--fail-on must be warning or error, not ${options.failOn}`);
      const top = Number(options.top);
      if (!Number.isInteger(top) || top < 1) throw new ToolkitError('usage', '--top must be a whole number of at least 1');
      const since = ctx.parseTimeOption('since', options.since);
      const until = ctx.parseTimeOption('until', options.until);
      if (since !== undefined && until !== undefined && until <= since) throw new ToolkitError('usage', '--until must be later than --since');
      const store = await ctx.openStore(options);
      let report;
      try {
        report = await buildTraceReport(store, { since, until, limit: top });
      } finally {
        await store.close();
      }
      if (options.json) ctx.io.stdout.write(JSON.stringify(traceReportJson(report), null, 2) + '\n');
      else if (options.csv) ctx.io.stdout.write(renderTraceReportCsv(report));
      else ctx.io.stdout.write(renderTraceReportText(report, styleFor(ctx.io.stdout as NodeJS.WriteStream, ctx.io.env)) + '\n');
      const failOn = options.failOn as Severity | undefined;
      ctx.setExit(failOn && report.alerts.some((a) => severityAtLeast(a.severity, failOn)) ? EXIT_FINDINGS : EXIT_OK);
    });
}
