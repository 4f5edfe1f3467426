/**
 * The HTTPS seam of the checks: one GET of a small text resource (the MTA-STS policy), with a
 * timeout, a body size cap and no redirects followed (RFC 8461 section 3.3 forbids following
 * them). It connects to an address the caller resolved through the run's own resolver, so
 * that a fixture or replayed zone decides where the request goes, and sends the host name as
 * SNI and Host. It never throws: every outcome is a value, a response or a coded failure.
 *
 * The certificate is always read and returned with whether Node trusted it; the request
 * goes on even when it is not trusted, so that the check can say what is wrong with it (a
 * sender would stop there: the check says so).
 * @module
 */
import https from 'node:https';
import { isIP } from 'node:net';
import { rootCertificates, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import { MAX_HTTPS_BODY_BYTES } from '../../core/limits.js';

/** Default time for one fetch, connection to last byte, in milliseconds. */
export const DEFAULT_HTTPS_TIMEOUT_MS = 10_000;
/** The HTTPS port (443); tests give another one with --https-port. */
export const DEFAULT_HTTPS_PORT = 443;

export interface HttpsRequest {
  /** An https:// URL; its host is sent as SNI and Host. */
  url: string;
  /** The IP address to connect to (resolved by the caller through the run's resolver). */
  address: string;
}

/** What the server's certificate says, and whether Node trusted it. */
export interface HttpsCertificate {
  subject: string | null;
  issuer: string | null;
  /** DNS names of the subjectAltName extension. */
  altNames: string[];
  /** ISO 8601. */
  validFrom: string;
  validTo: string;
  fingerprint256: string;
  /** Node verified the chain to a trusted CA and the host name. */
  trusted: boolean;
  /** OpenSSL's or Node's code when not trusted (CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID, ...). */
  error: string | null;
}

export const HTTPS_FAILURE_CODES = ['timeout', 'refused', 'tls', 'too-large', 'protocol', 'not-recorded', 'error'] as const;
export type HttpsFailureCode = (typeof HTTPS_FAILURE_CODES)[number];

export interface HttpsResponse {
  ok: true;
  url: string;
  address: string;
  status: number;
  /** The headers that matter here (content-type, location), lower-case names. */
  headers: Record<string, string>;
  body: string;
  certificate: HttpsCertificate | null;
  ms: number;
}

export interface HttpsFailure {
  ok: false;
  url: string;
  address: string;
  code: HttpsFailureCode;
  error: string;
  certificate: HttpsCertificate | null;
  ms: number;
}

export type HttpsResult = HttpsResponse | HttpsFailure;

/** The injected fetch of CheckContext. Never throws. */
export type HttpsFetcher = (request: HttpsRequest) => Promise<HttpsResult>;

export interface HttpsFetcherOptions {
  /** Port to connect to (default 443). */
  port?: number;
  /** Extra trusted CA certificates (PEM), besides Node's root store. */
  ca?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

const KEPT_HEADERS = ['content-type', 'location'] as const;

function isoDate(text: string | undefined): string {
  const ms = Date.parse(text ?? '');
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}

function certificateOf(socket: TLSSocket): HttpsCertificate | null {
  const cert = socket.getPeerCertificate(false) as Partial<DetailedPeerCertificate>;
  if (!cert || !cert.valid_to) return null;
  const cn = (name: unknown): string | null => {
    const value = (name as Record<string, unknown> | undefined)?.['CN'];
    return Array.isArray(value) ? String(value[0]) : typeof value === 'string' ? value : null;
  };
  const altNames = (cert.subjectaltname ?? '')
    .split(/,\s*/)
    .filter((n) => n.startsWith('DNS:'))
    .map((n) => n.slice(4).toLowerCase());
  const authError = socket.authorizationError as unknown;
  return {
    subject: cn(cert.subject),
    issuer: cn(cert.issuer),
    altNames,
    validFrom: isoDate(cert.valid_from),
    validTo: isoDate(cert.valid_to),
    fingerprint256: cert.fingerprint256 ?? '',
    trusted: socket.authorized,
    error: socket.authorized ? null : authError instanceof Error ? ((authError as NodeJS.ErrnoException).code ?? authError.message) : String(authError ?? 'untrusted'),
  };
}

function failureCode(error: NodeJS.ErrnoException): HttpsFailureCode {
  if (error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET' || error.code === 'EHOSTUNREACH' || error.code === 'ENETUNREACH') return 'refused';
  if (error.code?.startsWith('ERR_SSL') || error.code?.startsWith('ERR_TLS') || /SSL|TLS/i.test(error.message)) return 'tls';
  if (error.code?.startsWith('HPE_')) return 'protocol';
  return 'error';
}

/**
 * A fetcher for the network (or a loopback test server): node:https, one GET, no agent
 * reuse, no redirects, `maxBytes` at most.
 */
export function createHttpsFetcher(options: HttpsFetcherOptions = {}): HttpsFetcher {
  const port = options.port ?? DEFAULT_HTTPS_PORT;
  const timeoutMs = options.timeoutMs ?? DEFAULT_HTTPS_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_HTTPS_BODY_BYTES;
  const ca = options.ca ? [...rootCertificates, options.ca] : undefined;

  return (request) =>
    new Promise<HttpsResult>((resolve) => {
      const started = performance.now();
      const ms = () => Math.round(performance.now() - started);
      const { url, address } = request;
      let certificate: HttpsCertificate | null = null;
      const refuse = (error: string): void => resolve({ ok: false, url, address, code: 'error', error, certificate, ms: 0 });
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        refuse('not a URL');
        return;
      }
      if (target.protocol !== 'https:' || isIP(address) === 0) {
        refuse(target.protocol !== 'https:' ? 'not an https URL' : `not an IP address: ${address}`);
        return;
      }
      let settled = false;
      const done = (result: HttpsResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const fail = (code: HttpsFailureCode, error: string): void => done({ ok: false, url, address, code, error, certificate, ms: ms() });
      const timer = setTimeout(() => {
        fail('timeout', `no complete answer within ${timeoutMs} ms`);
        req.destroy();
      }, timeoutMs);
      const req = https.request({
        host: address,
        port,
        path: `${target.pathname}${target.search}`,
        method: 'GET',
        servername: target.hostname,
        headers: { host: target.hostname, accept: 'text/plain', 'user-agent': 'maildoctor' },
        agent: false,
        rejectUnauthorized: false,
        ...(ca ? { ca } : {}),
      });
      req.on('socket', (socket) => {
        socket.once('secureConnect', () => {
          try {
            certificate = certificateOf(socket as TLSSocket);
          } catch {
            // A certificate Node cannot describe: reported as none rather than crashing the run.
            certificate = null;
          }
        });
      });
      req.on('response', (res) => {
        const headers: Record<string, string> = {};
        for (const name of KEPT_HEADERS) {
          const value = res.headers[name];
          if (typeof value === 'string') headers[name] = value;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            fail('too-large', `the body is larger than ${maxBytes} bytes`);
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => done({ ok: true, url, address, status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8'), certificate, ms: ms() }));
        res.on('error', (error: NodeJS.ErrnoException) => fail(failureCode(error), error.message));
      });
      req.on('error', (error: NodeJS.ErrnoException) => fail(failureCode(error), error.message));
      req.end();
    });
}

/** The fetcher of a run that must not fetch (no network allowed). */
export function noHttpsFetcher(why: string): HttpsFetcher {
  return async ({ url, address }) => ({ ok: false, url, address, code: 'not-recorded', error: why, certificate: null, ms: 0 });
}
