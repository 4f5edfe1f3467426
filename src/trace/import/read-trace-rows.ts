/**
 * Streams the rows of a message-trace export, whatever PowerShell or the EAC wrote: UTF-8 with
 * or without BOM, UTF-16LE with or without BOM (Windows PowerShell 5.1 `>` and Out-File),
 * Export-Csv's `#TYPE` first line, `,`/`;`/tab delimiters (`-UseCulture`), quoted fields with
 * newlines, and ConvertTo-Json arrays (or a single object). Rows come out as value arrays in
 * header order; the caller maps them.
 * @see ../../../../shared/reference/exchange-online-cmdlets.md "PowerShell file formats"
 * @module
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { parse } from 'csv-parse';
import { MAX_TRACE_FIELDS, MAX_TRACE_ROW_CHARS } from '../../core/limits.js';

export type TraceEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16le-bom' | 'utf-16be-bom';

export interface RawRow {
  line: number;
  values: unknown[];
}

/** A row the reader could not split into values; it is reported and the rest goes on. */
export interface RawRowProblem {
  line: number;
  problem: string;
}

export interface TraceRowSource {
  container: 'csv' | 'json';
  encoding: TraceEncoding;
  header: string[];
  /** Rows after the header; problems are yielded in place of rows that cannot be split. */
  rows: AsyncGenerator<RawRow | RawRowProblem>;
}

const CHUNK_BYTES = 1024 * 1024;
const SNIFF_CHARS = 64 * 1024;

function detectEncoding(head: Buffer): TraceEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le-bom';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be-bom';
  // No BOM: ASCII text in UTF-16LE has a zero in every second byte.
  if (head.length >= 4 && head[0] !== 0 && head[1] === 0 && head[3] === 0) return 'utf-16le';
  return 'utf-8';
}

async function* decodeFile(file: string, onEncoding: (e: TraceEncoding) => void): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    if (!decoder) {
      const encoding = detectEncoding(chunk);
      onEncoding(encoding);
      // The decoders drop a leading BOM themselves (ignoreBOM defaults to false).
      decoder = new TextDecoder(encoding.startsWith('utf-16le') ? 'utf-16le' : encoding === 'utf-16be-bom' ? 'utf-16be' : 'utf-8');
    }
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  if (decoder) {
    const rest = decoder.decode();
    if (rest) yield rest;
  }
}

/** Pulls text until the sniff window holds a complete first line (or the file ends). */
async function sniff(source: AsyncGenerator<string>): Promise<{ head: string; done: boolean }> {
  let head = '';
  for (;;) {
    const next = await source.next();
    if (next.done) return { head, done: true };
    head += next.value;
    if (head.length >= SNIFF_CHARS || /\n[^\n]*\n/.test(head.trimStart())) return { head, done: false };
  }
}

async function* prepend(head: string, rest: AsyncGenerator<string>, done: boolean): AsyncGenerator<string> {
  if (head) yield head;
  if (!done) yield* rest;
}

function breaksIn(record: readonly string[]): number {
  let breaks = 0;
  for (const field of record) {
    if (field.includes('\n') || field.includes('\r')) breaks += field.split(/\r\n|\r|\n/).length - 1;
  }
  return breaks;
}

function chooseDelimiter(headerLine: string): string {
  const unquoted = headerLine.replace(/"[^"]*"/g, '');
  const counts: Array<[string, number]> = [',', ';', '\t'].map((d) => [d, unquoted.split(d).length - 1]);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]?.[1] ? counts[0][0] : ',';
}

/**
 * Opens a file and returns its header and a row stream. Returns a string (the reason) when the
 * file is not a CSV or JSON table at all; I/O errors (missing file, permissions) throw.
 */
export async function readTraceRows(file: string): Promise<TraceRowSource | string> {
  let encoding: TraceEncoding = 'utf-8';
  const text = decodeFile(file, (e) => (encoding = e));
  const { head, done } = await sniff(text);
  const trimmed = head.trimStart();
  if (trimmed === '') return 'the file is empty';
  if (head.includes('\u0000')) return 'the file is binary, not text';
  const stream = prepend(head, text, done);
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return readJson(stream, encoding);
  return readCsv(head, stream, encoding);
}

