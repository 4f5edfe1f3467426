// npm run bench:trace-read — reading one message-trace export in-process (importTraceFile) and in
// a worker thread (importTraceFileInWorker), all batches consumed and nothing stored: wall time,
// the process's CPU time (all threads), and the main thread's busy time — the event loop's
// active time (performance.eventLoopUtilization), which with the worker is what receiving and
// unpacking the batches costs. That is the time per million rows the main thread no longer has
// for the store's writes (issue 7, import speed). Each run is a fresh child process; several
// runs (other work shares the machine), the best and the median printed.
//   node bench/trace-read.mjs [--rows 1000000] [--runs 3] [--dir /tmp/maildoctor-bench-trace]
// MAILDOCTOR_DIST points at another build output (default dist/); the export is the one
// bench/trace-import.mjs uses (UTF-16LE with BOM, #TYPE line, en-US dates), generated when missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    dir: { type: 'string', default: '/tmp/maildoctor-bench-trace' },
    measure: { type: 'string' },
    file: { type: 'string' },
  },
});
const dist = resolve(process.env.MAILDOCTOR_DIST ?? join(root, 'dist'));

/** One measurement in this process; prints its figures as JSON. */
async function measureOnce(mode, file) {
  const load = (path) => import(pathToFileURL(join(dist, path)).href);
  const { importTraceFile } = await load('trace/import/import-trace-file.js');
  const { importTraceFileInWorker } = await load('trace/import/import-trace-file-in-worker.js');
  const { createTraceTimeParser } = await load('trace/import/parse-trace-time.js');
  const workerUrl = pathToFileURL(join(dist, 'trace/import/trace-file-worker.js'));
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  const started = performance.now();
  const reader = mode === 'worker'
    ? await importTraceFileInWorker(file, {}, { workerUrl })
    : await importTraceFile(file, createTraceTimeParser({}));
  let records = 0;
  let batches = 0;
  for await (const batch of reader.batches()) {
    records += batch.length;
    batches++;
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  // The event loop is active in callbacks and idle while waiting; code running before the
  // first turn of the loop (none here but the imports, before `elu`) is not counted.
  const active = performance.eventLoopUtilization(elu).active / 1000;
  console.log(JSON.stringify({ mode, rows: reader.rows, records, batches, seconds, cpu: (used.user + used.system) / 1e6, mainBusy: active }));
}

if (values.measure) {
  await measureOnce(values.measure, values.file);
  process.exit(0);
}

const rows = Number(values.rows);
const runs = Math.max(1, Number(values.runs));
const dir = resolve(values.dir);
mkdirSync(dir, { recursive: true });
const file = join(dir, `get-messagetrace-${rows}-utf16le.csv`);
if (!existsSync(file)) {
  execFileSync(process.execPath, [join(root, 'scripts', 'generate-trace.mjs'), '--format', 'exo-message-trace', '--rows', String(rows), '--encoding', 'utf-16le-bom', '--dates', 'en-US', '--type-line', '--seed', '7', '--out', file], {
    stdio: 'inherit',
    env: { ...process.env, MAILDOCTOR_DIST: dist },
  });
}
if (!existsSync(join(dist, 'trace/import/trace-file-worker.js'))) {
  console.error(`${dist} has no trace/import/trace-file-worker.js: build first (npm run build), or set MAILDOCTOR_DIST`);
  process.exit(2);
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor((list.length - 1) / 2)];
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const s = (n) => `${n.toFixed(2)} s`;
const perMillion = (n, count) => n * (1_000_000 / count);

console.log(`trace read: ${fmt(rows)}-row Get-MessageTrace export, UTF-16LE with BOM and #TYPE, en-US dates (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB), all batches consumed, nothing stored (${dist})`);
const results = { 'in-process': [], worker: [] };
for (let i = 0; i < runs; i++) {
  // Alternating, so that whatever else the machine does hits both alike.
  for (const mode of ['in-process', 'worker']) {
    const out = execFileSync(process.execPath, [import.meta.filename, '--measure', mode, '--file', file], { env: { ...process.env, MAILDOCTOR_DIST: dist }, encoding: 'utf8' });
    const run = JSON.parse(out.trim().split('\n').pop());
    if (run.rows !== rows) throw new Error(`${mode}: read ${run.rows} rows, expected ${rows}`);
    results[mode].push(run);
    console.log(`  ${mode}, run ${i + 1}: ${s(run.seconds)} (${fmt(run.rows / run.seconds)} rows/s), CPU ${s(run.cpu)}, main thread busy ${s(run.mainBusy)}; ${fmt(run.records)} records in ${fmt(run.batches)} batches`);
  }
}
for (const [mode, list] of Object.entries(results)) {
  const best = (key) => Math.min(...list.map((r) => r[key]));
  const mid = (key) => median(list.map((r) => r[key]));
  console.log(`  ${mode} per million rows: wall best ${s(perMillion(best('seconds'), rows))} / median ${s(perMillion(mid('seconds'), rows))}; main thread busy best ${s(perMillion(best('mainBusy'), rows))} / median ${s(perMillion(mid('mainBusy'), rows))}; CPU (all threads) median ${s(perMillion(mid('cpu'), rows))} (${runs} runs)`);
}
