/**
 * `maildoctor explain INPUT...`: analyse bounces from files, directories, mbox files and
 * standard input; text, --json (an array) or --jsonl (one line per message, streamed), or
 * --summary (grouped counts as a table, --json or --csv).
 * @module
 */
import type { Command } from 'commander';
import { ToolkitError } from '../../core/errors.js';
import { checkOperands, countInputFiles, readInputs } from '../../io/input/read-inputs.js';
import { analyzeBounce } from '../../ndr/analyze-bounce.js';
import { emptyInputResult, explainResultJson, type ExplainResultJson } from '../../report/explain-json.js';
import { renderExplainText } from '../../report/render-explain-text.js';
import { renderHeadersText } from '../../report/render-headers-text.js';
import { renderSummaryCsv, renderSummaryText } from '../../report/render-summary.js';
import { styleFor } from '../../report/style.js';
import { SummaryBuilder } from '../../report/summarize-results.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import type { CliIo } from '../output.js';
import { startProgress } from '../progress.js';

interface ExplainOptions {
  json?: boolean;
  jsonl?: boolean;
  csv?: boolean;
  summary?: boolean;
  headers?: boolean;
  failOn?: string;
}

function failsOn(result: ExplainResultJson, level: 'hard' | 'any'): boolean {
  if (result.kind !== 'bounce') return false;
  return result.bounces.some((b) => (level === 'any' ? b.action === 'failed' || b.action === null : b.hardBounce));
}

function checkOptions(options: ExplainOptions): void {
  if (options.failOn && options.failOn !== 'hard' && options.failOn !== 'any') {
    throw new ToolkitError('usage', `--fail-on must be hard or any, not ${options.failOn}`);
  }
  const formats = [options.json, options.jsonl, options.csv].filter(Boolean).length;
  if (formats > 1) throw new ToolkitError('usage', 'choose one of --json, --jsonl and --csv');
  if (options.csv && !options.summary) throw new ToolkitError('usage', '--csv is an output of --summary');
  if (options.jsonl && options.summary) throw new ToolkitError('usage', '--summary prints one summary: use --json or --csv with it');
}

export function registerExplain(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('explain')
    .description('explain bounces: per failed recipient the cause, who must act and what to do')
    .argument('<inputs...>', 'message files (.eml, .msg), directories (maildir), mbox files, or - for standard input')
    .option('--json', 'print a JSON array of results (with --summary: the summary as JSON)')
    .option('--jsonl', 'print one JSON line per message, as each is analysed (for scripts and large batches)')
    .option('--summary', 'print counts grouped by reason, recipient domain, remote server, sending IP, status and hard/soft')
    .option('--csv', 'with --summary: print the summary as CSV')
    .option('--headers', "also analyse the returned original's headers (route, delays, SPF/DKIM/DMARC, filter verdicts), as `maildoctor headers` does")
    .option('--fail-on <level>', 'exit 1 when an analysed bounce is hard (hard) or failed at all (any)')
    .action((inputs: string[], options: ExplainOptions) => {
      checkOptions(options);
      checkOperands(inputs);
      const style = styleFor(io.stdout as NodeJS.WriteStream, io.env);
      // A bar only when the results do not go to the same terminal as text.
      const showBar = Boolean(options.json || options.jsonl || options.summary) || !io.stdout.isTTY;
      const progress = showBar ? startProgress(io.stderr, countInputFiles(inputs), 'files') : startProgress({}, 0, '');
      const collected: ExplainResultJson[] = [];
      const summary = options.summary ? new SummaryBuilder() : null;
      let failing = false;
      let first = true;
      let lastFile = '';
      try {
        for (const input of readInputs(inputs, io.readStdin)) {
          const result = input.empty ? emptyInputResult(input.file, input.empty) : explainResultJson(input.file, analyzeBounce(input.bytes, { headers: Boolean(options.headers) }));
          if (options.failOn && failsOn(result, options.failOn as 'hard' | 'any')) failing = true;
          const file = input.file.replace(/#\d+$/, '');
          if (file !== lastFile) {
            progress.tick(file);
            lastFile = file;
          }
          if (summary) summary.add(result);
          else if (options.jsonl) io.stdout.write(JSON.stringify(result) + '\n');
          else if (options.json) collected.push(result);
          else {
            io.stdout.write((first ? '' : '\n') + renderExplainText(result, style) + '\n');
            if (result.originalHeaders) io.stdout.write('\n' + renderHeadersText(result.originalHeaders, `${result.file} (returned original)`, style) + '\n');
            first = false;
          }
        }
      } finally {
        progress.stop();
      }
      if (summary) {
        const built = summary.build();
        if (options.json) io.stdout.write(JSON.stringify(built, null, 2) + '\n');
        else if (options.csv) io.stdout.write(renderSummaryCsv(built));
        else io.stdout.write(renderSummaryText(built, style) + '\n');
      } else if (options.json) {
        io.stdout.write(JSON.stringify(collected, null, 2) + '\n');
      }
      setExit(failing ? EXIT_FINDINGS : EXIT_OK);
    });
}
