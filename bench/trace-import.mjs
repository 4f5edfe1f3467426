// npm run bench:trace-import — speed and memory of `maildoctor trace import` (issue 7, "Speed"):
// a generated Get-MessageTrace export (Export-Csv, UTF-16LE with BOM, #TYPE line, en-US dates;
// scripts/generate-trace.mjs) imported into a fresh SQLite database through the CLI, in a child
// process: rows per second (wall time of the whole process, start-up and closing included),
// CPU time, and peak memory (the child's VmHWM) for a small and the full export, to show that
// memory does not grow with the file. Beside it, the sqlite3 shell's own `.import --csv` of the
// same rows (it reads no UTF-16, so the file is first transcoded to a UTF-8 copy), and DuckDB's
// when a `duckdb` binary is on the PATH. Several runs (other work shares the machine): the best
// and the median are printed.
//   node bench/trace-import.mjs [--rows 1000000] [--small 100000] [--runs 3] [--dir /tmp/maildoctor-bench-trace]
// MAILDOCTOR_DIST points at another build output (default dist/). Generated files are kept in
// --dir and reused.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { parseArgs } from 'node:util';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    small: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    dir: { type: 'string', default: '/tmp/maildoctor-bench-trace' },
  },
});
const rows = Number(values.rows);
const small = Number(values.small);
const runs = Math.max(1, Number(values.runs));
const dir = resolve(values.dir);
const dist = resolve(process.env.MAILDOCTOR_DIST ?? join(root, 'dist'));
mkdirSync(dir, { recursive: true });

// The CLI of that build, run as `maildoctor` is (bin/maildoctor.js imports dist/ only).
const entry = join(dir, 'maildoctor-entry.mjs');
writeFileSync(entry, `import { runCli } from ${JSON.stringify(join(dist, 'cli', 'main.js'))};\nprocess.exitCode = await runCli(process.argv.slice(2));\n`);

function exportFile(count) {
  const file = join(dir, `get-messagetrace-${count}-utf16le.csv`);
  if (!existsSync(file)) {
    execFileSync(process.execPath, [join(root, 'scripts', 'generate-trace.mjs'), '--format', 'exo-message-trace', '--rows', String(count), '--encoding', 'utf-16le-bom', '--dates', 'en-US', '--type-line', '--seed', '7', '--out', file], {
      stdio: 'inherit',
      env: { ...process.env, MAILDOCTOR_DIST: dist },
    });
  }
  return file;
}

const TICKS = 100; // USER_HZ: /proc/<pid>/stat times are in 1/100 s on Linux
function sample(pid) {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { kb, cpu: (Number(fields[11]) + Number(fields[12])) / TICKS };
  } catch {
    return null; // the process has ended
  }
}

/** Runs a command, sampling its peak memory and CPU time; resolves with wall seconds, output and figures. */
function measure(command, args) {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let peakKb = 0;
    let cpu = 0;
    const timer = setInterval(() => {
      const s = sample(child.pid);
      if (s) {
        peakKb = Math.max(peakKb, s.kb);
        cpu = s.cpu;
      }
    }, 10);
    child.on('error', fail);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) fail(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr.slice(0, 500)}`));
      else done({ seconds, peakMiB: peakKb / 1024, cpu, stdout, stderr });
    });
  });
}

function removeDb(path) {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

async function importOnce(file, count) {
  const db = join(dir, 'bench.db');
  removeDb(db);
  // The previous run's database (600 MB at a million rows) is written back to disk first, so
  // that a run does not pay for the one before it.
  spawnSync('sync');
  const run = await measure(process.execPath, [entry, 'trace', 'import', '--db', db, file]);
  if (!run.stdout.startsWith(`imported ${count},`)) throw new Error(`unexpected import output: ${run.stdout}${run.stderr}`);
  return { ...run, rate: count / run.seconds, db };
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor((list.length - 1) / 2)];
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const s = (n) => `${n.toFixed(1)} s`;

console.log(`trace import: Get-MessageTrace export, Export-Csv UTF-16LE with BOM and #TYPE, en-US dates, into a new SQLite database (${dist})`);
const smallFile = exportFile(small);
const bigFile = exportFile(rows);
const mib = (file) => `${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`;

