import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { ToolkitError } from '../../core/errors.js';
import { writeTraceExport } from '../generator/write-trace-export.js';
import type { SkippedRow, TraceRecord } from '../types.js';
import { importTraceFileInWorker } from './import-trace-file-in-worker.js';
import * as sourceImport from './import-trace-file.js';
import { createTraceTimeParser } from './parse-trace-time.js';
import { packTraceRecords, TRACE_TRANSFER_VERSION } from './trace-record-transfer.js';

type ImportTraceFileModule = typeof sourceImport;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'md-trace-worker-'));
});

/** Everything a reader gives, with the batches kept apart (their boundaries must agree too). */
async function readAll(reader: sourceImport.TraceFileImport): Promise<{ head: object; batches: TraceRecord[][]; rows: number; skipped: SkippedRow[]; skippedCount: number }> {
  const batches: TraceRecord[][] = [];
  for await (const batch of reader.batches()) batches.push(batch);
  const { format, container, encoding, bytes } = reader;
  return { head: { format, container, encoding, bytes }, batches, rows: reader.rows, skipped: reader.skipped, skippedCount: reader.skippedCount };
}

/** Which records share the message object of the record before them. */
const sharing = (batches: TraceRecord[][]): boolean[] => batches.flatMap((batch) => batch.map((r, i) => i > 0 && r.message === batch[i - 1]?.message));

