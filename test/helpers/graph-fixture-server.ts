/**
 * A Microsoft Graph stand-in for tests: a real HTTPS server on 127.0.0.1 (a free port) with a
 * certificate for the address 127.0.0.1 signed by a test CA (its PEM file for --ca-file).
 * Each request goes to the test's `answer` function with the path (query included), the
 * bearer token and how many times that path was asked, so tests can serve the documented
 * shapes: pages with @odata.nextLink, 429 with Retry-After, 401 for an expired token, empty
 * collections. Nothing listens beyond loopback.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { createTestPki } from './test-certificates.js';

export interface GraphRequest {
  path: string;
  token: string | null;
  /** 1 for the first request of this path. */
  count: number;
  headers: Record<string, string | string[] | undefined>;
}

export interface GraphAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface GraphFixtureServer {
  /** https://127.0.0.1:PORT, for --graph-url. */
  url: string;
  caFile: string;
  received: GraphRequest[];
  answer: (req: GraphRequest) => GraphAnswer;
  close(): Promise<void>;
}

/** The body Graph sends with 401 for an expired token (https://learn.microsoft.com/graph/errors). */
export const EXPIRED_TOKEN_BODY = { error: { code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.', innerError: { date: '2026-11-20T12:00:00', 'request-id': '00000000-0000-0000-0000-000000000001' } } };

export async function startGraphFixtureServer(answer: (req: GraphRequest) => GraphAnswer): Promise<GraphFixtureServer> {
  const pki = await createTestPki();
  const leaf = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 86_400_000),
    notAfterDate: new Date(Date.now() + 30 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7 as const, ip: '127.0.0.1' }] },
    ],
    ca: pki.ca,
  });
  const counts = new Map<string, number>();
  const fixture: GraphFixtureServer = {
    url: '',
    caFile: join(mkdtempSync(join(tmpdir(), 'maildoctor-graph-')), 'ca.pem'),
    received: [],
    answer,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  writeFileSync(fixture.caFile, pki.ca.cert);
  const server = https.createServer({ key: leaf.private, cert: leaf.cert }, (req, res) => {
    const path = req.url ?? '/';
    const count = (counts.get(path) ?? 0) + 1;
    counts.set(path, count);
    const auth = req.headers.authorization;
    const request: GraphRequest = { path, token: auth?.startsWith('Bearer ') ? auth.slice(7) : null, count, headers: req.headers };
    fixture.received.push(request);
    const out = fixture.answer(request);
    res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
    res.end(out.body === undefined ? '' : JSON.stringify(out.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  fixture.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fixture;
}
