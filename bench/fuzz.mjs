// npm run bench:fuzz — runs 100,000 (FUZZ_CASES) mutated messages through analyzeBounce and
// prints failures (throws, malformed results) and the time per case: mean, p99 and the slowest
// cases by kind of damage, so a case can be replayed by its number.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { CORPUS_DIR, corpusAvailable } from './score-corpus.mjs';
import { fuzzCase } from '../test/helpers/mutate-message.mjs';

const dist = process.env.MAILDOCTOR_DIST ? pathToFileURL(join(process.env.MAILDOCTOR_DIST, 'index.js')).href : '../dist/index.js';
const { analyzeBounce } = await import(dist);
const root = join(import.meta.dirname, '..');
const dirs = [join(root, 'test', 'fixtures', 'ndr', 'exchange'), join(root, 'test', 'fixtures', 'ndr', 'not-bounce')];
if (corpusAvailable()) dirs.push(join(CORPUS_DIR, 'maildir', 'bsd'));
const messages = dirs.flatMap((d) => readdirSync(d).filter((n) => /\.(eml|txt)$/.test(n)).map((n) => readFileSync(join(d, n))));

const total = Number(process.env.FUZZ_CASES ?? 100_000);
const from = Number(process.env.FUZZ_FROM ?? 0);
const BOUND_MS = 1_000;
const times = [];
const byKind = new Map();
const failures = [];
for (let n = from; n < from + total; n++) {
  const { name, input } = fuzzCase(messages, n);
  const t0 = performance.now();
  try {
    const report = analyzeBounce(input);
    if (!report || !Array.isArray(report.bounces) || !report.kind) failures.push(`case ${n} (${name}): malformed result`);
  } catch (error) {
    failures.push(`case ${n} (${name}): threw ${error.message}`);
  }
  const ms = performance.now() - t0;
  times.push(ms);
  const k = byKind.get(name) ?? { n: 0, sum: 0, max: 0, maxCase: -1 };
  k.n++;
  k.sum += ms;
  if (ms > k.max) Object.assign(k, { max: ms, maxCase: n });
  byKind.set(name, k);
  if (ms > BOUND_MS) failures.push(`case ${n} (${name}): ${ms.toFixed(0)} ms, over the ${BOUND_MS} ms bound`);
  if ((n - from + 1) % 10_000 === 0) process.stderr.write(`${n - from + 1} cases\r`);
}
times.sort((a, b) => a - b);
const mean = times.reduce((a, b) => a + b, 0) / times.length;
console.log(`fuzz: ${total} cases from ${messages.length} source messages, ${failures.length} failures`);
console.log(`time per case: mean ${mean.toFixed(2)} ms, p99 ${times[Math.floor(times.length * 0.99)].toFixed(2)} ms, max ${times[times.length - 1].toFixed(1)} ms`);
for (const [name, k] of byKind) console.log(`  ${name.padEnd(18)} ${String(k.n).padStart(7)} cases, mean ${(k.sum / k.n).toFixed(2)} ms, max ${k.max.toFixed(1)} ms (case ${k.maxCase})`);
for (const f of failures.slice(0, 50)) console.log(`FAIL ${f}`);
process.exitCode = failures.length ? 1 : 0;
