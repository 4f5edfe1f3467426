/**
 * `maildoctor explain INPUT...`: analyse bounces from files, directories, mbox files and
 * standard input; text, --json (an array) or --jsonl (one line per message).
 * @module
 */
import type { Command } from 'commander';
import { ToolkitError } from '../../core/errors.js';
import { checkOperands, readInputs } from '../../io/input/read-inputs.js';
import { analyzeBounce } from '../../ndr/analyze-bounce.js';
import { emptyInputResult, explainResultJson, type ExplainResultJson } from '../../report/explain-json.js';
import { renderExplainText } from '../../report/render-explain-text.js';
import { styleFor } from '../../report/style.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import type { CliIo } from '../output.js';

interface ExplainOptions {
  json?: boolean;
  jsonl?: boolean;
  failOn?: string;
}

function failsOn(result: ExplainResultJson, level: 'hard' | 'any'): boolean {
  if (result.kind !== 'bounce') return false;
  return result.bounces.some((b) => (level === 'any' ? b.action === 'failed' || b.action === null : b.hardBounce));
}

export function registerExplain(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('explain')
    .description('explain bounces: per failed recipient the cause, who must act and what to do')
    .argument('<inputs...>', 'message files (.eml), directories (maildir), mbox files, or - for standard input')
    .option('--json', 'print a JSON array of results')
    .option('--jsonl', 'print one JSON line per message (for scripts and large batches)')
    .option('--fail-on <level>', 'exit 1 when an analysed bounce is hard (hard) or failed at all (any)')
    .action((inputs: string[], options: ExplainOptions) => {
      if (options.failOn && options.failOn !== 'hard' && options.failOn !== 'any') {
        throw new ToolkitError('usage', `--fail-on must be hard or any, not ${options.failOn}`);
      }
      if (options.json && options.jsonl) throw new ToolkitError('usage', 'choose one of --json and --jsonl');
      checkOperands(inputs);
      const style = styleFor(io.stdout as NodeJS.WriteStream, io.env);
      const collected: ExplainResultJson[] = [];
      let failing = false;
      let first = true;
      for (const input of readInputs(inputs, io.readStdin)) {
        const result = input.empty ? emptyInputResult(input.file, input.empty) : explainResultJson(input.file, analyzeBounce(input.bytes));
        if (options.failOn && failsOn(result, options.failOn as 'hard' | 'any')) failing = true;
        if (options.jsonl) io.stdout.write(JSON.stringify(result) + '\n');
        else if (options.json) collected.push(result);
        else {
          io.stdout.write((first ? '' : '\n') + renderExplainText(result, style) + '\n');
          first = false;
        }
      }
      if (options.json) io.stdout.write(JSON.stringify(collected, null, 2) + '\n');
      setExit(failing ? EXIT_FINDINGS : EXIT_OK);
    });
}
