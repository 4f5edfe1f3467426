/**
 * `maildoctor serve [--host H] [--port P] ...`: the HTTP API (src/serve/) on 127.0.0.1:8825 by
 * default. A token (MAILDOCTOR_TOKEN) is required when set, and always when bound beyond
 * loopback: if none is set then, one is generated and printed once. The live checks refuse
 * internal targets unless --allow-private-targets. Start-up lines go to standard output, one
 * JSON log line per request to standard error; SIGINT or SIGTERM stop the server, letting
 * requests in flight finish. Loaded only for `serve` (and help), so that other commands do
 * not load the web stack.
 * @module
 */
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_CHECK_TIMEOUT_MS } from '../../checks/check-limits.js';
import { ToolkitError } from '../../core/errors.js';
import { MAX_API_UPLOAD_BYTES, MAX_TRACE_FILE_BYTES } from '../../core/limits.js';
import { parseDnsServer } from '../../io/dns/system-resolver.js';
import { createApp, type CreateAppOptions } from '../../serve/app.js';
import { chooseToken, isLoopbackHost } from '../../serve/bearer-token.js';
import type { ApiApp, LogEntry, ServeDeps } from '../../serve/route-context.js';
import { DEFAULT_SERVE_HOST, DEFAULT_SERVE_PORT, defaultServeConfig, type ServeConfig } from '../../serve/serve-config.js';
import { systemServeDeps } from '../../serve/serve-deps.js';
import { uploadDir } from '../../serve/trace-upload.js';
import { defaultTraceDbPath } from '../../trace/store/default-db-path.js';
import { isPostgresTarget, parsePostgresTarget } from '../../trace/store/postgres-target.js';
import { EXIT_OK } from '../exit-codes.js';
import type { CliIo } from '../output.js';
import { readCaFile } from '../read-ca-file.js';

const VERSION = '0.1.0';

export interface ServeOptions {
  host?: string;
  port?: string;
  db?: string;
  dataDir?: string;
  dnsServer?: string[];
  smtpPort?: string;
  httpsPort?: string;
  caFile?: string;
  /** false with --no-smtp. */
  smtp?: boolean;
  allowPrivateTargets?: boolean;
  timeout?: string;
  maxUploadMb?: string;
}

function portOption(name: string, value: string | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port > 65535 || (port === 0 && !allowZero)) throw new ToolkitError('usage', `--${name} must be a port number from ${allowZero ? 0 : 1} to 65535, not ${value}`);
  return port;
}

/** The configuration of a `serve` command line (and MAILDOCTOR_TOKEN); usage errors before anything starts. */
export function serveConfigFromOptions(options: ServeOptions, env: NodeJS.ProcessEnv): { config: ServeConfig; tokenGenerated: boolean } {
  const host = options.host ?? DEFAULT_SERVE_HOST;
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host)) throw new ToolkitError('usage', `--host must be an address or a host name, not ${JSON.stringify(host)}`);
  const port = portOption('port', options.port, DEFAULT_SERVE_PORT, true);
  for (const server of options.dnsServer ?? []) parseDnsServer(server);
  let checkTimeoutMs = DEFAULT_CHECK_TIMEOUT_MS;
  if (options.timeout !== undefined) {
    const seconds = Number(options.timeout);
    if (!/^\d+(\.\d+)?$/.test(options.timeout) || !(seconds > 0) || seconds > 600) throw new ToolkitError('usage', `--timeout must be a number of seconds from 0.1 to 600, not ${options.timeout}`);
    checkTimeoutMs = Math.round(seconds * 1000);
  }
  let maxUploadBytes = MAX_API_UPLOAD_BYTES;
  if (options.maxUploadMb !== undefined) {
    const mb = Number(options.maxUploadMb);
    if (!/^\d+$/.test(options.maxUploadMb) || mb < 1 || mb * 1024 * 1024 > MAX_TRACE_FILE_BYTES) throw new ToolkitError('usage', `--max-upload-mb must be a whole number from 1 to ${MAX_TRACE_FILE_BYTES / 1024 / 1024}, not ${options.maxUploadMb}`);
    maxUploadBytes = mb * 1024 * 1024;
  }
  const db = options.db ?? defaultTraceDbPath(env);
  // Uploads wait beside the SQLite file; with PostgreSQL, in the user's data directory.
  const dataDir = options.dataDir ?? dirname(isPostgresTarget(db) ? defaultTraceDbPath(env) : db);
  const token = chooseToken(host, env['MAILDOCTOR_TOKEN']);
  const config = defaultServeConfig({
    host,
    port,
    token: token.token,
    allowPrivateTargets: Boolean(options.allowPrivateTargets),
    dnsServers: options.dnsServer ?? [],
    smtpPort: portOption('smtp-port', options.smtpPort, 25),
    httpsPort: portOption('https-port', options.httpsPort, 443),
    ca: options.caFile ? readCaFile(options.caFile) : null,
    smtp: options.smtp !== false,
    checkTimeoutMs,
    db,
    dataDir,
    maxUploadBytes,
  });
  return { config, tokenGenerated: token.generated };
}

