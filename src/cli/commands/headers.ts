/**
 * `maildoctor headers FILE|-`: the route, authentication and filter verdicts of a message's
 * headers (an .eml, a pasted header block, a bounce's returned original, or a message
 * attached to a forwarded one). Exit 0 whenever headers were read, 1 with --fail-on when a
 * finding reaches the level, 2 for input with no readable headers.
 * @module
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { ToolkitError } from '../../core/errors.js';
import { severityAtLeast, type Severity } from '../../core/finding.js';
import { MAX_MESSAGE_BYTES } from '../../core/limits.js';
import { analyzeMessageHeaders } from '../../headers/analyze-headers.js';
import { renderHeadersText } from '../../report/render-headers-text.js';
import { styleFor } from '../../report/style.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import type { CliIo } from '../output.js';

interface HeadersOptions {
  json?: boolean;
  failOn?: string;
  outer?: boolean;
}

const LEVELS: readonly Severity[] = ['info', 'warning', 'error'];

/** Reads the operand; a file larger than the limit is read up to one byte past it (so the cut is noted). */
function readOperand(operand: string, io: CliIo): Buffer {
  if (operand === '-') return io.readStdin();
  let size: number;
  try {
    const stat = statSync(operand);
    if (stat.isDirectory()) throw new ToolkitError('usage', `${operand}: is a directory; give one message file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof ToolkitError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ToolkitError(code === 'ENOENT' ? 'input-missing' : 'input-unreadable', `${operand}: ${code === 'ENOENT' ? 'no such file or directory' : 'cannot be read'}`);
  }
  try {
    if (size <= MAX_MESSAGE_BYTES) return readFileSync(operand);
    const fd = openSync(operand, 'r');
    try {
      const buffer = Buffer.alloc(MAX_MESSAGE_BYTES + 1);
      return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    throw new ToolkitError('input-unreadable', `${operand}: cannot be read`);
  }
}

export function registerHeaders(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('headers')
    .description('analyse message headers: route and delays, SPF/DKIM/DMARC/ARC, Microsoft 365 and other filter verdicts')
    .argument('<file>', 'a message (.eml), a pasted header block, a bounce (its returned original is analysed), or - for standard input')
    .option('--json', 'print the full analysis as JSON (hops origin first, delays in seconds, findings at the top level)')
    .option('--fail-on <level>', 'exit 1 when a finding is at least this severe: info, warning or error')
    .option('--outer', 'analyse the outer message even when it returns or attaches another message')
    .action((file: string, options: HeadersOptions) => {
      if (options.failOn !== undefined && !LEVELS.includes(options.failOn as Severity)) {
        throw new ToolkitError('usage', `--fail-on must be info, warning or error, not ${options.failOn}`);
      }
      const bytes = readOperand(file, io);
      if (bytes.toString('latin1').trim() === '') throw new ToolkitError('input-unreadable', `${file}: the input is empty`);
      const report = analyzeMessageHeaders(bytes, { outer: Boolean(options.outer) });
      if (!report.readable) throw new ToolkitError('input-unreadable', `${file}: no mail headers found`);
      if (options.json) io.stdout.write(JSON.stringify({ file, ...report }, null, 2) + '\n');
      else io.stdout.write(renderHeadersText(report, file, styleFor(io.stdout as NodeJS.WriteStream, io.env)) + '\n');
      const threshold = options.failOn as Severity | undefined;
      const failing = threshold !== undefined && report.findings.some((f) => severityAtLeast(f.severity, threshold));
      setExit(failing ? EXIT_FINDINGS : EXIT_OK);
    });
}
