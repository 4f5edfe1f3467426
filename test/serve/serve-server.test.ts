/**
 * `maildoctor serve` as a real server on port 0: bound to 127.0.0.1 by default with no
 * token; bound to 0.0.0.0 it generates a token, prints it once and requires it (the server is
 * closed at once, and only 127.0.0.1 is ever connected to). Node-level limits answer with
 * problem details too: a request not received in time (408), an upload whose declared length
 * is past the limit (413 before any byte of the body). Options are checked before start.
 */
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveConfigFromOptions, startServer, type RunningServer } from '../../src/cli/commands/serve.js';
import type { CliIo } from '../../src/cli/output.js';
import { runCliCaptured } from '../helpers/run-cli.js';

function captureIo(env: NodeJS.ProcessEnv = {}): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (c: string) => ((out += c), true) }, stderr: { write: (c: string) => ((err += c), true) }, readStdin: () => Buffer.alloc(0), env },
    out: () => out,
    err: () => err,
  };
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends raw bytes on a new connection to 127.0.0.1 and collects the answer until the server closes. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (answer += c));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

const env = (): NodeJS.ProcessEnv => ({ XDG_DATA_HOME: mkdtempSync(join(tmpdir(), 'maildoctor-serve-home-')) });

async function withServer(options: Parameters<typeof serveConfigFromOptions>[0], environment: NodeJS.ProcessEnv, run: (server: RunningServer, port: number, out: string) => Promise<void>, overrides: Record<string, number> = {}, interval?: number): Promise<void> {
  const { config, tokenGenerated } = serveConfigFromOptions(options, environment);
  const capture = captureIo(environment);
  const server = await startServer({ ...config, ...overrides }, tokenGenerated, capture.io, undefined, interval ? { connectionsCheckingIntervalMs: interval } : {});
  try {
    const address = server.app.server.address();
    await run(server, typeof address === 'object' && address ? address.port : 0, capture.out());
  } finally {
    await server.close();
  }
}

describe('maildoctor serve', () => {
  it('defaults: 127.0.0.1, port 8825, no token, private targets refused, the SQLite file of the user', () => {
    const environment = env();
    const { config, tokenGenerated } = serveConfigFromOptions({}, environment);
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8825, token: null, allowPrivateTargets: false, smtp: true, db: join(environment['XDG_DATA_HOME']!, 'maildoctor', 'trace.db'), dataDir: join(environment['XDG_DATA_HOME']!, 'maildoctor') });
    expect(tokenGenerated).toBe(false);
    expect(serveConfigFromOptions({}, { ...environment, MAILDOCTOR_TOKEN: 'a-long-enough-token-1234' }).config.token).toBe('a-long-enough-token-1234');
  });

  it('binds 127.0.0.1 by default and answers without a token', async () => {
    await withServer({ port: '0' }, env(), async (server, port, out) => {
      expect((server.app.server.address() as { address: string }).address).toBe('127.0.0.1');
      expect(out).toMatch(/^maildoctor serve: listening on http:\/\/127\.0\.0\.1:\d+ \(API reference: http:\/\/127\.0\.0\.1:\d+\/api\/docs\)\ntoken: none/);
      const health = await get(port, '/api/health');
      expect([health.status, JSON.parse(health.body).status]).toEqual([200, 'ok']);
      expect((await get(port, '/api/codes/5.7.1')).status).toBe(200);
    });
  });

  it('bound to 0.0.0.0 without MAILDOCTOR_TOKEN: a token is generated, printed once, and required', async () => {
    await withServer({ host: '0.0.0.0', port: '0' }, env(), async (server, port, out) => {
      expect((server.app.server.address() as { address: string }).address).toBe('0.0.0.0');
      const line = out.split('\n').find((l) => l.startsWith('token (generated'));
      const token = line?.split(': ').pop() ?? '';
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(out.split(token).length - 1).toBe(1);
      const without = await get(port, '/api/codes/5.7.1');
      expect([without.status, without.type]).toEqual([401, 'application/problem+json; charset=utf-8']);
      expect((await get(port, '/api/codes/5.7.1', { authorization: `Bearer ${token}` })).status).toBe(200);
      expect((await get(port, '/api/health')).status).toBe(200);
    });
  });

  it('two servers bound beyond loopback get different tokens; MAILDOCTOR_TOKEN is used as given and never printed', async () => {
    const a = serveConfigFromOptions({ host: '0.0.0.0' }, {}).config.token;
    const b = serveConfigFromOptions({ host: '0.0.0.0' }, {}).config.token;
    expect(a).not.toBe(b);
    await withServer({ host: '0.0.0.0', port: '0' }, { ...env(), MAILDOCTOR_TOKEN: 'configured-token-abcdefgh' }, async (_server, port, out) => {
      expect(out).toContain('token: required (MAILDOCTOR_TOKEN)');
      expect(out).not.toContain('configured-token-abcdefgh');
      expect((await get(port, '/api/codes/5.7.1', { authorization: 'Bearer configured-token-abcdefgh' })).status).toBe(200);
    });
  });

  it('a request not received in time gets 408 problem details from the server itself', async () => {
    await withServer({ port: '0' }, env(), async (_server, port) => {
      const answer = await raw(port, 'POST /api/explain HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nonly part of it');
      expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(answer).toContain('Content-Type: application/problem+json');
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 408, code: 'request-timeout' });
    }, { requestTimeoutMs: 300, headersTimeoutMs: 200 }, 50);
  });

  it('an upload whose Content-Length is past the limit is refused before its body is read', async () => {
    await withServer({ port: '0', maxUploadMb: '1' }, env(), async (_server, port) => {
      const answer = await raw(port, `POST /api/trace/import HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\nContent-Length: ${2 * 1024 * 1024}\r\nConnection: close\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 413, code: 'payload-too-large' });
    });
  });

  it('usage errors before anything starts: exit 2 and one line', async () => {
    for (const args of [['--port', '99999'], ['--dns-server', 'resolver.example'], ['--timeout', '0'], ['--max-upload-mb', 'lots'], ['--ca-file', '/nonexistent/ca.pem']]) {
      const run = await runCliCaptured(['serve', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^maildoctor: /);
    }
    expect(() => serveConfigFromOptions({}, { MAILDOCTOR_TOKEN: 'short' })).toThrow(/at least 16 characters/);
    const help = await runCliCaptured(['serve', '--help']);
    for (const option of ['--host', '--port', '--db', '--allow-private-targets', '--dns-server', '--no-smtp']) expect(help.stdout).toContain(option);
  });
});