export interface RunningServer {
  app: ApiApp;
  /** `http://host:port` as bound (port 0 resolved). */
  url: string;
  close(): Promise<void>;
}

function dbText(db: string): string {
  return isPostgresTarget(db) ? `PostgreSQL at ${parsePostgresTarget(db).display}` : db;
}

/** Builds the app, listens, and prints where, with the token when it was generated. */
export async function startServer(config: ServeConfig, tokenGenerated: boolean, io: CliIo, deps?: ServeDeps, appOptions: Partial<CreateAppOptions> = {}): Promise<RunningServer> {
  const log = (entry: LogEntry): void => void io.stderr.write(JSON.stringify(entry) + '\n');
  const app = await createApp(config, deps ?? systemServeDeps(log), { version: VERSION, ...appOptions });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close();
    throw new ToolkitError('config', `cannot listen on ${config.host}:${config.port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  const url = `http://${shownHost}:${port}`;
  const lines = [`maildoctor serve: listening on ${url} (API reference: ${url}/api/docs)`];
  if (config.token && tokenGenerated) lines.push(`token (generated now, shown once; set MAILDOCTOR_TOKEN to choose one): ${config.token}`);
  else if (config.token) lines.push('token: required (MAILDOCTOR_TOKEN)');
  else lines.push('token: none (bound to loopback; set MAILDOCTOR_TOKEN to require one)');
  lines.push(config.allowPrivateTargets ? 'private targets: ALLOWED (--allow-private-targets)' : 'private targets: refused');
  lines.push(`trace database: ${dbText(config.db)} (uploads in ${uploadDir(config.dataDir)})`);
  if (!isLoopbackHost(config.host) && config.dnsServers.length === 0) lines.push('note: the checks use the system resolver; with --dns-server, point them at a public one so that they cannot read internal DNS zones');
  io.stdout.write(lines.join('\n') + '\n');
  return { app, url, close: () => app.close() };
}

export function registerServe(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('run the HTTP API (explain, codes, headers, checks, trace) with its OpenAPI document and reference page')
    .option('--host <address>', `address to listen on (default ${DEFAULT_SERVE_HOST}; beyond loopback a token is always required)`)
    .option('--port <port>', `port to listen on (default ${DEFAULT_SERVE_PORT}; 0 for any free port)`)
    .option('--db <path|url>', 'trace database: a SQLite file (default: $XDG_DATA_HOME/maildoctor/trace.db) or postgres://user@host/db, shared by several servers')
    .option('--data-dir <dir>', 'where uploads are kept while they are imported (default: the folder of the SQLite file, or the user data folder)')
    .option('--dns-server <host[:port]>', 'resolver of the live checks (repeatable; default: the system one)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--timeout <seconds>', `time limit of the checks of one request (default ${DEFAULT_CHECK_TIMEOUT_MS / 1000})`)
    .option('--no-smtp', 'never connect to MX hosts (for hosts whose outgoing port 25 is blocked)')
    .option('--allow-private-targets', 'let the checks connect to private, loopback and other internal addresses (tests; servers meant for an internal network)')
    .option('--smtp-port <port>', 'connect to MX hosts on this port instead of 25 (test servers)')
    .option('--https-port <port>', 'fetch MTA-STS policies on this port instead of 443 (test servers)')
    .option('--ca-file <file>', 'also trust the CA certificates of this PEM file (MTA-STS hosts, MX hosts)')
    .option('--max-upload-mb <n>', `largest trace upload in MiB (default ${MAX_API_UPLOAD_BYTES / 1024 / 1024})`)
    .action(async (options: ServeOptions) => {
      const { config, tokenGenerated } = serveConfigFromOptions(options, io.env);
      const server = await startServer(config, tokenGenerated, io);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          io.stdout.write('maildoctor serve: stopping\n');
          void server.close().then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      setExit(EXIT_OK);
    });
}
