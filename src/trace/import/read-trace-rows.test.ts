import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_TRACE_FIELDS, MAX_TRACE_ROW_CHARS } from '../../core/limits.js';
import { readTraceRows, type RawRow, type RawRowProblem, type TraceRowSource } from './read-trace-rows.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'md-read-rows-'));
});

let count = 0;
function file(content: Buffer | string): string {
  const path = join(dir, `f${count++}`);
  writeFileSync(path, content);
  return path;
}

const utf16le = (text: string, bom = true): Buffer => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string): Buffer => {
  const le = Buffer.from(text, 'utf16le');
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le.swap16()]);
};

async function open(path: string): Promise<TraceRowSource> {
  const source = await readTraceRows(path);
  if (typeof source === 'string') throw new Error(source);
  return source;
}

async function all(source: TraceRowSource): Promise<Array<RawRow | RawRowProblem>> {
  const rows: Array<RawRow | RawRowProblem> = [];
  for await (const chunk of source.chunks) rows.push(...chunk);
  return rows;
}

const EXPORT = '#TYPE Deserialized.Microsoft.Exchange.Management.FfoReporting.MessageTrace\r\n"Received","Subject","Size"\r\n"11/9/2026 2:19:58 PM","Line one\r\nline two, ""quoted""","2048"\r\n"11/9/2026 2:20:00 PM","見積書 😀","1"\r\n';
const EXPECTED = [
  { line: 3, values: ['11/9/2026 2:19:58 PM', 'Line one\r\nline two, "quoted"', '2048'] },
  { line: 5, values: ['11/9/2026 2:20:00 PM', '見積書 😀', '1'] },
];

