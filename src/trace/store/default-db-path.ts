/**
 * Where `maildoctor trace` keeps its database when --db is not given: the user's data
 * directory (XDG Base Directory: $XDG_DATA_HOME, else ~/.local/share; %LOCALAPPDATA% on Windows).
 * @module
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultTraceDbPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, 'maildoctor', 'trace.db');
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'maildoctor', 'trace.db');
  return join(env.HOME || homedir(), '.local', 'share', 'maildoctor', 'trace.db');
}
