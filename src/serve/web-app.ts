/**
 * The web app of `maildoctor serve` at `/`: the files Vite built from web/ (dist/web, beside
 * the compiled server), served by @fastify/static, and the app's page for every page address
 * (`/`, `/checks`, `/trace`, ...: the app routes in the browser, so a reload or a shared link
 * must get the same page; an SPA fallback). Addresses under /api are never answered with the
 * page: they stay problem details (and behind the token).
 *
 * Headers (the page makes no request beyond its own server, so the policy can be strict):
 * - Content-Security-Policy `default-src 'self'` (W3C CSP Level 3), with `base-uri 'none'`,
 *   `form-action 'self'`, `frame-ancestors 'none'` and `object-src 'none'`; no inline script
 *   or style is needed (Vite's modulepreload polyfill is off in web/vite.config.ts);
 * - Cache-Control (RFC 9111): `no-cache` for the page, so a new version is seen at once;
 *   `public, max-age=31536000, immutable` (RFC 8246) for /assets/, whose names carry a hash
 *   of their content; an hour for the other files (the icon);
 * - X-Content-Type-Options `nosniff`, Referrer-Policy `no-referrer`.
 * When the app has not been built (a checkout without `npm run build`), `/` says so.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiApp } from './route-context.js';

/** Where `npm run build` puts the web app: dist/web, beside dist/serve/ of this module. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../web', import.meta.url));

export const WEB_CONTENT_SECURITY_POLICY = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/** Files under /assets/ are named by their content's hash: they never change. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const PAGE_CACHE = 'no-cache';
export const FILE_CACHE = 'public, max-age=3600';

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': WEB_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>maildoctor</title></head>
<body><h1>maildoctor</h1><p>The web app has not been built. Run <code>npm run build</code> (or <code>npm ci</code>) and start the server again.</p>
<p>The API works without it: see <a href="/api/docs">/api/docs</a>.</p></body></html>
`;

export interface WebApp {
  /** The folder served, or null when there is no built app. */
  root: string | null;
  /**
   * Answers a request that matched no route with the app's page, when its address is a page
   * of the app (GET or HEAD, not under /api, no file extension); null otherwise.
   */
  fallback(request: FastifyRequest, reply: FastifyReply): FastifyReply | null;
}

/** Whether an address (path, no query) may be a page of the app rather than a file or an API route. */
export function isPageAddress(path: string): boolean {
  if (/^\/+api(\/|$)/i.test(path)) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  let path = q < 0 ? url : url.slice(0, q);
  try {
    path = decodeURIComponent(path);
  } catch {
    // Malformed escapes: judged as written.
  }
  return path;
}

/** Registers the built files of `root` (null: no web app) and answers the fallback. */
export async function registerWebApp(app: ApiApp, root: string | null): Promise<WebApp> {
  const index = root === null ? null : join(root, 'index.html');
  const page = index !== null && existsSync(index) ? readFileSync(index) : null;
  if (root !== null && page !== null) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      // Routes for the files present at start, nothing else: an unknown path is never looked up on disk.
      wildcard: false,
      index: false,
      decorateReply: false,
      cacheControl: false,
      setHeaders: (res, path) => {
        for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
        const assets = path.replace(/\\/g, '/').includes('/assets/');
        res.setHeader('cache-control', assets ? IMMUTABLE_CACHE : path.endsWith('.html') ? PAGE_CACHE : FILE_CACHE);
      },
    });
  }
  return {
    root: page === null ? null : root,
    fallback: (request, reply) => {
      if ((request.method !== 'GET' && request.method !== 'HEAD') || !isPageAddress(pathOf(request.url))) return null;
      reply.headers(SECURITY_HEADERS).header('cache-control', PAGE_CACHE).type('text/html; charset=utf-8');
      const body = page ?? NOT_BUILT_PAGE;
      return reply.code(page === null ? 404 : 200).send(request.method === 'HEAD' ? undefined : body);
    },
  };
}
