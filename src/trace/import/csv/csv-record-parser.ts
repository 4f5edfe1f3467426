/**
 * Splits CSV text into records as it streams past, written for the speed `trace import` needs
 * (issue 7: a million-row export in seconds; csv-parse alone read about 71,000 rows/s here).
 * It follows RFC 4180 section 2 (fields in double quotes may hold the delimiter, line breaks and
 * doubled quotes) with the leniencies real exports need, the same as the csv-parse options the
 * importer used before (`relax_quotes`, `relax_column_count`, `skip_empty_lines`):
 * - records end at CRLF, LF or a lone CR; empty lines are skipped (and counted);
 * - a quote inside an unquoted field is kept as text (`a"b`); text after a closing quote keeps
 *   the whole field as written (`"a"b` -> `"a"b`), as csv-parse does with relax_quotes;
 * - records may have any number of fields.
 * Each record carries the line it starts on, counting line breaks inside quoted fields (CRLF
 * once), so that a skipped row is reported at the line an editor shows. A record longer than
 * `maxRecordChars` is reported and skipped; a quote left open up to that length or to the end
 * of the input makes the rest unreadable, which is reported once, after which nothing more is
 * returned (the records before it stand).
 * Hot path: quoted fields are found with indexOf, not a character loop; line breaks inside a
 * quoted field are looked for only when the next line break of the text falls inside it.
 * @see https://www.rfc-editor.org/rfc/rfc4180#section-2
 * @module
 */

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

export interface CsvRecordProblem {
  line: number;
  problem: string;
}

export interface CsvRecordParserOptions {
  /** One character: `,`, `;` or a tab. */
  delimiter: string;
  /** Longest record, in characters (line breaks and quotes included). */
  maxRecordChars: number;
  /** Line number of the first line of the text (default 1). */
  firstLine?: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Line breaks (CRLF, LF or CR, each counted once) between two offsets. */
function countBreaks(text: string, from: number, to: number): number {
  let breaks = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) breaks++;
    else if (c === CR) {
      breaks++;
      if (text.charCodeAt(i + 1) === LF) i++;
    }
  }
  return breaks;
}

/** Offset of the next delimiter or line break at or after `from`, or the text's length. */
function endOfUnquoted(text: string, from: number, delimiter: number): number {
  const length = text.length;
  let i = from;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === delimiter || c === LF || c === CR) return i;
    i++;
  }
  return length;
}

export class CsvRecordParser {
  private pending = '';
  private line: number;
  private stopped = false;
  private readonly delimiter: number;
  private readonly maxRecordChars: number;

  constructor(options: CsvRecordParserOptions) {
    if (options.delimiter.length !== 1 || options.delimiter === '"' || options.delimiter === '\n' || options.delimiter === '\r') {
      throw new Error(`CSV delimiter must be one character other than a quote or line break, not ${JSON.stringify(options.delimiter)}`);
    }
    this.delimiter = options.delimiter.charCodeAt(0);
    this.maxRecordChars = options.maxRecordChars;
    this.line = options.firstLine ?? 1;
  }

  /** Takes the next piece of text; returns the records (and problems) it completes. */
  push(text: string): Array<CsvRecord | CsvRecordProblem> {
    const input = this.pending === '' ? text : this.pending + text;
    this.pending = '';
    return this.split(input, false);
  }

  /** Ends the input: returns the last record if it has no line break, or the unclosed quote. */
  end(): Array<CsvRecord | CsvRecordProblem> {
    const input = this.pending;
    this.pending = '';
    return this.split(input, true);
  }

  private stop(out: Array<CsvRecord | CsvRecordProblem>, problem: string): void {
    out.push({ line: this.line, problem: `unreadable from here to the end of the file: ${problem}` });
    this.stopped = true;
  }

  private split(text: string, final: boolean): Array<CsvRecord | CsvRecordProblem> {
    const out: Array<CsvRecord | CsvRecordProblem> = [];
    if (this.stopped) return out;
    const length = text.length;
    const delimiter = this.delimiter;
    let pos = 0;
    // Offsets of the next LF and CR at or after the current field (found lazily, reused;
    // `>>> 0` turns "none" into a number past any offset).
    let nextLf = -1;
    let nextCr = -1;
    let unfinished = -1;
    // A record ends inside the loop with `break`; `break records` leaves it unfinished.
    records: while (pos < length) {
      const start = pos;
      const first = text.charCodeAt(pos);
      if (first === LF || first === CR) {
        // An empty line: skipped, counted.
        if (first === CR && pos + 1 >= length && !final) {
          unfinished = start;
          break;
        }
        pos += first === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
        this.line++;
        continue;
      }
      const fields: string[] = [];
      let breaks = 0;
      for (;;) {
        if (pos >= length) {
          // The text ends right after a delimiter.
          if (!final) {
            unfinished = start;
            break records;
          }
          fields.push('');
          break;
        }
        let value: string;
        let end: number;
        if (text.charCodeAt(pos) === QUOTE) {
          let segment = pos + 1;
          let parts: string[] | null = null;
          let close = text.indexOf('"', segment);
          while (close >= 0 && close + 1 < length && text.charCodeAt(close + 1) === QUOTE) {
            (parts ??= []).push(text.slice(segment, close + 1));
            segment = close + 2;
            close = text.indexOf('"', segment);
          }
          if (close < 0 || (close + 1 >= length && !final)) {
            if (!final) {
              unfinished = start;
              break records;
            }
            this.stop(out, 'a quoted field is not closed');
            return out;
          }
          value = parts === null ? text.slice(segment, close) : parts.join('') + text.slice(segment, close);
          if (nextLf < pos) nextLf = text.indexOf('\n', pos) >>> 0;
          if (nextCr < pos) nextCr = text.indexOf('\r', pos) >>> 0;
          if (nextLf < close || nextCr < close) breaks += countBreaks(text, pos + 1, close);
          end = close + 1;
          const next = end < length ? text.charCodeAt(end) : delimiter;
          if (next !== delimiter && next !== LF && next !== CR) {
            // Text after the closing quote: the field is kept as written.
            end = endOfUnquoted(text, end, delimiter);
            if (end >= length && !final) {
              unfinished = start;
              break records;
            }
            value = text.slice(pos, end);
          }
        } else {
          end = endOfUnquoted(text, pos, delimiter);
          if (end >= length && !final) {
            unfinished = start;
            break records;
          }
          value = text.slice(pos, end);
        }
        fields.push(value);
        pos = end;
        if (pos >= length) break;
        const c = text.charCodeAt(pos);
        if (c === delimiter) {
          pos++;
          continue;
        }
        if (c === CR) {
          if (pos + 1 >= length && !final) {
            unfinished = start;
            break records;
          }
          pos += text.charCodeAt(pos + 1) === LF ? 2 : 1;
        } else pos++;
        break;
      }
      if (pos - start > this.maxRecordChars) out.push({ line: this.line, problem: `row longer than ${this.maxRecordChars} characters` });
      else out.push({ line: this.line, fields });
      this.line += 1 + breaks;
    }
    return unfinished < 0 ? out : this.keep(out, text, unfinished);
  }

  /** Keeps an unfinished record for the next push, unless it is already too long. */
  private keep(out: Array<CsvRecord | CsvRecordProblem>, text: string, from: number): Array<CsvRecord | CsvRecordProblem> {
    if (text.length - from > this.maxRecordChars) this.stop(out, `row longer than ${this.maxRecordChars} characters (a quote not closed?)`);
    else this.pending = text.slice(from);
    return out;
  }
}
