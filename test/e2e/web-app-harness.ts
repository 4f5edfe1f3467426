/**
 * What the end-to-end tests of the web app stand on: the app built by Vite from web/ into a
 * temporary folder (the sources as they are, not a stale dist/), the real server
 * (`startServer` of `maildoctor serve`, listening on 127.0.0.1 port 0) serving it, and Debian's
 * Chromium driven by playwright-core (never a downloaded browser). The server's live checks ask
 * only the fixture DNS server the test names and connect only to loopback
 * (test/helpers/serve-app.ts loopbackConnectors).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';
import { serveConfigFromOptions, startServer, type RunningServer, type ServeOptions } from '../../src/cli/commands/serve.js';
import { systemClock } from '../../src/io/clock.js';
import type { LogEntry } from '../../src/serve/route-context.js';
import { generateTraceMessages } from '../../src/trace/generator/generate-trace-messages.js';
import { writeTraceExport } from '../../src/trace/generator/write-trace-export.js';
import { openTraceStore } from '../../src/trace/store/open-trace-store.js';
import { loopbackConnectors } from '../helpers/serve-app.js';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Screenshots of every page, at desktop and phone width (git-ignored). */
export const SCREENS_DIR = join(REPO, 'test-results', 'screens');
export const CHROMIUM = '/usr/bin/chromium';

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Builds web/ with its Vite configuration into `outDir`. */
export async function buildWebApp(outDir: string): Promise<void> {
  const { build } = await import('vite');
  // A production build, as `npm run build` makes it (vitest sets NODE_ENV=test, which would give React's development build).
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({ configFile: join(REPO, 'web', 'vite.config.ts'), mode: 'production', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
}

export interface WebServer {
  url: string;
  server: RunningServer;
  dbPath: string;
  dir: string;
  logs: LogEntry[];
  /** Every connection the checks asked for (only loopback ones are made). */
  connections: string[];
  close(): Promise<void>;
}

/** `maildoctor serve --port 0 --allow-private-targets --dns-server ...` with the web app of `webRoot`. */
export async function startWebServer(webRoot: string, options: ServeOptions, env: NodeJS.ProcessEnv = {}): Promise<WebServer> {
  const dir = mkdtempSync(join(tmpdir(), 'maildoctor-e2e-'));
  const dbPath = join(dir, 'trace.db');
  const { config, tokenGenerated } = serveConfigFromOptions({ host: '127.0.0.1', port: '0', db: dbPath, dataDir: dir, ...options }, env);
  const logs: LogEntry[] = [];
  const connections: string[] = [];
  const quiet = { write: () => true, isTTY: false };
  const server = await startServer(
    config,
    tokenGenerated,
    { stdout: quiet, stderr: quiet, readStdin: () => Buffer.alloc(0), env },
    { log: (entry) => logs.push(entry), clock: systemClock, openStore: openTraceStore, connectors: loopbackConnectors(connections) },
    { webRoot },
  );
  return {
    url: server.url,
    server,
    dbPath,
    dir,
    logs,
    connections,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Debian's Chromium, headless. playwright-core starts it with a fresh temporary profile of its
 * own (its --user-data-dir, removed when the browser closes), so no profile is given here.
 */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return { browser, close: () => browser.close() };
}

/** A page of a fresh context (its own sessionStorage), recording every request it makes. */
export async function openPage(browser: Browser, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page; requests: string[]; consoleErrors: string[] }> {
  const context = await browser.newContext({ viewport, colorScheme: 'light', reducedMotion: 'reduce' });
  const page = await context.newPage();
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  return { context, page, requests, consoleErrors };
}

/**
 * Writes full-page screenshots at desktop and at phone width, and the phone one in the dark
 * colour scheme: test-results/screens/<name>-desktop.png, -phone.png, -phone-dark.png.
 */
export async function screenshots(page: Page, name: string): Promise<{ phoneOverflowPx: number }> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const size = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: join(SCREENS_DIR, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  // At phone width nothing may stick out sideways (wide tables scroll inside their own box).
  const phoneOverflowPx = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
  await page.screenshot({ path: join(SCREENS_DIR, `${name}-phone.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(SCREENS_DIR, `${name}-phone-dark.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(size);
  return { phoneOverflowPx };
}

/** Whether the server's OpenAPI document has `METHOD path` (routes that later versions add). */
export async function serverHasRoute(url: string, method: string, path: string): Promise<boolean> {
  const document = (await (await fetch(`${url}/api/openapi.json`)).json()) as { paths?: Record<string, Record<string, unknown>> };
  return Boolean(document.paths?.[path]?.[method.toLowerCase()]);
}

/**
 * Answers `METHOD path` in the browser with `answer` when the server does not have the route
 * (routes later versions add; see test/e2e/web-app.test.ts); false when it has it.
 */
export async function answerMissingRoute(url: string, page: Page, method: string, path: string, answer: (route: Route) => Promise<unknown>): Promise<boolean> {
  if (await serverHasRoute(url, method, path)) return false;
  await page.route(
    (url) => url.pathname === path,
    async (route) => {
      if (route.request().method() !== method) return route.fallback();
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(await answer(route)) });
    },
  );
  return true;
}

/** Generated exports of three days (summary with the statuses, detail with the events and failure texts). */
export function writeTraceExports(dir: string): string[] {
  const start = Date.UTC(2026, 2, 23);
  const options = { seed: 7, peakPerHour: 40, start };
  let summaryRows = 0;
  let detailRows = 0;
  for (const m of generateTraceMessages(options)) {
    if (m.receivedAt >= start + 3 * 86_400_000) break;
    summaryRows += m.recipients.length;
    detailRows += m.recipients.reduce((n, r) => n + r.events.length, 0);
  }
  const summary = join(dir, 'message-trace.csv');
  const detail = join(dir, 'message-trace-detail.csv');
  writeTraceExport(summary, { ...options, format: 'exo-message-trace', rows: summaryRows });
  writeTraceExport(detail, { ...options, format: 'exo-message-trace-detail', rows: detailRows });
  return [summary, detail];
}
