/**
 * A real HTTPS server on 127.0.0.1 for tests of the MTA-STS check, with certificates made by
 * the tests themselves: a test CA, and for each host a leaf signed by it (valid or expired)
 * or a self-signed one (untrusted). The host's certificate is chosen by SNI and its files by
 * the Host header and path, from `test/fixtures/https/<scenario>.json`:
 * ```json
 * { "hosts": { "mta-sts.contoso.example": { "certificate": "valid",
 *     "files": { "/.well-known/mta-sts.txt": { "status": 200, "contentType": "text/plain",
 *                                              "body": "version: STSv1\r\n..." } } } } }
 * ```
 * `certificate` is valid, expired or self-signed; a file may give `location` (a redirect).
 * Nothing here listens beyond loopback.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { generate } from 'selfsigned';

export const FIXTURE_HTTPS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'https');

export type FixtureCertificateKind = 'valid' | 'expired' | 'self-signed';

export interface FixtureFile {
  status: number;
  contentType?: string;
  location?: string;
  body?: string;
  /** Send this many bytes of filler instead of `body` (size-cap tests). */
  fillerBytes?: number;
  /** Wait this long before answering (timeout tests). */
  delayMs?: number;
}

export interface FixtureHost {
  certificate: FixtureCertificateKind;
  files: Record<string, FixtureFile>;
}

export interface HttpsFixture {
  description?: string;
  hosts: Record<string, FixtureHost>;
}

export interface HttpsFixtureServer {
  port: number;
  /** The test CA (PEM) and a file holding it, for --ca-file. */
  caPem: string;
  caFile: string;
  /** Every request received: host and path. */
  received: { host: string; path: string }[];
  close(): Promise<void>;
}

interface KeyAndCert {
  key: string;
  cert: string;
}

let caPromise: Promise<KeyAndCert> | null = null;
const leafCache = new Map<string, Promise<KeyAndCert>>();
const DAY = 24 * 3600 * 1000;

/** The test CA of this test process (made once). */
export function testCa(): Promise<KeyAndCert> {
  caPromise ??= generate([{ name: 'commonName', value: 'maildoctor test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - DAY),
    notAfterDate: new Date(Date.now() + 30 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  }).then((r) => ({ key: r.private, cert: r.cert }));
  return caPromise;
}

/** A certificate for `host`: signed by the test CA (valid now, or expired a week ago), or self-signed. */
export function testCertificate(host: string, kind: FixtureCertificateKind): Promise<KeyAndCert> {
  const key = `${host}|${kind}`;
  let promise = leafCache.get(key);
  if (!promise) {
    promise = (async () => {
      const now = Date.now();
      const [from, to] = kind === 'expired' ? [now - 40 * DAY, now - 7 * DAY] : [now - DAY, now + 30 * DAY];
      const ca = kind === 'self-signed' ? undefined : await testCa();
      const r = await generate([{ name: 'commonName', value: host }], {
        keyType: 'ec',
        algorithm: 'sha256',
        notBeforeDate: new Date(from),
        notAfterDate: new Date(to),
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, critical: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames: [{ type: 2, value: host }] },
        ],
        ...(ca ? { ca } : {}),
      });
      return { key: r.private, cert: r.cert };
    })();
    leafCache.set(key, promise);
  }
  return promise;
}

/** Reads `test/fixtures/https/<scenario>.json`. */
export function readHttpsFixture(scenario: string): HttpsFixture {
  return JSON.parse(readFileSync(join(FIXTURE_HTTPS_DIR, `${scenario}.json`), 'utf8')) as HttpsFixture;
}

/** Starts an HTTPS server on 127.0.0.1 (a free port) serving the fixture's hosts. */
export async function startHttpsFixtureServer(fixture: string | HttpsFixture): Promise<HttpsFixtureServer> {
  const data = typeof fixture === 'string' ? readHttpsFixture(fixture) : fixture;
  const ca = await testCa();
  const contexts = new Map<string, SecureContext>();
  for (const [host, spec] of Object.entries(data.hosts)) {
    const pair = await testCertificate(host, spec.certificate);
    contexts.set(host, createSecureContext({ key: pair.key, cert: `${pair.cert}\n${spec.certificate === 'self-signed' ? '' : ca.cert}` }));
  }
  const fallback = await testCertificate('unknown.invalid', 'self-signed');
  const received: { host: string; path: string }[] = [];
  const server = https.createServer(
    {
      key: fallback.key,
      cert: fallback.cert,
      SNICallback: (servername, callback) => callback(null, contexts.get(servername.toLowerCase()) ?? createSecureContext({ key: fallback.key, cert: fallback.cert })),
    },
    (req, res) => {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
      const path = req.url ?? '/';
      received.push({ host, path });
      const file = data.hosts[host]?.files[path];
      const answer = (): void => {
        if (!file) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
          return;
        }
        const headers: Record<string, string> = {};
        if (file.contentType) headers['content-type'] = file.contentType;
        if (file.location) headers['location'] = file.location;
        res.writeHead(file.status, headers);
        if (file.fillerBytes) {
          const line = Buffer.alloc(1024, 'x');
          let left = file.fillerBytes;
          const push = (): void => {
            while (left > 0) {
              const chunk = line.subarray(0, Math.min(line.length, left));
              left -= chunk.length;
              if (!res.write(chunk)) {
                res.once('drain', push);
                return;
              }
            }
            res.end();
          };
          push();
          return;
        }
        res.end(file.body ?? '');
      };
      if (file?.delayMs) setTimeout(answer, file.delayMs);
      else answer();
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  if (address !== '127.0.0.1') throw new Error('fixture HTTPS server not on 127.0.0.1');
  const caFile = join(tmpdir(), `maildoctor-test-ca-${process.pid}.pem`);
  writeFileSync(caFile, ca.cert);
  return {
    port,
    caPem: ca.cert,
    caFile,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
