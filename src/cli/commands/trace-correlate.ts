/**
 * `maildoctor trace correlate BOUNCES...`: analyses each bounce as `explain` does (files,
 * directories, mbox files, - for standard input) and shows it beside the stored trace of the
 * message that bounced: found by the original's Message-ID, else (a weaker match, said so) by
 * recipient, sender and time. Exit 0 when any bounce was matched, 1 when none was.
 * @module
 */
import type { Command } from 'commander';
import { checkOperands, countInputFiles, readInputs } from '../../io/input/read-inputs.js';
import { analyzeBounce } from '../../ndr/analyze-bounce.js';
import { emptyInputResult, explainResultJson, type ExplainResultJson } from '../../report/explain-json.js';
import { renderExplainText } from '../../report/render-explain-text.js';
import { renderTraceMessageText, traceMessageJson } from '../../report/render-trace-message.js';
import { styleFor } from '../../report/style.js';
import { correlateBounce, type BounceCorrelation } from '../../trace/report/correlate-bounce.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { startProgress } from '../progress.js';
import { DB_OPTION_HELP, type TraceCommandContext } from './trace-command-context.js';

const MATCH_TEXT: Record<BounceCorrelation['match'], string> = {
  'message-id': 'matched by Message-ID',
  'recipient-sender-time': 'WEAKER MATCH by recipient, sender and time',
  'recipient-time': 'WEAKER MATCH by recipient and time',
  'none': 'no trace found',
};

export function registerTraceCorrelate(trace: Command, ctx: TraceCommandContext): void {
  trace
    .command('correlate')
    .description('show each bounce beside its message trace (by the original Message-ID, else by recipient, sender and time)')
    .argument('<bounces...>', 'bounce files (.eml, .msg), directories, mbox files, or - for standard input')
    .option('--db <path>', DB_OPTION_HELP)
    .option('--json', 'print a JSON array: per bounce the explain result and the trace it matched')
    .action(async (inputs: string[], options: { db?: string; json?: boolean }) => {
      checkOperands(inputs);
      const { io } = ctx;
      const style = styleFor(io.stdout as NodeJS.WriteStream, io.env);
      const store = await ctx.openStore(options);
      const progress = options.json || !io.stdout.isTTY ? startProgress(io.stderr, countInputFiles(inputs), 'files') : startProgress({}, 0, '');
      const results: unknown[] = [];
      let matched = 0;
      let first = true;
      try {
        for (const input of readInputs(inputs, io.readStdin)) {
          progress.tick(input.file);
          let bounce: ExplainResultJson;
          let correlation: BounceCorrelation;
          if (input.empty) {
            bounce = emptyInputResult(input.file, input.empty);
            correlation = { match: 'none', note: input.empty, messages: [] };
          } else {
            const report = analyzeBounce(input.bytes);
            bounce = explainResultJson(input.file, report);
            correlation = report.kind === 'not-bounce' ? { match: 'none', note: 'not a bounce', messages: [] } : await correlateBounce(store.db, report);
          }
          if (correlation.match !== 'none') matched++;
          if (options.json) {
            results.push({ file: input.file, bounce, trace: { match: correlation.match, note: correlation.note, messages: correlation.messages.map(traceMessageJson) } });
            continue;
          }
          const out = [renderExplainText(bounce, style), '', `  ${style.bold('Message trace:')} ${MATCH_TEXT[correlation.match]} (${correlation.note})`];
          for (const view of correlation.messages) out.push(renderTraceMessageText(view, style, '  '));
          io.stdout.write((first ? '' : '\n') + out.join('\n') + '\n');
          first = false;
        }
      } finally {
        progress.stop();
        await store.close();
      }
      if (options.json) io.stdout.write(JSON.stringify(results, null, 2) + '\n');
      ctx.setExit(matched > 0 ? EXIT_OK : EXIT_FINDINGS);
    });
}
