import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvRecordParser, type CsvRecord, type CsvRecordProblem } from './csv-record-parser.js';

type Item = CsvRecord | CsvRecordProblem;

function split(text: string, pieces: number[] = [], delimiter = ',', maxRecordChars = 1000): Item[] {
  const parser = new CsvRecordParser({ delimiter, maxRecordChars });
  const out: Item[] = [];
  let from = 0;
  for (const at of [...pieces, text.length]) {
    out.push(...parser.push(text.slice(from, at)));
    from = at;
  }
  out.push(...parser.end());
  return out;
}

/** Every way of cutting the text in two and in three must give the same records. */
function splitEverywhere(text: string, delimiter = ','): Item[] {
  const whole = split(text, [], delimiter);
  for (let i = 0; i <= text.length; i++) {
    expect(split(text, [i], delimiter), `cut at ${i}`).toEqual(whole);
    for (let j = i; j <= text.length; j += 3) expect(split(text, [i, j], delimiter), `cuts at ${i}, ${j}`).toEqual(whole);
  }
  return whole;
}

describe('CsvRecordParser', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks, and counts lines', () => {
    const text = '"a","b","c"\r\n"1,2","say ""hi""","x\r\ny"\r\n"3",,""\r\n4,5,6';
    expect(splitEverywhere(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1,2', 'say "hi"', 'x\r\ny'] },
      { line: 4, fields: ['3', '', ''] },
      { line: 5, fields: ['4', '5', '6'] },
    ]);
  });

  it('skips empty lines but counts them, with LF, CRLF and lone CR line ends', () => {
    expect(splitEverywhere('a;b\n\n1;2\r\n\r\n3;4\r\r5;6\r', ';')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['1', '2'] },
      { line: 5, fields: ['3', '4'] },
      { line: 7, fields: ['5', '6'] },
    ]);
  });

  it('counts every kind of line break inside quotes once', () => {
    expect(splitEverywhere('"a\nb\r\nc\rd"\tx\n"e"\tf\ny', '\t')).toEqual([
      { line: 1, fields: ['a\nb\r\nc\rd', 'x'] },
      { line: 5, fields: ['e', 'f'] },
      { line: 6, fields: ['y'] },
    ]);
  });

  it('keeps stray quotes as text, as csv-parse does with relax_quotes', () => {
    expect(splitEverywhere('a"b,"c"d,"e" ,f\n')).toEqual([{ line: 1, fields: ['a"b', '"c"d', '"e" ', 'f'] }]);
  });

  it('reads a trailing delimiter as an empty last field, with or without a final line break', () => {
    expect(splitEverywhere('1,2,\n3,4,')).toEqual([{ line: 1, fields: ['1', '2', ''] }, { line: 2, fields: ['3', '4', ''] }]);
  });

  it('reports an unclosed quote once, keeping the records before it', () => {
    expect(splitEverywhere('a,b\n"x,y\nz,w\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, problem: 'unreadable from here to the end of the file: a quoted field is not closed' },
    ]);
  });

  it('skips an over-long record and goes on; stops at an unfinished one that is over the limit', () => {
    const long = 'x'.repeat(60);
    expect(split(`a,b\n${long},1\nc,d\n`, [], ',', 50)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, problem: 'row longer than 50 characters' },
      { line: 3, fields: ['c', 'd'] },
    ]);
    const items = split(`a,b\n"${long}`, [10, 30, 50], ',', 50);
    expect(items).toEqual([{ line: 1, fields: ['a', 'b'] }, { line: 2, problem: 'unreadable from here to the end of the file: row longer than 50 characters (a quote not closed?)' }]);
  });

  it('refuses a quote or line break as the delimiter (a bug, not input)', () => {
    expect(() => new CsvRecordParser({ delimiter: '"', maxRecordChars: 10 })).toThrow(/delimiter/);
    expect(() => new CsvRecordParser({ delimiter: ',,', maxRecordChars: 10 })).toThrow(/delimiter/);
  });

  it('agrees with csv-parse on random exports, cut into random pieces', () => {
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = ['a', 'Z', ' ', ',', ';', '"', '""', '\r\n', '\n', 'é', '見', '😀', '0'];
    for (let round = 0; round < 300; round++) {
      const rows: string[] = [];
      for (let r = 0; r < 1 + random(6); r++) {
        const fields: string[] = [];
        for (let f = 0; f < 1 + random(5); f++) {
          let value = '';
          for (let k = random(8); k > 0; k--) value += alphabet[random(alphabet.length)];
          fields.push(random(4) === 0 && !/[",\r\n]/.test(value) ? value : `"${value.replace(/"/g, '""')}"`);
        }
        rows.push(fields.join(','));
      }
      const eol = random(2) ? '\r\n' : '\n';
      const text = rows.join(eol) + (random(2) ? eol : '');
      const expected = parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
      const pieces = [random(text.length + 1), random(text.length + 1)].sort((a, b) => a - b);
      const ours = split(text, pieces);
      expect(ours.map((r) => ('fields' in r ? r.fields : r.problem)), JSON.stringify(text)).toEqual(expected);
    }
  });
});
