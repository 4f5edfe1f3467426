/**
 * `maildoctor m365 ...`: the Microsoft 365 tenant side (issue 9). `config analyze` reads
 * Exchange Online PowerShell exports (with live DNS/SMTP checks); `health` and `trace
 * pull/detail` call Microsoft Graph with the token of `login` (or MAILDOCTOR_GRAPH_TOKEN);
 * `logout` removes it.
 * @module
 */
import type { Command } from 'commander';
import type { CliIo } from '../output.js';
import { registerM365Config } from './m365-config.js';
import { registerM365Graph } from './m365-graph.js';
import { cachedToken, registerM365Login } from './m365-login.js';

export function registerM365(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const m365 = program.command('m365').description('Microsoft 365 tenant: mail-flow configuration, service health, live message trace');
  registerM365Config(m365, io, setExit);
  registerM365Graph(m365, io, setExit, cachedToken);
  registerM365Login(m365, io, setExit);
}