/** The rejection of a promise (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

// The compiled worker: CI builds dist/ (npm ci runs the build) before the tests; MAILDOCTOR_DIST
// points at another build, as for the benchmarks.
const dist = process.env.MAILDOCTOR_DIST ? resolve(process.env.MAILDOCTOR_DIST) : fileURLToPath(new URL('../../../dist', import.meta.url));
const workerUrl = pathToFileURL(join(dist, 'trace/import/trace-file-worker.js'));
const compiled = existsSync(fileURLToPath(workerUrl));
if (!compiled) console.warn(`import-trace-file-in-worker.test.ts: ${fileURLToPath(workerUrl)} does not exist (npm run build): the tests of the compiled worker are skipped`);

describe.skipIf(!compiled)('the compiled worker', () => {
  // Reference: importTraceFile of the same build, so that a dist/ older than the sources
  // tests the transfer and not the differences between two versions of the importers.
  let reference: ImportTraceFileModule;
  beforeAll(async () => {
    reference = (await import(pathToFileURL(join(dist, 'trace/import/import-trace-file.js')).href)) as ImportTraceFileModule;
  });

  const compare = async (file: string, culture?: string): Promise<Awaited<ReturnType<typeof readAll>>> => {
    const inProcess = await readAll(await reference.importTraceFile(file, createTraceTimeParser({ culture })));
    const workers: Worker[] = [];
    const viaWorker = await readAll(await importTraceFileInWorker(file, { culture }, { workerUrl, onWorker: (w) => workers.push(w) }));
    expect(workers).toHaveLength(1);
    expect(viaWorker.head).toEqual(inProcess.head);
    expect(viaWorker.batches.map((b) => b.length)).toEqual(inProcess.batches.map((b) => b.length));
    expect(viaWorker.batches.flat()).toEqual(inProcess.batches.flat());
    expect(sharing(viaWorker.batches)).toEqual(sharing(inProcess.batches));
    expect(viaWorker.rows).toBe(inProcess.rows);
    expect(viaWorker.skipped).toEqual(inProcess.skipped);
    expect(viaWorker.skippedCount).toBe(inProcess.skippedCount);
    return viaWorker;
  };

  it('reads a Get-MessageTrace export (UTF-16LE, #TYPE, en-US dates) as importTraceFile does', async () => {
    const file = join(dir, 'exo-5000.csv');
    writeTraceExport(file, { seed: 11, rows: 5000, format: 'exo-message-trace', encoding: 'utf-16le-bom', dates: 'en-US', typeLine: true });
    const read = await compare(file);
    expect(read.rows).toBe(5000);
    expect(read.batches.length).toBeGreaterThan(1);
    expect(read.skippedCount).toBe(0);
  });

  it('reads an EAC extended report (events) as importTraceFile does', async () => {
    const file = join(dir, 'extended-5000.csv');
    writeTraceExport(file, { seed: 12, rows: 5000, format: 'eac-extended', dates: 'iso' });
    const read = await compare(file);
    expect(read.batches.flat().some((r) => r.events.length > 0)).toBe(true);
  });

  it('lists the unreadable rows as importTraceFile does', async () => {
    const good = join(dir, 'good-for-bad.csv');
    writeTraceExport(good, { seed: 13, rows: 3000, format: 'exo-message-trace', dates: 'en-US' });
    const lines = readFileSync(good, 'utf8').split('\r\n');
    for (const n of [3, 700, 2500]) lines[n] = (lines[n] ?? '').replace(/^"[^"]*"/, '"yesterday"');
    const bad = join(dir, 'bad-rows.csv');
    writeFileSync(bad, lines.join('\r\n'));
    const read = await compare(bad);
    expect(read.skippedCount).toBe(3);
    // (Line numbers count the lines of multi-line subjects too: compared with importTraceFile above.)
    for (const row of read.skipped) expect(row).toMatchObject({ file: bad, reason: expect.stringContaining('"yesterday" is not a date') });
  });

  it('rejects an unknown format and a missing file with the same one line, starting no reading', async () => {
    const unknown = join(dir, 'unknown.csv');
    writeFileSync(unknown, 'a,b,c\n1,2,3\n');
    for (const file of [unknown, join(dir, 'missing.csv')]) {
      const expected = await rejection(reference.importTraceFile(file, createTraceTimeParser()));
      const exits: Array<Promise<number>> = [];
      const error = await rejection(importTraceFileInWorker(file, {}, { workerUrl, onWorker: (w) => exits.push(new Promise((done) => w.once('exit', done))) }));
      expect(error).toBeInstanceOf(ToolkitError);
      expect((error as ToolkitError).code).toBe('input-unreadable');
      expect(error.message).toBe(expected.message);
      expect(exits).toHaveLength(1);
      await exits[0];
    }
  });

  it('ends the worker when the consumer leaves after the first batch', async () => {
    const file = join(dir, 'exo-20000.csv');
    writeTraceExport(file, { seed: 14, rows: 20_000, format: 'exo-message-trace', encoding: 'utf-16le-bom', dates: 'en-US', typeLine: true });
    let exited: Promise<number> | null = null;
    const reader = await importTraceFileInWorker(file, {}, { workerUrl, onWorker: (w) => (exited = new Promise((done) => w.once('exit', done))) });
    let taken = 0;
    for await (const batch of reader.batches()) {
      taken += batch.length;
      break;
    }
    expect(taken).toBeGreaterThan(0);
    expect(exited).not.toBeNull();
    // Resolves only when the worker has stopped (the test times out otherwise).
    await exited;
  });

  it('imports through the CLI of the build when node runs it with options a worker cannot take (node --input-type=module -e)', async () => {
    const { spawnSync } = await import('node:child_process');
    const file = join(dir, 'cli-eval.csv');
    writeTraceExport(file, { format: 'exo-message-trace', rows: 300, seed: 5 });
    const script = `import { runCli } from ${JSON.stringify(pathToFileURL(join(dist, 'cli', 'main.js')).href)}; process.exitCode = await runCli(process.argv.slice(1));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, 'trace', 'import', '--db', join(dir, 'cli-eval.db'), file], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^imported 300, updated 0, unchanged 0, skipped 0 /);
  });

  it('ends the worker when the consumer throws', async () => {
    const file = join(dir, 'exo-20000.csv');
    let exited: Promise<number> | null = null;
    const reader = await importTraceFileInWorker(file, {}, { workerUrl, onWorker: (w) => (exited = new Promise((done) => w.once('exit', done))) });
    await expect((async () => {
      for await (const batch of reader.batches()) if (batch.length > 0) throw new Error('store failed');
    })()).rejects.toThrow('store failed');
    await exited;
  });
});

describe('importTraceFileInWorker without a compiled worker beside it', () => {
  it('reads in-process with the same results (vitest runs the .ts sources)', async () => {
    const file = join(dir, 'fallback.csv');
    writeTraceExport(file, { seed: 15, rows: 3000, format: 'exo-message-trace', dates: 'de-DE' });
    const started: Worker[] = [];
    const viaFallback = await readAll(await importTraceFileInWorker(file, { culture: 'de-DE' }, { onWorker: (w) => started.push(w) }));
    const inProcess = await readAll(await sourceImport.importTraceFile(file, createTraceTimeParser({ culture: 'de-DE' })));
    expect(started).toEqual([]);
    expect(viaFallback).toEqual(inProcess);
    expect(viaFallback.rows).toBe(3000);
  });

  it('refuses a bad culture as a usage error, and a worker script that does not exist', async () => {
    const file = join(dir, 'fallback.csv');
    const usage = await rejection(importTraceFileInWorker(file, { culture: 'xx-XX' }));
    expect(usage).toBeInstanceOf(ToolkitError);
    expect((usage as ToolkitError).code).toBe('usage');
    await expect(importTraceFileInWorker(file, {}, { workerUrl: pathToFileURL(join(dir, 'no-such-worker.js')) })).rejects.toThrow(/does not exist/);
  });
});

/**
 * Stand-in workers (plain ES modules written here) for what the real one does only on a broken
 * disk or a bug: the main side's handling of each message.
 */