const smallRun = await importOnce(smallFile, small);
console.log(`  ${fmt(small)} rows (${mib(smallFile)}): ${s(smallRun.seconds)}, ${fmt(smallRun.rate)} rows/s, CPU ${s(smallRun.cpu)}, peak memory ${smallRun.peakMiB.toFixed(0)} MiB`);
const results = [];
for (let i = 0; i < runs; i++) {
  const run = await importOnce(bigFile, rows);
  results.push(run);
  console.log(`  ${fmt(rows)} rows (${mib(bigFile)}), run ${i + 1}: ${s(run.seconds)}, ${fmt(run.rate)} rows/s, CPU ${s(run.cpu)}, peak memory ${run.peakMiB.toFixed(0)} MiB`);
}
const rates = results.map((r) => r.rate);
console.log(`  import rate, ${fmt(rows)} rows: best ${fmt(Math.max(...rates))} rows/s, median ${fmt(median(rates))} rows/s (${runs} runs); peak memory ${fmt(smallRun.peakMiB)} MiB at ${fmt(small)} rows, ${fmt(Math.max(...results.map((r) => r.peakMiB)))} MiB at ${fmt(rows)}`);
{
  // The same file again into the database it filled: nothing new (every row is unchanged).
  const again = await measure(process.execPath, [entry, 'trace', 'import', '--db', results[results.length - 1].db, bigFile]);
  console.log(`  the same ${fmt(rows)} rows again (all unchanged): ${s(again.seconds)}, ${fmt(rows / again.seconds)} rows/s, peak memory ${again.peakMiB.toFixed(0)} MiB (${again.stdout.trim().split(' (')[0]})`);
}

// sqlite3's own CSV import of the same rows: into a table made from the header row (no key,
// no index), and into one keyed like trace_recipients (message trace id and recipient).
const sqlite3 = ['/usr/bin/sqlite3', 'sqlite3'].find((p) => spawnSync(p, ['-version']).status === 0);
if (!sqlite3) console.log('  sqlite3 shell: not installed');
else {
  const utf8 = join(dir, `get-messagetrace-${rows}-utf8.csv`);
  if (!existsSync(utf8)) {
    // UTF-16LE (BOM dropped) to UTF-8, streaming; the shell cannot read UTF-16.
    const decoder = new TextDecoder('utf-16le');
    await pipeline(createReadStream(bigFile), new Transform({
      transform(chunk, _encoding, next) { next(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8')); },
      flush(next) { next(null, Buffer.from(decoder.decode(), 'utf8')); },
    }), createWriteStream(utf8));
  }
  const version = spawnSync(sqlite3, ['-version']).stdout.toString().split(' ')[0];
  const shell = async (label, setup, skip) => {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const db = join(dir, 'sqlite3-shell.db');
      removeDb(db);
      const script = join(dir, 'sqlite3-import.sql');
      writeFileSync(script, `${setup}\n.import --csv --skip ${skip} ${utf8} t\n`);
      const run = await measure(sqlite3, [db, `.read ${script}`]);
      times.push(run.seconds);
    }
    console.log(`  sqlite3 ${version} shell .import --csv (UTF-8 copy), ${label}: best ${s(Math.min(...times))} (${fmt(rows / Math.min(...times))} rows/s), median ${s(median(times))}`);
  };
  // --skip 1: the #TYPE line (the header row then names the columns); --skip 2 when the table exists.
  await shell('new table from the header, no key', '', 1);
  await shell('table keyed on (MessageTraceId, RecipientAddress)', 'CREATE TABLE t ("Received", "SenderAddress", "RecipientAddress", "Subject", "Status", "ToIP", "FromIP", "Size", "MessageId", "MessageTraceId", PRIMARY KEY ("MessageTraceId", "RecipientAddress"));', 2);
}
const duckdb = spawnSync('duckdb', ['-version']);
if (duckdb.status !== 0 || !sqlite3) console.log('  duckdb: not installed');
else {
  const utf8 = join(dir, `get-messagetrace-${rows}-utf8.csv`);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const db = join(dir, 'duckdb.db');
    removeDb(db);
    times.push((await measure('duckdb', [db, '-c', `CREATE TABLE t AS FROM read_csv('${utf8}', skip = 1, header = true)`])).seconds);
  }
  console.log(`  duckdb ${duckdb.stdout.toString().trim()} read_csv (UTF-8 copy): best ${s(Math.min(...times))} (${fmt(rows / Math.min(...times))} rows/s), median ${s(median(times))}`);
}
