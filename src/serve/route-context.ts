/**
 * What every route module of the HTTP API receives: the Fastify instance with the zod type
 * provider, the server's settings, and its injected side effects (the log, the clock, the
 * trace store, the network connectors of the live checks).
 * @module
 */
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Clock } from '../io/clock.js';
import type { DnsResolver } from '../io/dns/resolver.js';
import type { HttpsFetcher, HttpsFetcherOptions } from '../io/http/fetch-text.js';
import type { SmtpProber } from '../io/smtp/smtp-probe.js';
import type { TraceStore } from '../trace/store/trace-store.js';
import type { ServeConfig } from './serve-config.js';

export type ApiApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** One structured log line: never message contents, header values, tokens or query strings. */
export interface LogEntry {
  time: string;
  level: 'info' | 'warn' | 'error';
  msg: string;
  [field: string]: string | number | boolean | null;
}

/** The network of the live checks; tests give fixture servers, or recorders. */
export interface CheckConnectors {
  /** A resolver asking `servers` (empty: the system's) with this per-question timeout; `cancel` ends its pending questions. */
  resolver(servers: readonly string[], timeoutMs: number): DnsResolver & { cancel?(): void };
  fetcher(options: HttpsFetcherOptions): HttpsFetcher;
  prober(options: { ca: string | null }): SmtpProber;
}

export interface ServeDeps {
  log(entry: LogEntry): void;
  clock: Clock;
  /** Opens the trace store named by `--db` (a path or a postgres:// URL). */
  openStore(target: string): Promise<TraceStore>;
  connectors: CheckConnectors;
}

export interface RouteContext {
  config: ServeConfig;
  deps: ServeDeps;
  /** The trace store, opened on first use and kept until the server closes. */
  store(): Promise<TraceStore>;
}
