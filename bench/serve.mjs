// npm run bench:serve — speed of the HTTP API: `maildoctor serve` runs in its own process, and
// this process drives POST /api/explain over loopback with node:http keep-alive agents and N
// concurrent connections, sending bounces of the shared corpus (or the project's fixtures) as
// message/rfc822 bodies. It prints requests per second and latency percentiles for each
// concurrency, beside the rate of the same analysis called in one process without HTTP (the
// library rate that `npm run bench` measures). Compiled JavaScript from dist/ (or
// MAILDOCTOR_DIST). BENCH_SECONDS (default 10) and BENCH_CONCURRENCY (default 1,8,32) tune it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { CORPUS_DIR, corpusAvailable } from './score-corpus.mjs';

const root = join(import.meta.dirname, '..');
const dist = resolve(process.env.MAILDOCTOR_DIST ?? join(root, 'dist'));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const levels = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);

function walk(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : /\.eml$/.test(name) ? [path] : [];
  });
}

const files = corpusAvailable() ? walk(join(CORPUS_DIR, 'maildir', 'bsd')) : walk(join(root, 'test', 'fixtures', 'ndr'));
const messages = files.map((f) => readFileSync(f));
const source = corpusAvailable() ? `${messages.length} corpus bounces` : `${messages.length} fixture bounces (corpus not found)`;

// The library rate: the same analysis and JSON, one process, no HTTP.
const { analyzeBounce } = await import(pathToFileURL(join(dist, 'index.js')).href);
const { explainResultJson } = await import(pathToFileURL(join(dist, 'report', 'explain-json.js')).href);
for (const m of messages) JSON.stringify([explainResultJson('-', analyzeBounce(m))]);
let done = 0;
const libraryStart = performance.now();
while (performance.now() - libraryStart < 3000) {
  for (const m of messages) JSON.stringify([explainResultJson('-', analyzeBounce(m))]);
  done += messages.length;
}
const libraryRate = done / ((performance.now() - libraryStart) / 1000);

// The server, in its own process, on a free loopback port, with its own empty data directory.
const home = mkdtempSync(join(tmpdir(), 'maildoctor-bench-serve-'));
const server = spawn(
  process.execPath,
  ['--input-type=module', '-e', `const { runCli } = await import(${JSON.stringify(pathToFileURL(join(dist, 'cli', 'main.js')).href)}); process.exitCode = await runCli(['serve', '--port', '0']);`],
  { env: { ...process.env, XDG_DATA_HOME: home, MAILDOCTOR_TOKEN: '' }, stdio: ['ignore', 'pipe', 'ignore'] },
);
const port = await new Promise((resolvePort, reject) => {
  let out = '';
  server.stdout.setEncoding('utf8');
  server.stdout.on('data', (chunk) => {
    out += chunk;
    const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
    if (match) resolvePort(Number(match[1]));
  });
  server.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening: ${out}`)));
});

function post(agent, body) {
  return new Promise((resolveAnswer, reject) => {
    const started = performance.now();
    const req = request({ host: '127.0.0.1', port, path: '/api/explain', method: 'POST', agent, headers: { 'content-type': 'message/rfc822', 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolveAnswer({ status: res.statusCode, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `concurrency` connections, each sending one request after another for `duration` seconds. */
async function drive(concurrency, duration) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  let errors = 0;
  let next = 0;
  const until = performance.now() + duration * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const answer = await post(agent, messages[next++ % messages.length]);
        if (answer.status !== 200) errors++;
        latencies.push(answer.ms);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pick = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  return { rate: latencies.length / elapsed, p50: pick(0.5), p99: pick(0.99), count: latencies.length, errors };
}

try {
  await drive(4, 2); // warm-up (JIT, knowledge compilation in the server)
  console.log(`POST /api/explain on loopback, ${source}, ${seconds} s per level, ${cpus().length} CPU cores shared by server and driver`);
  for (const concurrency of levels) {
    const r = await drive(concurrency, seconds);
    console.log(`  ${String(concurrency).padStart(3)} connections: ${r.rate.toFixed(0)} requests/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${r.count} requests, ${r.errors} not 200)`);
  }
  console.log(`library (analyzeBounce + JSON, one process, no HTTP): ${libraryRate.toFixed(0)} messages/s`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(home, { recursive: true, force: true });
}
