/**
 * The Microsoft Graph commands: `m365 health` (Exchange Online service health), `m365 trace
 * pull` and `m365 trace detail` (the message-trace API into the trace store). The Graph base
 * URL is the cloud's (--cloud) or --graph-url (a test server); the token comes from
 * MAILDOCTOR_GRAPH_TOKEN, else from `m365 login`'s cache. A Graph failure (no or expired
 * token, missing permission, throttled beyond the limits, no connection) is one line on
 * standard error and exit 2.
 * @module
 */
import type { Command } from 'commander';
import { ToolkitError } from '../../core/errors.js';
import { nationalCloud, type NationalCloud } from '../../m365/auth/national-clouds.js';
import { GraphClient, type GraphFailure, type TokenProvider } from '../../m365/graph/graph-client.js';
import { getExchangeHealth } from '../../m365/health/get-exchange-health.js';
import { renderHealthText } from '../../m365/health/render-health-text.js';
import { getMessageTraceDetail } from '../../m365/trace/get-message-trace-detail.js';
import { GRAPH_TRACE_STATUSES, pullMessageTraces, type GraphTraceStatus } from '../../m365/trace/pull-message-traces.js';
import { renderTraceDetailText, renderTracePullText } from '../../m365/trace/render-trace-pull-text.js';
import { statusFromText } from '../../trace/import/trace-vocabulary.js';
import { defaultTraceDbPath } from '../../trace/store/default-db-path.js';
import { openTraceStore } from '../../trace/store/open-trace-store.js';
import { styleFor } from '../../report/style.js';
import { EXIT_OK } from '../exit-codes.js';
import type { CliIo } from '../output.js';
import { startProgress } from '../progress.js';
import { readCaFile } from '../read-ca-file.js';

export interface GraphOptions {
  graphUrl?: string;
  cloud?: string;
  caFile?: string;
  json?: boolean;
}

/** Where the token comes from when MAILDOCTOR_GRAPH_TOKEN is not set: `m365 login`'s cache and the cloud signed in to (set by m365.ts). */
export type CachedTokenSource = (io: CliIo) => Promise<{ token: TokenProvider; cloud: string } | null>;

export function addGraphOptions(command: Command): Command {
  return command
    .option('--cloud <id>', 'global (default), usgov-high, usgov-dod or china: the sign-in authority and Graph endpoint')
    .option('--graph-url <url>', 'call Microsoft Graph at this https URL instead of the cloud\'s (test servers)')
    .option('--ca-file <file>', 'also trust the CA certificates of this PEM file for the Graph URL')
    .option('--json', 'print the result as JSON');
}

export async function graphClientFor(options: GraphOptions, io: CliIo, cached: CachedTokenSource): Promise<{ graph: GraphClient; cloud: NationalCloud }> {
  const injected = io.env['MAILDOCTOR_GRAPH_TOKEN'];
  const login = injected ? null : await cached(io);
  // A login belongs to one cloud: its Graph endpoint is used unless --cloud says otherwise.
  const cloud = nationalCloud(options.cloud ?? login?.cloud ?? 'global');
  const baseUrl = options.graphUrl ?? cloud.graph;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ToolkitError('usage', `--graph-url must be an https URL, not ${baseUrl}`);
  }
  if (url.protocol !== 'https:') throw new ToolkitError('usage', `--graph-url must be an https URL, not ${baseUrl}`);
  const token: TokenProvider | null = injected ? async (refresh) => (refresh ? null : injected) : (login?.token ?? null);
  if (!token) throw new ToolkitError('config', 'not signed in: run `maildoctor m365 login` (or set MAILDOCTOR_GRAPH_TOKEN to an access token)');
  const ca = options.caFile === undefined ? undefined : readCaFile(options.caFile);
  return { graph: new GraphClient({ baseUrl: url.href, token, ...(ca ? { ca } : {}) }), cloud };
}

const PERMISSION: Record<string, string> = { health: 'ServiceHealth.Read.All', trace: 'ExchangeMessageTrace.Read.All (and the message-trace service principal, see the README)' };

/** A Graph failure as the one line the CLI prints (exit 2). */
export function graphFailureError(failure: GraphFailure, what: 'health' | 'trace'): ToolkitError {
  const why = {
    'token-expired': 'the access token has expired: run `maildoctor m365 login` again (or give a new MAILDOCTOR_GRAPH_TOKEN)',
    unauthorized: failure.status === null ? failure.message : `Graph refused the token (${failure.message})${what === 'trace' ? '; a new tenant needs the message-trace service principal first (see the README)' : ''}`,
    forbidden: `Graph refused: the account or app lacks ${PERMISSION[what]} (${failure.message})`,
    'not-found': `not found (${failure.message})`,
    throttled: `throttled by Graph: ${failure.message}; try again later`,
    http: `Graph answered HTTP ${failure.status}: ${failure.message}`,
    network: `cannot reach ${new URL(failure.url).origin}: ${failure.message}`,
    timeout: `Graph did not answer in time: ${failure.message}`,
    'too-large': `Graph's answer was too large: ${failure.message}`,
    'bad-response': `unexpected answer from Graph: ${failure.message}`,
  }[failure.kind];
  return new ToolkitError('config', why);
}

