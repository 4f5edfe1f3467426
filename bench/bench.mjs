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
