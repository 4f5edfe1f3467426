/**
 * The web app's static serving (web-app.ts) through the real app with `inject()`: the page at
 * `/` and at every page address (the SPA fallback), the built files with their cache headers,
 * the Content-Security-Policy on each, and what the fallback must never answer: API
 * addresses, missing files, other methods, paths outside the folder. A folder without a built
 * app gives a page that says so.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackConnectors } from '../../test/helpers/serve-app.js';
import { systemClock } from '../io/clock.js';
import { openTraceStore } from '../trace/store/open-trace-store.js';
import { createApp } from './app.js';
import type { ApiApp, ServeDeps } from './route-context.js';
import { defaultServeConfig, type ServeConfig } from './serve-config.js';
import { DEFAULT_WEB_ROOT, IMMUTABLE_CACHE, WEB_CONTENT_SECURITY_POLICY, isPageAddress } from './web-app.js';

const PAGE = '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("app");';
const TOKEN = 'web-app-test-token-0123456789';

let dir: string;
let root: string;
const apps: ApiApp[] = [];

const deps = (): ServeDeps => ({ log: () => undefined, clock: systemClock, openStore: openTraceStore, connectors: loopbackConnectors([]) });

async function app(webRoot: string | null | undefined, overrides: Partial<ServeConfig> = {}): Promise<ApiApp> {
  const config = defaultServeConfig({ db: join(dir, 'trace.db'), dataDir: dir, ...overrides });
  const created = await createApp(config, deps(), { version: 'test', ...(webRoot === undefined ? {} : { webRoot }) });
  apps.push(created);
  return created;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maildoctor-web-app-'));
  root = join(dir, 'web');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), PAGE);
  writeFileSync(join(root, 'assets', 'index-Ab12Cd.js'), SCRIPT);
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the web root');
});

afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('the web app at /', () => {
  it('serves the page at / and at every page address, with the CSP and no caching', async () => {
    const web = await app(root);
    for (const url of ['/', '/checks', '/trace', '/trace/', '/headers?x=1', '/codes#5.7.1', '/no/such/page']) {
      const response = await web.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toBe(PAGE);
      expect(response.headers['content-security-policy']).toBe(WEB_CONTENT_SECURITY_POLICY);
      expect(response.headers['content-security-policy']).toMatch(/^default-src 'self';/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
    const head = await web.inject({ method: 'HEAD', url: '/trace' });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
  });

  it('serves the built files: hashed assets cached for a year as immutable, other files for an hour', async () => {
    const web = await app(root);
    const script = await web.inject({ method: 'GET', url: '/assets/index-Ab12Cd.js' });
    expect(script.statusCode).toBe(200);
    expect(script.body).toBe(SCRIPT);
    expect(script.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(script.headers['cache-control']).toBe(IMMUTABLE_CACHE);
    expect(script.headers['content-security-policy']).toBe(WEB_CONTENT_SECURITY_POLICY);
    const icon = await web.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('never answers API addresses, missing files, other methods or paths outside the folder with the page', async () => {
    const web = await app(root);
    for (const url of ['/api/nope', '/api', '/API/x', '/%61pi/nope', '/assets/missing-1234.js', '/favicon.ico']) {
      const response = await web.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
    expect((await web.inject({ method: 'POST', url: '/trace', payload: 'x', headers: { 'content-type': 'text/plain' } })).statusCode).toBe(404);
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const response = await web.inject({ method: 'GET', url });
      expect(response.body, url).not.toContain('outside the web root');
    }
  });

  it('needs no token for the page and its files; the API behind it still does', async () => {
    const web = await app(root, { token: TOKEN });
    expect((await web.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
    expect((await web.inject({ method: 'GET', url: '/trace' })).statusCode).toBe(200);
    expect((await web.inject({ method: 'GET', url: '/assets/index-Ab12Cd.js' })).statusCode).toBe(200);
    expect((await web.inject({ method: 'GET', url: '/api/codes?q=5.7.1' })).statusCode).toBe(401);
    // An unknown API address still asks for the token first (routes cannot be probed).
    expect((await web.inject({ method: 'GET', url: '/api/nope' })).statusCode).toBe(401);
  });

  it('says that the app is not built when the folder has none, and the API works without it', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    for (const webRoot of [empty, null, join(dir, 'missing')]) {
      const web = await app(webRoot);
      const response = await web.inject({ method: 'GET', url: '/' });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('npm run build');
      expect(response.headers['content-security-policy']).toBe(WEB_CONTENT_SECURITY_POLICY);
      expect((await web.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    }
  });

  it('defaults to dist/web beside the compiled server', () => {
    expect(DEFAULT_WEB_ROOT.replace(/\\/g, '/')).toMatch(/\/web$/);
    expect(DEFAULT_WEB_ROOT.replace(/\\/g, '/')).not.toMatch(/\/serve\/web$/);
  });

  it('tells page addresses from files and API routes', () => {
    expect(['/', '/trace', '/checks/', '/a/b'].every(isPageAddress)).toBe(true);
    expect(['/api', '/api/', '/api/codes', '//api/x', '/API/x', '/favicon.svg', '/assets/x.js', '/x.map'].some(isPageAddress)).toBe(false);
  });
});
