/**
 * The HTTP API for tests: `createApp` with a temporary data directory and SQLite file, the
 * log captured, and connectors that never leave loopback. The real SMTP prober and HTTPS
 * fetcher are used, but a connection to any address other than 127.0.0.1 / ::1 is answered
 * as unreachable here, before any packet is sent, and recorded, so a test can also see what
 * the guard let through. DNS goes only to the fixture servers a test names.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/io/clock.js';
import { createApp } from '../../src/serve/app.js';
import type { ApiApp, CheckConnectors, LogEntry, ServeDeps } from '../../src/serve/route-context.js';
import { defaultServeConfig, type ServeConfig } from '../../src/serve/serve-config.js';
import { networkConnectors } from '../../src/serve/serve-deps.js';
import { openTraceStore } from '../../src/trace/store/open-trace-store.js';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

export interface TestApi {
  app: ApiApp;
  config: ServeConfig;
  logs: LogEntry[];
  /** Every connection the checks asked for (after the guard): `smtp 127.0.0.1:2525`, `https 10.0.0.1:443`. */
  connections: string[];
  dir: string;
  close(): Promise<void>;
}

const isLoopback = (address: string): boolean => address === '127.0.0.1' || address === '::1';

/** The network connectors, held to loopback (and to the DNS servers a test names). */
export function loopbackConnectors(connections: string[]): CheckConnectors {
  return {
    resolver: (servers, timeoutMs) => {
      if (servers.length === 0 || servers.some((s) => !s.startsWith('127.0.0.1:'))) throw new Error('tests must give a fixture DNS server on 127.0.0.1 (dnsServers)');
      return networkConnectors.resolver(servers, timeoutMs);
    },
    fetcher: (options) => {
      const live = networkConnectors.fetcher(options);
      return async (request) => {
        connections.push(`https ${request.address}:${options.port ?? 443}`);
        if (!isLoopback(request.address)) return { ok: false, url: request.url, address: request.address, code: 'refused', error: 'test connectors stay on loopback', certificate: null, ms: 0 };
        return live(request);
      };
    },
    prober: (options) => {
      const live = networkConnectors.prober(options);
      return {
        probe: async (request) => {
          connections.push(`smtp ${request.address}:${request.port}`);
          if (!isLoopback(request.address)) {
            return {
              host: request.host, address: request.address, port: request.port, startedAt: new Date().toISOString(), outcome: 'unreachable', stage: 'connect', error: 'test connectors stay on loopback',
              banner: null, ehlo: null, extensions: {}, tls: null, ehloAfterTls: null, rcpt: null, timings: {}, transcript: [],
            };
          }
          return live.probe(request);
        },
      };
    },
  };
}

export async function createTestApi(overrides: Partial<ServeConfig> = {}, depsOverrides: Partial<ServeDeps> = {}): Promise<TestApi> {
  const dir = mkdtempSync(join(tmpdir(), 'maildoctor-serve-'));
  const logs: LogEntry[] = [];
  const connections: string[] = [];
  const config = defaultServeConfig({ db: join(dir, 'trace.db'), dataDir: dir, ...overrides });
  const deps: ServeDeps = { log: (entry) => logs.push(entry), clock: systemClock, openStore: openTraceStore, connectors: loopbackConnectors(connections), ...depsOverrides };
  const app = await createApp(config, deps, { version: 'test' });
  return {
    app,
    config,
    logs,
    connections,
    dir,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The Authorization header of TEST_TOKEN. */
export const AUTH = { authorization: `Bearer ${TEST_TOKEN}` };
