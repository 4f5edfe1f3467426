/**
 * `maildoctor trace message ID`: one message's timeline (facts, recipients with the NDR
 * knowledge of each failure, events in time order) by Message-ID, message trace id or network
 * message id. Exit 1 with one line when nothing matches.
 * @module
 */
import type { Command } from 'commander';
import { renderTraceMessageText, traceMessageJson } from '../../report/render-trace-message.js';
import { styleFor } from '../../report/style.js';
import { queryMessageTimeline } from '../../trace/queries/query-message-timeline.js';
import { explainTraceMessage } from '../../trace/report/explain-trace-message.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { DB_OPTION_HELP, type TraceCommandContext } from './trace-command-context.js';

export function registerTraceMessage(trace: Command, ctx: TraceCommandContext): void {
  trace
    .command('message')
    .description("one message's timeline: its recipients with the NDR knowledge of each failure, and every event in time order")
    .argument('<id>', 'Message-ID (with or without <>), message trace id or network message id')
    .option('--db <path>', DB_OPTION_HELP)
    .option('--json', 'print JSON')
    .action(async (id: string, options: { db?: string; json?: boolean }) => {
      const store = await ctx.openStore(options);
      let views;
      try {
        views = (await queryMessageTimeline(store.db, id)).map(explainTraceMessage);
      } finally {
        await store.close();
      }
      if (views.length === 0) {
        ctx.io.stderr.write(`maildoctor: no stored message has the Message-ID, trace id or network message id ${id}\n`);
        ctx.setExit(EXIT_FINDINGS);
        return;
      }
      if (options.json) ctx.io.stdout.write(JSON.stringify({ query: id, messages: views.map(traceMessageJson) }, null, 2) + '\n');
      else {
        const style = styleFor(ctx.io.stdout as NodeJS.WriteStream, ctx.io.env);
        ctx.io.stdout.write(views.map((v) => renderTraceMessageText(v, style)).join('\n\n') + '\n');
      }
      ctx.setExit(EXIT_OK);
    });
}
