/**
 * What the `trace` subcommands defined outside trace.ts get from it: the output, the exit code
 * setter, the store opener behind `--db`, and the `--since`/`--until` reader.
 * @module
 */
import type { TraceStore } from '../../trace/store/trace-store.js';
import type { CliIo } from '../output.js';

export interface TraceCommandContext {
  io: CliIo;
  setExit: (code: number) => void;
  openStore: (options: { db?: string }) => Promise<TraceStore>;
  parseTimeOption: (name: string, value: string | undefined) => number | undefined;
}

export const DB_OPTION_HELP = 'database file or postgres:// URL (default: $XDG_DATA_HOME/maildoctor/trace.db)';
