/**
 * The `maildoctor` command line: global wiring, one file per verb under commands/, and the
 * exit-code policy (0 done, 1 --fail-on reached or nothing found, 2 usage or input error, one
 * line on standard error and never a stack trace).
 * @module
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ToolkitError } from '../core/errors.js';
import { registerCode } from './commands/code.js';
import { registerExplain } from './commands/explain.js';
import { registerHeaders } from './commands/headers.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { CliIo } from './output.js';

const VERSION = '0.1.0';

function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, readStdin: () => readFileSync(0), env: process.env };
}

export async function runCli(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  let exitCode = EXIT_OK;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('maildoctor')
    .description('Why an email did not arrive, and what to do about it.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run maildoctor --help for usage)');
  registerExplain(program, io, setExit);
  registerCode(program, io, setExit);
  // The checks (DNS, the public suffix list) are loaded only when asked for, or for the help
  // text, so that explain starts fast.
  if (argv.length === 0 || argv[0] === 'check' || argv.some((a) => a === '--help' || a === '-h' || a === 'help')) {
    (await import('./commands/check.js')).registerCheck(program, io, setExit);
  }
  // diagnose chains the bounce analysis and the checks: it loads, like check, only when asked for.
  if (argv.length === 0 || argv[0] === 'diagnose' || argv.some((a) => a === '--help' || a === '-h' || a === 'help')) {
    (await import('./commands/diagnose.js')).registerDiagnose(program, io, setExit);
  }
  // The message-trace store (better-sqlite3) likewise loads only for `trace` or help.
  if (argv.length === 0 || argv[0] === 'trace' || argv.some((a) => a === '--help' || a === '-h' || a === 'help')) {
    const { registerTrace } = await import('./commands/trace.js');
    registerTrace(program, io, setExit);
  }
  // The HTTP server (fastify, zod) likewise loads only for `serve` or help.
  if (argv.length === 0 || argv[0] === 'serve' || argv.some((a) => a === '--help' || a === '-h' || a === 'help')) {
    (await import('./commands/serve.js')).registerServe(program, io, setExit);
  }
  // The Microsoft 365 tenant side (exports, Graph) likewise loads only for `m365` or help.
  if (argv.length === 0 || argv[0] === 'm365' || argv.some((a) => a === '--help' || a === '-h' || a === 'help')) {
    (await import('./commands/m365.js')).registerM365(program, io, setExit);
  }
  registerHeaders(program, io, setExit);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version requests end through exitOverride too, with exit code 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof ToolkitError) {
      io.stderr.write(`maildoctor: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return exitCode;
    io.stderr.write(`maildoctor: internal error: ${(error as Error).message} (please report this)\n`);
    return 3;
  }
  return exitCode;
}
