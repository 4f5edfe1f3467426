/**
 * `maildoctor code QUERY...`: what an NDR or enhanced status code means, by code, range or the
 * text of a pasted error line. Exit 1 when nothing matches.
 * @module
 */
import type { Command } from 'commander';
import { lookupCodes } from '../../codes/lookup-code.js';
import { renderCodeText } from '../../report/render-code-text.js';
import { styleFor } from '../../report/style.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import type { CliIo } from '../output.js';

export function registerCode(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('code')
    .description('explain an NDR code or enhanced status code (5.7.23, "550 5.7.23", 5.7.606-649, or a pasted error line)')
    .argument('<query...>', 'the code or text to look up')
    .option('--json', 'print a JSON array of matching entries (one per meaning)')
    .action((query: string[], options: { json?: boolean }) => {
      const entries = lookupCodes(query.join(' '));
      if (options.json) {
        io.stdout.write(JSON.stringify(entries.map(({ signature: _s, ...rest }) => rest), null, 2) + '\n');
      } else if (entries.length === 0) {
        io.stdout.write(`No entry matches "${query.join(' ')}".\n`);
      } else {
        io.stdout.write(renderCodeText(entries, styleFor(io.stdout as NodeJS.WriteStream, io.env)) + '\n');
      }
      setExit(entries.length > 0 ? EXIT_OK : EXIT_FINDINGS);
    });
}
