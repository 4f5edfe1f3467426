// npm run bench:trace-pg — `maildoctor trace import --db postgres://...` speed: rows per second
// into a fresh schema and again into the same schema (everything unchanged), and the importing
// process's peak memory, for generated UTF-16LE Get-MessageTrace exports of 100,000 and
// 1,000,000 rows (BENCH_TRACE_PG_ROWS=100000,1000000). Needs a PostgreSQL server: TEST_PG_URL
// (or --url), and a build (dist/, or MAILDOCTOR_DIST). The exports are generated once into the
// temp directory and reused; each run imports into its own schema and drops it afterwards.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const { values } = parseArgs({ options: { url: { type: 'string' } } });
const url = values.url ?? process.env.TEST_PG_URL;
if (!url) {
  console.log('bench:trace-pg: set TEST_PG_URL (or --url postgres://...) to a PostgreSQL server: nothing to measure');
  process.exit(0);
}
const root = join(import.meta.dirname, '..');
const dist = resolve(process.env.MAILDOCTOR_DIST ?? join(root, 'dist'));
const sizes = (process.env.BENCH_TRACE_PG_ROWS ?? '100000,1000000').split(',').map(Number);
const schema = `md_bench_pg_${process.pid}`;
const dropSchema = async () => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
};
const target = new URL(url);
target.searchParams.set('schema', schema);
// The CLI of the build, in a child process that reports its own peak memory.
const cli = `import { runCli } from ${JSON.stringify(pathToFileURL(join(dist, 'cli', 'main.js')).href)};
process.exitCode = await runCli(process.argv.slice(1));
process.stderr.write('maxrss ' + process.resourceUsage().maxRSS + '\\n');`;

function importOnce(file) {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', cli, 'trace', 'import', '--db', target.toString(), file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`exit ${run.status}: ${run.stderr.trim()}`);
  const maxRss = Number(/maxrss (\d+)/.exec(run.stderr)?.[1] ?? 0);
  return { stdout: run.stdout, peakMiB: maxRss / 1024 };
}

for (const rows of sizes) {
  const file = join(tmpdir(), `maildoctor-bench-trace-pg-${rows}.csv`);
  if (!existsSync(file)) {
    execFileSync(process.execPath, [join(root, 'scripts', 'generate-trace.mjs'), '--format', 'exo-message-trace', '--rows', String(rows), '--encoding', 'utf-16le-bom', '--out', file], { stdio: 'inherit', env: { ...process.env, MAILDOCTOR_DIST: dist } });
  }
  await dropSchema();
  try {
    for (const pass of ['fresh schema', 'again (unchanged)']) {
      const { stdout, peakMiB } = importOnce(file);
      const rate = /(\d+) rows\/s/.exec(stdout)?.[1];
      const seconds = /in ([\d.]+) s/.exec(stdout)?.[1];
      console.log(`${rows} rows, ${pass}: ${rate} rows/s (${seconds} s, peak ${peakMiB.toFixed(0)} MiB) — ${stdout.trim().replace(/ \(.*$/, '')}`);
    }
    if (rows === sizes[0]) await breakdown(file, rows);
  } finally {
    await dropSchema();
  }
}

/** Where the time of a fresh import goes, in this process: the store's writes, the queries run in the import (summary upkeep), the rest (read, decode, parse, map). */
async function breakdown(file, rows) {
  await dropSchema();
  const { importTraceFiles } = await import(pathToFileURL(join(dist, 'trace', 'import', 'import-trace-files.js')).href);
  const { openTraceStore } = await import(pathToFileURL(join(dist, 'trace', 'store', 'open-trace-store.js')).href);
  const store = await openTraceStore(target.toString());
  const spent = { add: 0, run: 0, commit: 0 };
  const timed = (name, fn) => async (...args) => {
    const t0 = performance.now();
    try {
      return await fn(...args);
    } finally {
      spent[name] += performance.now() - t0;
    }
  };
  const measured = {
    dialect: store.dialect,
    db: store.db,
    close: () => store.close(),
    async beginImport() {
      const session = await store.beginImport();
      return { ...session, add: timed('add', session.add), run: timed('run', session.run), commit: timed('commit', session.commit) };
    },
  };
  const t0 = performance.now();
  await importTraceFiles(measured, [file], { time: {} });
  const total = performance.now() - t0;
  await store.close();
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`${rows} rows, fresh, in one process: ${s(total)}; store writes (session.add) ${s(spent.add)} = ${Math.round(rows / (spent.add / 1000))} rows/s, queries in the import (session.run) ${s(spent.run)}, commit ${s(spent.commit)}, read and parse ${s(total - spent.add - spent.run - spent.commit)}`);
}
