/**
 * The settings of one `maildoctor serve` process: where it listens, its token, how the live
 * checks reach the network (resolver, ports and CA for test servers, the private-target
 * guard), where the trace data lives, and its limits and timeouts. Built once at start from
 * the command line and MAILDOCTOR_TOKEN; the app reads it and never the environment.
 * @module
 */
import { DEFAULT_CHECK_TIMEOUT_MS } from '../checks/check-limits.js';
import { MAX_API_BODY_BYTES, MAX_API_UPLOAD_BYTES } from '../core/limits.js';

/** Default address: this machine only (a token is then optional). */
export const DEFAULT_SERVE_HOST = '127.0.0.1';
/** Default port ("8825": SMTP's 25 behind an HTTP-ish 88). */
export const DEFAULT_SERVE_PORT = 8825;
/** Time for a route to answer (Fastify's handlerTimeout; 503 after). The checks get their own limit below it. */
export const DEFAULT_HANDLER_TIMEOUT_MS = 60_000;
/** Time for an upload and its import to finish (POST /api/trace/import). */
export const DEFAULT_IMPORT_TIMEOUT_MS = 30 * 60_000;
/** Time for a client to send a whole request (Node's requestTimeout; 408 after). Uploads need long. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30 * 60_000;
/** Time to receive the request headers (Node's headersTimeout). */
export const DEFAULT_HEADERS_TIMEOUT_MS = 30_000;

export interface ServeConfig {
  host: string;
  port: number;
  /** The bearer token every /api/ route but health, the OpenAPI document and its page requires; null: none. */
  token: string | null;
  /** Let live checks connect to private, loopback and other internal addresses (tests, internal networks). */
  allowPrivateTargets: boolean;
  /** DNS servers of the live checks (`IP` or `IP:PORT`); empty: the system's. */
  dnsServers: string[];
  /** SMTP port of the MX probes (25; tests give a fixture server's). */
  smtpPort: number;
  /** HTTPS port of the MTA-STS policy fetch (443; tests give a fixture server's). */
  httpsPort: number;
  /** Extra trusted CA certificates (PEM) for the MTA-STS host and the MX hosts. */
  ca: string | null;
  /** false: never probe MX hosts over SMTP (`serve --no-smtp`, for hosts whose port 25 is blocked). */
  smtp: boolean;
  /** Time for all the checks of one request. */
  checkTimeoutMs: number;
  /** The trace store: a SQLite file path or a postgres:// URL. */
  db: string;
  /** Where uploads are written while they are imported (created if missing; nothing is written elsewhere). */
  dataDir: string;
  /** Largest body of the JSON and message routes. */
  maxBodyBytes: number;
  /** Largest upload of POST /api/trace/import. */
  maxUploadBytes: number;
  handlerTimeoutMs: number;
  importTimeoutMs: number;
  requestTimeoutMs: number;
  headersTimeoutMs: number;
}

/** A configuration with every default, for tests and as the base of the command's. */
export function defaultServeConfig(overrides: Partial<ServeConfig> & Pick<ServeConfig, 'db' | 'dataDir'>): ServeConfig {
  return {
    host: DEFAULT_SERVE_HOST,
    port: DEFAULT_SERVE_PORT,
    token: null,
    allowPrivateTargets: false,
    dnsServers: [],
    smtpPort: 25,
    httpsPort: 443,
    ca: null,
    smtp: true,
    checkTimeoutMs: DEFAULT_CHECK_TIMEOUT_MS,
    maxBodyBytes: MAX_API_BODY_BYTES,
    maxUploadBytes: MAX_API_UPLOAD_BYTES,
    handlerTimeoutMs: DEFAULT_HANDLER_TIMEOUT_MS,
    importTimeoutMs: DEFAULT_IMPORT_TIMEOUT_MS,
    requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
    headersTimeoutMs: DEFAULT_HEADERS_TIMEOUT_MS,
    ...overrides,
  };
}
