// npm run bench — speed of `explain`: messages per second over the whole bounce corpus in one
// process (MIME parsing included, compiled JavaScript from dist/), and the wall time of a cold
// `maildoctor explain one.eml` (a new node process each time, median of several runs).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { analyzeBounce } from '../dist/index.js';
import { CORPUS_DIR, corpusAvailable } from './score-corpus.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');
if (!corpusAvailable()) {
  console.log(`corpus not found at ${CORPUS_DIR}: nothing to measure`);
  process.exit(0);
}
const files = ['bsd', 'dos', 'mac', 'not'].flatMap((d) => readdirSync(join(CORPUS_DIR, 'maildir', d)).map((n) => join(CORPUS_DIR, 'maildir', d, n)));
const messages = files.map((f) => readFileSync(f));
const bytes = messages.reduce((n, m) => n + m.length, 0);

// Warm up once (JIT, knowledge compilation), then measure several rounds.
for (const m of messages) analyzeBounce(m);
const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
const start = performance.now();
for (let r = 0; r < rounds; r++) for (const m of messages) analyzeBounce(m);
const seconds = (performance.now() - start) / 1000;
const perSecond = (messages.length * rounds) / seconds;
console.log(`explain throughput: ${perSecond.toFixed(0)} messages/s (${messages.length} corpus messages x ${rounds} rounds, ${(bytes / 1024 / 1024).toFixed(1)} MiB per round, one process)`);

const sample = join(CORPUS_DIR, 'maildir', 'bsd', 'lhost-postfix-01.eml');
const times = [];
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  execFileSync(process.execPath, [join(root, 'bin', 'maildoctor.js'), 'explain', '--json', sample], { stdio: 'ignore' });
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(`cold start: ${(times[3] / 1000).toFixed(3)} s median of 7 (node bin/maildoctor.js explain one.eml; min ${(times[0] / 1000).toFixed(3)} s)`);

// One 10 MB message (a bounce whose text repeats a reply line): the analysis stays bounded.
{
  const line = '550 5.1.1 <user@example.com>: Recipient address rejected: User unknown\n';
  const big = Buffer.from(`From: MAILER-DAEMON@example.net\nSubject: Undelivered Mail\n\n${line.repeat(Math.ceil((10 * 1024 * 1024) / line.length))}`);
  const t0 = performance.now();
  analyzeBounce(big);
  console.log(`10 MB message: ${((performance.now() - t0) / 1000).toFixed(3)} s`);
}

// Bulk: an mbox of many corpus messages through the CLI with --jsonl and --summary; peak memory
// (VmHWM of the child) for two sizes shows whether memory stays flat as the input grows.
const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const { spawn } = await import('node:child_process');
const work = mkdtempSync(join(tmpdir(), 'maildoctor-bench-'));
const bsd = messages.slice(0, 430);
function writeMbox(path, count) {
  const parts = [];
  for (let i = 0; i < count; i++) {
    const m = bsd[i % bsd.length].toString('latin1').replace(/^From .*\n/, '').replace(/^(>*From )/gm, '>$1');
    parts.push(`From MAILER-DAEMON Sat Nov 28 05:00:00 2026\n${m}\n`);
  }
  writeFileSync(path, parts.join(''), 'latin1');
}
function peakRun(args) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(root, 'bin', 'maildoctor.js'), ...args], { stdio: ['ignore', 'ignore', 'ignore'] });
    let peak = 0;
    const timer = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
        if (kb > peak) peak = kb;
      } catch { /* the process has ended */ }
    }, 20);
    child.on('exit', () => {
      clearInterval(timer);
      resolve({ seconds: (performance.now() - t0) / 1000, peakMiB: peak / 1024 });
    });
  });
}
for (const count of [10_000, 50_000]) {
  const path = join(work, `bulk-${count}.mbox`);
  writeMbox(path, count);
  for (const mode of ['--jsonl', '--summary']) {
    const r = await peakRun(['explain', mode, path]);
    console.log(`bulk ${mode.padEnd(9)} ${String(count).padStart(6)} messages: ${r.seconds.toFixed(1)} s (${(count / r.seconds).toFixed(0)}/s through the CLI), peak memory ${r.peakMiB.toFixed(0)} MiB`);
  }
}
rmSync(work, { recursive: true, force: true });

// check domain against the healthy Microsoft 365 fixture zone, answered in-process with 50 ms
// per DNS answer (no SMTP, no HTTPS, nothing leaves the machine): the wall time should be about
// the longest chain of dependent lookups, not the sum of all lookups. The chain is read from
// the run's query log (start `at` + `ms` = end): the longest sequence of queries each asked
// after the previous one was answered.
{
  const { checkDomain, createCheckContext, ZoneResolver } = await import('../dist/checks/index.js');
  const { noHttpsFetcher } = await import('../dist/io/http/fetch-text.js');
  const delayMs = 50;
  const zone = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'dns', 'healthy-m365.zone.json'), 'utf8'));
  const runOnce = async () => {
    const ctx = createCheckContext({ resolver: ZoneResolver.fromFile(zone, { delayMs }), fetch: noHttpsFetcher('bench: no network'), smtp: null });
    const t0 = performance.now();
    const report = await checkDomain(ctx, 'contoso.example');
    return { wall: performance.now() - t0, report, entries: ctx.log.entries };
  };
  await runOnce(); // warm-up
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await runOnce());
  runs.sort((a, b) => a.wall - b.wall);
  const { wall, report, entries } = runs[2];
  if (report.verdict !== 'pass') console.log(`check domain: unexpected verdict ${report.verdict}`);
  // Longest chain: q follows p when q was asked once p was answered (half a delay of slack for
  // millisecond rounding; parallel questions overlap by a whole delay).
  const queries = entries
    .map((e) => ({ label: `${e.name} ${e.type}`, start: Date.parse(e.at), end: Date.parse(e.at) + e.ms }))
    .sort((a, b) => a.start - b.start);
  const depth = [];
  const prev = [];
  queries.forEach((q, i) => {
    depth[i] = 1;
    prev[i] = -1;
    for (let j = 0; j < i; j++) {
      if (queries[j].end <= q.start + delayMs / 2 && depth[j] + 1 > depth[i]) {
        depth[i] = depth[j] + 1;
        prev[i] = j;
      }
    }
  });
  let last = depth.indexOf(Math.max(0, ...depth));
  const chain = [];
  for (; last >= 0; last = prev[last]) chain.unshift(queries[last].label);
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `check domain (${delayMs} ms per DNS answer): ${s(wall)} wall, ${queries.length} queries = ${s(queries.length * delayMs)} if sequential, ` +
      `longest dependent chain ${chain.length} lookups = ${s(chain.length * delayMs)} (median of ${runs.length}; chain: ${chain.join(' -> ')})`,
  );
}

// trace import (bench/trace-import.mjs, `npm run bench:trace-import` for the million rows):
// here 100,000 rows and one run, so that `npm run bench` stays short; BENCH_TRACE_ROWS sets the
// size (0 skips it).
{
  const traceRows = Number(process.env.BENCH_TRACE_ROWS ?? 100_000);
  if (traceRows > 0) {
    execFileSync(process.execPath, [join(root, 'bench', 'trace-import.mjs'), '--rows', String(traceRows), '--small', String(Math.max(1, Math.round(traceRows / 10))), '--runs', '1'], { stdio: 'inherit' });
  }
}