/** `2d`, `36h`, `90m` back from now, or a date / ISO 8601 time. */
export function parseSince(name: string, value: string, now: Date): Date {
  const rel = /^(\d+)([dhm])$/.exec(value.trim());
  if (rel) return new Date(now.getTime() - Number(rel[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[rel[2] as 'd' | 'h' | 'm']);
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(value + 'T00:00:00Z') : /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new ToolkitError('usage', `--${name} must be like 2d, 36h, 2026-11-09 or 2026-11-09T14:00:00Z, not ${value}`);
  return new Date(ms);
}

function graphStatus(value: string): GraphTraceStatus {
  const status = statusFromText(value);
  const graph = GRAPH_TRACE_STATUSES.find((s) => statusFromText(s) === status);
  if (!graph) throw new ToolkitError('usage', `--status must be one of ${GRAPH_TRACE_STATUSES.join(', ')}, not ${value}`);
  return graph;
}

function address(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  const text = value.trim().toLowerCase();
  if (!/^[^\s@<>]+@[^\s@<>']+\.[^\s@<>']+$/.test(text)) throw new ToolkitError('usage', `${option} must be an address such as alice@contoso.com, not ${JSON.stringify(value)}`);
  return text;
}

export function registerM365Graph(m365: Command, io: CliIo, setExit: (code: number) => void, cached: CachedTokenSource): void {
  addGraphOptions(m365.command('health').description('Exchange Online service health: status, open incidents and advisories (mail flow first) with their latest update (Microsoft Graph; needs ServiceHealth.Read.All)'))
    .action(async (options: GraphOptions) => {
      const { graph } = await graphClientFor(options, io, cached);
      const res = await getExchangeHealth(graph);
      if (!res.ok) throw graphFailureError(res.failure, 'health');
      if (options.json) io.stdout.write(JSON.stringify(res.health, null, 2) + '\n');
      else io.stdout.write(renderHealthText(res.health, styleFor(io.stdout as NodeJS.WriteStream, io.env)) + '\n');
      setExit(EXIT_OK);
    });

  const trace = m365.command('trace').description('the Exchange Online message trace, live from Microsoft Graph (needs ExchangeMessageTrace.Read.All)');
  addGraphOptions(trace.command('pull').description('pull message-trace rows into the trace database (10-day windows within the last 90 days; idempotent), for every `trace` question'))
    .option('--since <time>', 'from this time: 2d, 36h, a date or ISO 8601 (default 2d)')
    .option('--until <time>', 'to this time (default now)')
    .option('--sender <address>', 'only mail from this address')
    .option('--recipient <address>', 'only mail to this address')
    .option('--status <status>', `only this status (${GRAPH_TRACE_STATUSES.join(', ')})`)
    .option('--db <path>', 'database file or postgres:// URL (default: $XDG_DATA_HOME/maildoctor/trace.db)')
    .action(async (options: GraphOptions & { since?: string; until?: string; sender?: string; recipient?: string; status?: string; db?: string }) => {
      const now = new Date();
      const since = parseSince('since', options.since ?? '2d', now);
      const until = options.until ? parseSince('until', options.until, now) : now;
      const filter = {
        since, until,
        ...(options.sender ? { sender: address(options.sender, '--sender')! } : {}),
        ...(options.recipient ? { recipient: address(options.recipient, '--recipient')! } : {}),
        ...(options.status ? { status: graphStatus(options.status) } : {}),
      };
      const { graph, cloud } = await graphClientFor(options, io, cached);
      if (!cloud.messageTrace && !options.graphUrl) io.stderr.write(`maildoctor: note: Microsoft documents the message-trace API for the global cloud only, not ${cloud.name}\n`);
      const db = options.db ?? defaultTraceDbPath(io.env);
      const store = await openTraceStore(db);
      let bar: ReturnType<typeof startProgress> | null = null;
      try {
        const res = await pullMessageTraces(graph, store, filter, now, {
          window: (index, total) => {
            if (index === 0) bar = startProgress(io.stderr, total, 'windows');
            else bar?.tick();
          },
          page: () => undefined,
        });
        (bar as ReturnType<typeof startProgress> | null)?.stop();
        if (!res.ok) throw new ToolkitError('usage', `--since/--until: ${res.problem}`);
        const result = res.result;
        // Nothing pulled at all: the failure is the answer (one line, exit 2).
        if (result.failure && result.windows.length === 0) throw graphFailureError(result.failure, 'trace');
        if (options.json) io.stdout.write(JSON.stringify({ db, ...result }, null, 2) + '\n');
        else io.stdout.write(renderTracePullText(result, db) + '\n');
        setExit(EXIT_OK);
      } finally {
        await store.close();
      }
    });

  addGraphOptions(trace.command('detail').description('the events of one message for one recipient (kept in the trace database too)'))
    .argument('<message-trace-id>', 'the message trace id (a GUID, from `trace query` or a pull)')
    .argument('<recipient>', 'the recipient address')
    .option('--db <path>', 'database file or postgres:// URL (default: $XDG_DATA_HOME/maildoctor/trace.db)')
    .option('--no-store', 'do not keep the events in the database')
    .action(async (traceId: string, recipientText: string, options: GraphOptions & { db?: string; store?: boolean }) => {
      if (!/^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i.test(traceId)) throw new ToolkitError('usage', `the message trace id must be a GUID, not ${JSON.stringify(traceId)}`);
      const recipient = address(recipientText, 'the recipient')!;
      const id = traceId.replace(/[{}]/g, '').toLowerCase();
      const { graph } = await graphClientFor(options, io, cached);
      const store = options.store === false ? null : await openTraceStore(options.db ?? defaultTraceDbPath(io.env));
      try {
        const res = await getMessageTraceDetail(graph, store, id, recipient);
        if (!res.ok) throw graphFailureError(res.failure, 'trace');
        if (options.json) io.stdout.write(JSON.stringify({ messageTraceId: id, recipient, events: res.result.events, stored: res.result.counts }, null, 2) + '\n');
        else io.stdout.write(renderTraceDetailText(id, recipient, res.result.events) + '\n');
        setExit(EXIT_OK);
      } finally {
        await store?.close();
      }
    });
}
