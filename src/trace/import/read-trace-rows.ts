/**
 * Streams the rows of a message-trace export, whatever PowerShell or the EAC wrote: UTF-8 with
 * or without BOM, UTF-16LE with or without BOM (Windows PowerShell 5.1 `>` and Out-File),
 * Export-Csv's `#TYPE` first line, `,`/`;`/tab delimiters (`-UseCulture`), quoted fields with
 * newlines, and ConvertTo-Json arrays (or a single object). Rows come out as value arrays in
 * header order; the caller maps them.
 * @see ../../../../shared/reference/exchange-online-cmdlets.md "PowerShell file formats"
 * @module
 */
import { open } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { MAX_TRACE_FIELDS, MAX_TRACE_ROW_CHARS } from '../../core/limits.js';
import { CsvRecordParser } from './csv/csv-record-parser.js';

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
  /**
   * Rows after the header, a few thousand at a time as the file is read (one promise per
   * chunk, not per row); problems are yielded in place of rows that cannot be split.
   */
  chunks: AsyncGenerator<Array<RawRow | RawRowProblem>>;
  /** Closes the file when the rows are not read to the end. */
  close(): Promise<void>;
}

const CHUNK_BYTES = 1024 * 1024;
const SNIFF_CHARS = 64 * 1024;
const JSON_CHUNK_ROWS = 1000;

function detectEncoding(head: Buffer): TraceEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le-bom';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be-bom';
  // No BOM: ASCII text in UTF-16LE has a zero in every second byte.
  if (head.length >= 4 && head[0] !== 0 && head[1] === 0 && head[3] === 0) return 'utf-16le';
  return 'utf-8';
}

/** The file as text, one decoded string per megabyte read (one read buffer, reused). */
async function* decodeFile(file: string, onEncoding: (e: TraceEncoding) => void): AsyncGenerator<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let decoder: TextDecoder | null = null;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      const bytes = buffer.subarray(0, bytesRead);
      if (!decoder) {
        const encoding = detectEncoding(bytes);
        onEncoding(encoding);
        // The decoders drop a leading BOM themselves (ignoreBOM defaults to false).
        decoder = new TextDecoder(encoding.startsWith('utf-16le') ? 'utf-16le' : encoding === 'utf-16be-bom' ? 'utf-16be' : 'utf-8');
      }
      const text = decoder.decode(bytes, { stream: true });
      if (text) yield text;
    }
    if (decoder) {
      const rest = decoder.decode();
      if (rest) yield rest;
    }
  } finally {
    await handle.close();
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
  if (trimmed === '') {
    await text.return(undefined);
    return 'the file is empty';
  }
  if (head.includes('\u0000')) {
    await text.return(undefined);
    return 'the file is binary, not text';
  }
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return readJson(prepend(head, text, done), encoding);
  return readCsv(head, text, done, encoding);
}

function toRows(items: ReturnType<CsvRecordParser['push']>): Array<RawRow | RawRowProblem> {
  const rows: Array<RawRow | RawRowProblem> = [];
  for (const item of items) {
    if (!('fields' in item)) rows.push(item);
    else if (item.fields.length > MAX_TRACE_FIELDS) rows.push({ line: item.line, problem: `${item.fields.length} fields (limit ${MAX_TRACE_FIELDS})` });
    else if (item.fields.length === 1 && item.fields[0]?.trim() === '') continue;
    else rows.push({ line: item.line, values: item.fields });
  }
  return rows;
}

async function readCsv(head: string, rest: AsyncGenerator<string>, done: boolean, encoding: TraceEncoding): Promise<TraceRowSource | string> {
  // Windows PowerShell's Export-Csv writes `#TYPE <type name>` before the header.
  const firstBreak = head.search(/\r\n|\n|\r/);
  const hasType = /^#TYPE\b/i.test(head);
  const body = hasType ? (firstBreak < 0 ? '' : head.slice(firstBreak + (head.startsWith('\r\n', firstBreak) ? 2 : 1))) : head;
  const delimiter = chooseDelimiter(body.split(/\r?\n/, 1)[0] ?? '');
  const parser = new CsvRecordParser({ delimiter, maxRecordChars: MAX_TRACE_ROW_CHARS, firstLine: hasType ? 2 : 1 });
  let pendingText: string | null = body;
  let textDone = done;
  let parserDone = false;
  // Pulls the next piece of records; null when the file is over.
  const next = async (): Promise<ReturnType<CsvRecordParser['push']> | null> => {
    if (pendingText !== null) {
      const piece = pendingText;
      pendingText = null;
      return parser.push(piece);
    }
    if (!textDone) {
      const chunk = await rest.next();
      if (!chunk.done) return parser.push(chunk.value);
      textDone = true;
    }
    if (parserDone) return null;
    parserDone = true;
    // The last record may have no line break after it.
    return parser.end();
  };
  let header: string[] | null = null;
  let first: ReturnType<CsvRecordParser['push']> = [];
  while (!header) {
    const items = await next();
    if (items === null) return 'the file has no header row';
    const index = items.findIndex((item) => !('fields' in item) || item.fields.length > 1 || item.fields[0]?.trim() !== '');
    if (index < 0) continue;
    const item = items[index];
    if (!item || !('fields' in item)) {
      await rest.return(undefined);
      return `the header row cannot be read (${item?.problem ?? 'no fields'})`;
    }
    header = item.fields.map((h) => h.trim());
    first = items.slice(index + 1);
  }
  if (header.length > MAX_TRACE_FIELDS) {
    await rest.return(undefined);
    return `the header has ${header.length} columns (limit ${MAX_TRACE_FIELDS})`;
  }
  async function* chunks(): AsyncGenerator<Array<RawRow | RawRowProblem>> {
    try {
      let items: ReturnType<CsvRecordParser['push']> | null = first;
      while (items !== null) {
        const rows = toRows(items);
        if (rows.length > 0) yield rows;
        items = await next();
      }
    } finally {
      await rest.return(undefined);
    }
  }
  return { container: 'csv', encoding, header, chunks: chunks(), close: async () => void (await rest.return(undefined)) };
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
  if (!header) {
    await objects.return(undefined);
    return 'no JSON object with fields was found';
  }
  const fixedHeader: string[] = header;
  async function* chunks(): AsyncGenerator<Array<RawRow | RawRowProblem>> {
    let rows = pending;
    for await (const item of objects) {
      rows.push('problem' in item ? item : toRow(item.line, item.text ?? ''));
      if (rows.length >= JSON_CHUNK_ROWS) {
        yield rows;
        rows = [];
      }
    }
    if (rows.length > 0) yield rows;
  }
  return { container: 'json', encoding, header: fixedHeader, chunks: chunks(), close: async () => void (await objects.return(undefined)) };
}
