/**
 * The real side effects of `maildoctor serve`: the system clock, the trace store named by
 * `--db` (SQLite file or PostgreSQL URL, src/trace/store/open-trace-store.ts), and the
 * network of the live checks (the system resolver or `--dns-server`, HTTPS and SMTP over
 * node:https and node:net). Tests pass their own.
 * @module
 */
import { systemClock } from '../io/clock.js';
import { DEFAULT_QUERY_TRIES, SystemResolver } from '../io/dns/system-resolver.js';
import { createHttpsFetcher } from '../io/http/fetch-text.js';
import { createSmtpProber } from '../io/smtp/smtp-probe.js';
import { openTraceStore } from '../trace/store/open-trace-store.js';
import type { CheckConnectors, LogEntry, ServeDeps } from './route-context.js';

export const networkConnectors: CheckConnectors = {
  resolver: (servers, timeoutMs) => new SystemResolver({ ...(servers.length > 0 ? { servers: [...servers] } : {}), timeoutMs, tries: DEFAULT_QUERY_TRIES }),
  fetcher: (options) => createHttpsFetcher(options),
  prober: (options) => createSmtpProber(options),
};

export function systemServeDeps(log: (entry: LogEntry) => void): ServeDeps {
  return { log, clock: systemClock, openStore: openTraceStore, connectors: networkConnectors };
}