describe('readTraceRows', () => {
  it('reads the same rows from UTF-8, UTF-16LE and UTF-16BE, with or without BOM', async () => {
    const cases: Array<[Buffer, string]> = [
      [Buffer.from(EXPORT, 'utf8'), 'utf-8'],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(EXPORT, 'utf8')]), 'utf-8-bom'],
      [utf16le(EXPORT), 'utf-16le-bom'],
      [utf16le(EXPORT, false), 'utf-16le'],
      [utf16be(EXPORT), 'utf-16be-bom'],
    ];
    for (const [content, encoding] of cases) {
      const source = await open(file(content));
      expect(source.encoding).toBe(encoding);
      expect(source.container).toBe('csv');
      expect(source.header).toEqual(['Received', 'Subject', 'Size']);
      expect(await all(source)).toEqual(EXPECTED);
    }
  });

  it('reads the last row when no line break follows it, in a small file and a large one', async () => {
    for (const size of [1, 40_000]) {
      const rows = Array.from({ length: size }, (_, i) => `${i},"row ${i}"`);
      const source = await open(file('n,text\r\n' + rows.join('\r\n')));
      const got = await all(source);
      expect(got).toHaveLength(size);
      expect(got[size - 1]).toEqual({ line: size + 1, values: [String(size - 1), `row ${size - 1}`] });
    }
  });

  it('finds the delimiter in the header: comma, semicolon (de-DE -UseCulture) or tab', async () => {
    for (const delimiter of [',', ';', '\t']) {
      const source = await open(file(['Date', 'Event', 'Detail'].join(delimiter) + '\n' + ['09.11.2026 14:19:58', 'Defer', '"451 4.7.1 a, b; c\tdone"'].join(delimiter) + '\n'));
      expect(source.header).toEqual(['Date', 'Event', 'Detail']);
      expect(await all(source)).toEqual([{ line: 2, values: ['09.11.2026 14:19:58', 'Defer', '451 4.7.1 a, b; c\tdone'] }]);
    }
  });

  it('reads rows across the reader\'s megabyte chunks, UTF-16 surrogate pairs and quoted line breaks included', async () => {
    const rows: string[] = [];
    let line = 2;
    let length = 0;
    const expected: RawRow[] = [];
    for (let i = 0; length < 1_500_000; i++) {
      const subject = `${'x'.repeat(i % 97)}😀 "${i}"\r\nmore`;
      rows.push(`"${i}","${subject.replace(/"/g, '""')}"\r\n`);
      length += rows[rows.length - 1]?.length ?? 0;
      expected.push({ line, values: [String(i), subject] });
      line += 2;
    }
    const text = 'N,Subject\r\n' + rows.join('');
    for (const content of [utf16le(text), Buffer.from(text, 'utf8')]) {
      const source = await open(file(content));
      const chunks: number[] = [];
      const got: Array<RawRow | RawRowProblem> = [];
      for await (const chunk of source.chunks) {
        chunks.push(chunk.length);
        got.push(...chunk);
      }
      expect(chunks.length).toBeGreaterThan(1);
      expect(got).toEqual(expected);
    }
  });

  it('reports rows over the limits by line and reads the rest', async () => {
    const wide = Array.from({ length: MAX_TRACE_FIELDS + 1 }, (_, i) => `v${i}`).join(',');
    const long = `"${'y'.repeat(MAX_TRACE_ROW_CHARS)}",1`;
    const source = await open(file(`a,b\n1,2\n${wide}\n\n${long}\n3,4\n`));
    expect(await all(source)).toEqual([
      { line: 2, values: ['1', '2'] },
      { line: 3, problem: `${MAX_TRACE_FIELDS + 1} fields (limit ${MAX_TRACE_FIELDS})` },
      { line: 5, problem: `row longer than ${MAX_TRACE_ROW_CHARS} characters` },
      { line: 6, values: ['3', '4'] },
    ]);
  });

  it('keeps the rows before a quote that is never closed, and reports it at its line', async () => {
    const source = await open(file('a,b\n1,2\n"3,4\n5,6\n'));
    expect(await all(source)).toEqual([{ line: 2, values: ['1', '2'] }, { line: 3, problem: 'unreadable from here to the end of the file: a quoted field is not closed' }]);
  });

  it('says why a file is not a table', async () => {
    expect(await readTraceRows(file(''))).toBe('the file is empty');
    expect(await readTraceRows(file('  \r\n '))).toBe('the file is empty');
    expect(await readTraceRows(file(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0x41, 0x00, 0x00])))).toBe('the file is binary, not text');
    expect(await readTraceRows(file('#TYPE Deserialized.X\r\n'))).toBe('the file has no header row');
    expect(await readTraceRows(file('"a,b\n'))).toMatch(/^the header row cannot be read \(unreadable from here/);
    expect(await readTraceRows(file('[1, 2, 3]'))).toBe('no JSON object with fields was found');
  });

  it('reads ConvertTo-Json arrays and single objects, in UTF-16 too, with problems by line', async () => {
    const json = '[\r\n    {\r\n        "Received":  "\\/Date(1731161998000)\\/",\r\n        "Subject":  "Hi ]}{["\r\n    },\r\n    {\r\n        "Received":  3\r\n    },\r\n    {\r\n        "Received":  x\r\n    }\r\n]\r\n';
    const source = await open(file(utf16le(json)));
    expect(source.container).toBe('json');
    expect(source.header).toEqual(['Received', 'Subject']);
    expect(await all(source)).toEqual([
      { line: 2, values: ['/Date(1731161998000)/', 'Hi ]}{['] },
      { line: 6, values: [3, undefined] },
      { line: 9, problem: expect.stringMatching(/^not valid JSON/) },
    ]);
    const single = await open(file('{ "Date": "2026-11-09T14:19:58Z", "Event": "Send" }'));
    expect(await all(single)).toEqual([{ line: 1, values: ['2026-11-09T14:19:58Z', 'Send'] }]);
  });

  it('closes the file when the rows are not read', async () => {
    for (let i = 0; i < 3; i++) await (await open(file('a,b\n1,2\n'))).close();
    await (await open(file('[{"a": 1}, {"a": 2}]'))).close();
  });
});
