/**
 * A small Microsoft Graph client for the read-only calls maildoctor makes: GET with a bearer
 * token against a configurable base URL (Microsoft's per cloud, or a test server), JSON
 * answers bounded in size and time, paging through `@odata.nextLink` (which must stay on the
 * same origin), HTTP 429/503 honoured with `Retry-After` (bounded), an optional request
 * budget (the message-trace API's 100 per 5 minutes), and one token refresh on HTTP 401
 * (an expired token: Graph answers 401 with error code InvalidAuthenticationToken).
 * Every outcome is a value; nothing here throws for an answer.
 * Sources: https://learn.microsoft.com/graph/paging; https://learn.microsoft.com/graph/throttling;
 * https://learn.microsoft.com/graph/errors.
 * @module
 */
import https from 'node:https';
import http from 'node:http';
import { rootCertificates } from 'node:tls';
import { GRAPH_REQUEST_TIMEOUT_MS, MAX_GRAPH_PAGES, MAX_GRAPH_RESPONSE_BYTES, MAX_GRAPH_RETRIES, MAX_GRAPH_RETRY_AFTER_SECONDS } from '../../core/limits.js';
import { realWaiter, type RequestBudget, type Waiter } from './request-budget.js';

export type GraphFailureKind = 'token-expired' | 'unauthorized' | 'forbidden' | 'not-found' | 'throttled' | 'http' | 'network' | 'timeout' | 'too-large' | 'bad-response';

export interface GraphFailure {
  kind: GraphFailureKind;
  status: number | null;
  /** Graph's error code (error.code) when the body had one. */
  code: string | null;
  message: string;
  url: string;
}

export type GraphResult<T> = { ok: true; value: T } | { ok: false; failure: GraphFailure };

/** Gives the bearer token; `refresh` asks for a new one after a 401 (null: none to be had). */
export type TokenProvider = (refresh: boolean) => Promise<string | null>;

export interface GraphClientOptions {
  /** e.g. https://graph.microsoft.com (no version; paths carry /v1.0). */
  baseUrl: string;
  token: TokenProvider;
  /** Extra trusted CA certificates (PEM), besides Node's. */
  ca?: string;
  waiter?: Waiter;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface GraphRequestOptions {
  budget?: RequestBudget;
  headers?: Record<string, string>;
}

export interface GraphStats {
  requests: number;
  retries: number;
  waitedMs: number;
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function failure(kind: GraphFailureKind, url: string, message: string, status: number | null = null, code: string | null = null): { ok: false; failure: GraphFailure } {
  return { ok: false, failure: { kind, status, code, message, url } };
}

/** `Retry-After` as seconds or an HTTP date (RFC 9110 section 10.2.3); null when absent or unreadable. */
export function retryAfterSeconds(value: string | string[] | undefined, now: number): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  if (/^\d+$/.test(text.trim())) return Number(text.trim());
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

function graphError(body: string): { code: string | null; message: string | null } {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    return { code: typeof parsed.error?.code === 'string' ? parsed.error.code : null, message: typeof parsed.error?.message === 'string' ? parsed.error.message : null };
  } catch {
    return { code: null, message: null };
  }
}

export class GraphClient {
  readonly stats: GraphStats = { requests: 0, retries: 0, waitedMs: 0 };
  private readonly base: URL;
  private readonly waiter: Waiter;
  private readonly ca: string[] | undefined;

  constructor(private readonly options: GraphClientOptions) {
    this.base = new URL(options.baseUrl);
    if (this.base.protocol !== 'https:') throw new Error(`Graph base URL must be https: ${options.baseUrl}`);
    this.waiter = options.waiter ?? realWaiter;
    this.ca = options.ca ? [...rootCertificates, options.ca] : undefined;
  }

  /** An absolute URL for a path (`/v1.0/...`), or the nextLink itself when it stays on our origin. */
  resolve(pathOrUrl: string): URL | null {
    const url = new URL(pathOrUrl.startsWith('https://') ? pathOrUrl : this.base.origin + this.base.pathname.replace(/\/$/, '') + pathOrUrl);
    return url.origin === this.base.origin ? url : null;
  }