async function readCsv(head: string, stream: AsyncGenerator<string>, encoding: TraceEncoding): Promise<TraceRowSource | string> {
  const lines = head.split(/\r?\n/, 3);
  const hasType = /^#TYPE\b/i.test(lines[0] ?? '');
  const delimiter = chooseDelimiter((hasType ? lines[1] : lines[0]) ?? '');
  const parser = parse({
    delimiter,
    from_line: hasType ? 2 : 1,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_TRACE_ROW_CHARS,
    info: true,
  });
  const input = Readable.from(stream, { objectMode: false });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  const first = await records.next().catch((error: Error) => error);
  if (first instanceof Error) return `the header row cannot be read (${first.message})`;
  if (first.done) return 'the file has no header row';
  const header = first.value.record.map((h) => h.trim());
  if (header.length > MAX_TRACE_FIELDS) return `the header has ${header.length} columns (limit ${MAX_TRACE_FIELDS})`;
  // csv-parse counts a quoted CRLF as two lines, so lines are counted here from the fields.
  let lastLine = (hasType ? 1 : 0) + 1 + breaksIn(first.value.record);
  async function* rows(): AsyncGenerator<RawRow | RawRowProblem> {
    for (;;) {
      let next: IteratorResult<{ record: string[]; info: { lines: number } }>;
      try {
        next = await records.next();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code?.startsWith('CSV_')) {
          // csv-parse stops at a broken row (an unclosed quote, an oversized row): report it;
          // the rows before it stay imported.
          yield { line: lastLine + 1, problem: `unreadable from here to the end of the file: ${(error as Error).message}` };
          return;
        }
        throw error;
      }
      if (next.done) return;
      const line = lastLine + 1;
      lastLine = line + breaksIn(next.value.record);
      const record = next.value.record;
      if (record.length > MAX_TRACE_FIELDS) yield { line, problem: `${record.length} fields (limit ${MAX_TRACE_FIELDS})` };
      else if (record.length === 1 && record[0]?.trim() === '') continue;
      else yield { line, values: record };
    }
  }
  return { container: 'csv', encoding, header, rows: rows() };
}

/**
 * Splits a top-level JSON array into its objects as they stream past, so that a large
 * ConvertTo-Json file is never held in memory whole; each object is then JSON.parse'd.
 */
async function* splitJsonObjects(stream: AsyncGenerator<string>): AsyncGenerator<{ line: number; text: string | null } | { line: number; problem: string }> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let line = 1;
  let startLine = 1;
  let parts: string[] = [];
  let size = 0;
  let oversize = false;
  let sawArray = false;
  for await (const chunk of stream) {
    let start = -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10) line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) {
        if (c === 91 && depth === 0 && !sawArray) {
          sawArray = true;
          continue;
        }
        if (depth === 0) {
          start = i;
          startLine = line;
          parts = [];
          size = 0;
          oversize = false;
        }
        depth++;
      } else if (c === 125 || c === 93) {
        if (depth === 0) continue; // the closing bracket of the top-level array
        depth--;
        if (depth === 0) {
          if (!oversize) parts.push(chunk.slice(Math.max(start, 0), i + 1));
          yield oversize ? { line: startLine, problem: `row longer than ${MAX_TRACE_ROW_CHARS} characters` } : { line: startLine, text: parts.join('') };
          parts = [];
          start = -1;
        }
      } else if (depth === 0 && c > 32 && c !== 44) {
        yield { line, problem: `unexpected ${String.fromCharCode(c)} between objects` };
        return;
      }
    }
    if (depth > 0 && !oversize) {
      const piece = chunk.slice(Math.max(start, 0));
      size += piece.length;
      if (size > MAX_TRACE_ROW_CHARS) oversize = true;
      else parts.push(piece);
    }
  }
  if (depth > 0) yield { line: startLine, problem: 'the file ends inside this object' };
}

async function readJson(stream: AsyncGenerator<string>, encoding: TraceEncoding): Promise<TraceRowSource | string> {
  const objects = splitJsonObjects(stream);
  let header: string[] | null = null;
  const pending: Array<RawRow | RawRowProblem> = [];
  const toRow = (line: number, text: string): RawRow | RawRowProblem => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { line, problem: `not valid JSON (${(error as Error).message})` };
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { line, problem: 'not a JSON object' };
    const record = value as Record<string, unknown>;
    if (!header) {
      header = Object.keys(record);
      if (header.length > MAX_TRACE_FIELDS) return { line, problem: `${header.length} keys (limit ${MAX_TRACE_FIELDS})` };
    }
    return { line, values: header.map((key) => record[key]) };
  };
  // The header is the first readable object's keys (ConvertTo-Json writes every object alike).
  for (;;) {
    const next = await objects.next();
    if (next.done) break;
    const item = next.value;
    const row = 'problem' in item ? item : toRow(item.line, item.text ?? '');
    pending.push(row);
    if (header) break;
    if (pending.length > 100) break;
  }
  if (!header) return 'no JSON object with fields was found';
  const fixedHeader: string[] = header;
  async function* rows(): AsyncGenerator<RawRow | RawRowProblem> {
    yield* pending;
    for await (const item of objects) yield 'problem' in item ? item : toRow(item.line, item.text ?? '');
  }
  return { container: 'json', encoding, header: fixedHeader, rows: rows() };
}