describe('the main side of the worker protocol', () => {
  const record: TraceRecord = { line: 2, message: { key: 'k1', sender: 'anna@example.com' }, recipient: 'bob@example.org', status: { value: 'delivered', at: 0 }, events: [] };
  const open = { type: 'open', version: TRACE_TRANSFER_VERSION, format: 'exo-message-trace', container: 'csv', encoding: 'utf-8', bytes: 100 };
  const batch = { type: 'batch', rows: 1, values: packTraceRecords([record]) };

  const standIn = (name: string, body: string): URL => {
    const path = join(dir, `${name}.mjs`);
    writeFileSync(path, `import { parentPort } from 'node:worker_threads';\nconst post = (m) => parentPort.postMessage(m);\n${body}\n`);
    return pathToFileURL(path);
  };

  it('throws an error with the errno code when reading fails half-way, after the batches before it', async () => {
    const url = standIn('fails', `post(${JSON.stringify(open)}); post(${JSON.stringify(batch)}); post({ type: 'fail', message: 'EIO: i/o error, read', code: 'EIO', name: 'Error' });`);
    const reader = await importTraceFileInWorker('/x.csv', {}, { workerUrl: url });
    expect(reader.format).toBe('exo-message-trace');
    const taken: TraceRecord[][] = [];
    const error = await rejection((async () => {
      for await (const b of reader.batches()) taken.push(b);
    })());
    expect(taken).toEqual([[record]]);
    expect(reader.rows).toBe(1);
    expect(error.message).toBe('EIO: i/o error, read');
    expect((error as NodeJS.ErrnoException).code).toBe('EIO');
  });

  it('turns a crash or an early exit of the worker into an error, not a hang', async () => {
    const crash = standIn('crashes', `post(${JSON.stringify(open)}); setTimeout(() => { throw new Error('bug in the reader'); }, 10);`);
    const crashed = await importTraceFileInWorker('/x.csv', {}, { workerUrl: crash });
    await expect((async () => {
      for await (const b of crashed.batches()) void b;
    })()).rejects.toThrow('bug in the reader');
    const quits = standIn('quits', `post(${JSON.stringify(open)}); post(${JSON.stringify(batch)});`);
    const quitter = await importTraceFileInWorker('/x.csv', {}, { workerUrl: quits });
    await expect((async () => {
      for await (const b of quitter.batches()) void b;
    })()).rejects.toThrow(/stopped \(exit code 0\) before the end/);
  });

  it('refuses a worker of another build (a stale dist/)', async () => {
    const url = standIn('stale', `post(${JSON.stringify({ ...open, version: TRACE_TRANSFER_VERSION + 1 })});`);
    await expect(importTraceFileInWorker('/x.csv', {}, { workerUrl: url })).rejects.toThrow(/rebuild/);
  });

  it('fills skipped rows at the end', async () => {
    const skipped = [{ file: '/x.csv', line: 3, reason: 'no RecipientAddress' }];
    const url = standIn('ends', `post(${JSON.stringify(open)}); post(${JSON.stringify(batch)}); post(${JSON.stringify({ type: 'end', rows: 2, skipped, skippedCount: 5 })});`);
    const reader = await importTraceFileInWorker('/x.csv', {}, { workerUrl: url });
    const read = await readAll(reader);
    expect(read.batches).toEqual([[record]]);
    expect(read.rows).toBe(2);
    expect(read.skipped).toEqual(skipped);
    expect(read.skippedCount).toBe(5);
  });
});