  private send(url: URL, token: string, headers: Record<string, string>): Promise<RawResponse | GraphFailure> {
    const timeoutMs = this.options.timeoutMs ?? GRAPH_REQUEST_TIMEOUT_MS;
    const maxBytes = this.options.maxBytes ?? MAX_GRAPH_RESPONSE_BYTES;
    return new Promise((resolve) => {
      let settled = false;
      const done = (value: RawResponse | GraphFailure): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      };
      const req = https.request(url, {
        method: 'GET',
        headers: { accept: 'application/json', authorization: `Bearer ${token}`, ...headers },
        ...(this.ca ? { ca: this.ca } : {}),
      }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy();
            done({ kind: 'too-large', status: res.statusCode ?? null, code: null, message: `the answer is larger than ${maxBytes} bytes`, url: url.href });
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error) => done({ kind: 'network', status: null, code: null, message: error.message, url: url.href }));
      });
      const timer = setTimeout(() => {
        req.destroy();
        done({ kind: 'timeout', status: null, code: null, message: `no complete answer within ${timeoutMs} ms`, url: url.href });
      }, timeoutMs);
      req.on('error', (error: NodeJS.ErrnoException) => done({ kind: 'network', status: null, code: error.code ?? null, message: error.code ?? error.message, url: url.href }));
      req.end();
    });
  }

  /** One GET, with throttling retries and one token refresh. */
  async get<T = unknown>(pathOrUrl: string, options: GraphRequestOptions = {}): Promise<GraphResult<T>> {
    const url = this.resolve(pathOrUrl);
    if (!url) return failure('bad-response', pathOrUrl, 'a link that leaves the Graph origin was not followed');
    let token = await this.options.token(false);
    if (!token) return failure('unauthorized', url.href, 'no access token: sign in with `maildoctor m365 login` or set MAILDOCTOR_GRAPH_TOKEN');
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      if (options.budget) {
        const before = options.budget.waitedMs;
        await options.budget.take();
        this.stats.waitedMs += options.budget.waitedMs - before;
      }
      this.stats.requests++;
      const res = await this.send(url, token, options.headers ?? {});
      if ('kind' in res) return { ok: false, failure: res };
      if (res.status >= 200 && res.status < 300) {
        try {
          return { ok: true, value: JSON.parse(res.body) as T };
        } catch {
          return failure('bad-response', url.href, 'the answer is not JSON', res.status);
        }
      }
      const error = graphError(res.body);
      const text = error.message ?? `HTTP ${res.status}`;
      if (res.status === 429 || res.status === 503) {
        const wait = retryAfterSeconds(res.headers['retry-after'], this.waiter.now()) ?? 2 ** attempt;
        if (attempt >= MAX_GRAPH_RETRIES || wait > MAX_GRAPH_RETRY_AFTER_SECONDS) {
          return failure('throttled', url.href, `still throttled after ${attempt} retries (Retry-After ${wait} s): ${text}`, res.status, error.code);
        }
        this.stats.retries++;
        this.stats.waitedMs += wait * 1000;
        await this.waiter.sleep(wait * 1000);
        continue;
      }
      if (res.status === 401) {
        if (!refreshed) {
          refreshed = true;
          const fresh = await this.options.token(true);
          if (fresh && fresh !== token) {
            token = fresh;
            continue;
          }
        }
        const expired = /expired|lifetime/i.test(text) || error.code === 'InvalidAuthenticationToken';
        return failure(expired ? 'token-expired' : 'unauthorized', url.href, text, 401, error.code);
      }
      if (res.status === 403) return failure('forbidden', url.href, text, 403, error.code);
      if (res.status === 404) return failure('not-found', url.href, text, 404, error.code);
      return failure('http', url.href, text, res.status, error.code);
    }
  }

  /**
   * Every item of a collection: `value` of each page, following `@odata.nextLink` (at most
   * MAX_GRAPH_PAGES pages). `onPage` sees each page's items as they come.
   */
  async getAll<T>(path: string, options: GraphRequestOptions & { onPage?: (items: T[]) => Promise<void> | void } = {}): Promise<GraphResult<T[]>> {
    const all: T[] = [];
    let next: string | undefined = path;
    for (let page = 0; next; page++) {
      if (page >= MAX_GRAPH_PAGES) return failure('bad-response', next, `more than ${MAX_GRAPH_PAGES} pages`);
      const res: GraphResult<{ value?: unknown; '@odata.nextLink'?: unknown }> = await this.get(next, options);
      if (!res.ok) return res;
      if (!Array.isArray(res.value.value)) return failure('bad-response', next, 'the answer has no value array');
      const items = res.value.value as T[];
      if (options.onPage) await options.onPage(items);
      else all.push(...items);
      const link: unknown = res.value['@odata.nextLink'];
      next = typeof link === 'string' && link !== '' ? link : undefined;
    }
    return { ok: true, value: all };
  }
}
