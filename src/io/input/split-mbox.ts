/**
 * mbox splitting (RFC 4155): messages start at `From ` lines at the start of the file or after
 * an empty line; `>From ` quoting (mboxrd and mboxo) is undone in each message. Files are read
 * in chunks, so memory stays flat whatever the size of the mbox.
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { MAX_MBOX_MESSAGES } from '../../core/limits.js';

/** Whether a file's first bytes look like an mbox ("From " then a sender and a date). */
export function looksLikeMbox(head: Buffer): boolean {
  if (head.length < 5 || head.toString('latin1', 0, 5) !== 'From ') return false;
  const firstLine = head.toString('latin1', 0, Math.min(head.length, 512)).split(/\r?\n/)[0] ?? '';
  // "From sender@example.com Sat Oct  4 08:00:09 2025": a header "From: x" has a colon instead.
  return /^From \S+\s+\S/.test(firstLine);
}

const SEPARATOR = /^From \S+/;
/**
 * A complete RFC 4155 envelope line ("From sender asctime-date"). Some writers start the next
 * message without the blank line before it; a line of exactly this shape separates anyway.
 */
const ENVELOPE_LINE = /^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} \d{2}:\d{2}(?::\d{2})? (?:[A-Z]{3,5} )?\d{4}\s*$/;
const CHUNK_BYTES = 1024 * 1024;

function finish(lines: string[]): Buffer {
  // The blank line before the next separator belongs to the mbox, not the message.
  while (lines.length > 0 && (lines[lines.length - 1] === '' || lines[lines.length - 1] === '\r')) lines.pop();
  return Buffer.from(lines.map((l) => (/^>+From /.test(l) ? l.slice(1) : l)).join('\n'), 'latin1');
}

/** Yields the messages of an mbox held in a chunk source, one at a time. */
function* splitChunks(readChunk: () => string | null): Generator<Buffer> {
  let carry = '';
  let current: string[] | null = null;
  let previousBlank = true;
  let count = 0;
  for (;;) {
    const chunk = readChunk();
    const text = carry + (chunk ?? '');
    const lines = text.split('\n');
    carry = chunk === null ? '' : (lines.pop() ?? '');
    for (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if ((previousBlank && SEPARATOR.test(line)) || ENVELOPE_LINE.test(line)) {
        if (current) {
          const message = finish(current);
          if (message.length > 0) {
            yield message;
            if (++count >= MAX_MBOX_MESSAGES) return;
          }
        }
        current = [];
      } else if (current) {
        current.push(raw);
      }
      previousBlank = line === '';
    }
    if (chunk === null) break;
  }
  if (current) {
    const message = finish(current);
    if (message.length > 0) yield message;
  }
}

/** Splits an mbox already in memory. */
export function splitMbox(content: Buffer): Buffer[] {
  let done = false;
  return [...splitChunks(() => {
    if (done) return null;
    done = true;
    return content.toString('latin1');
  })];
}

/** Streams the messages of an mbox file. */
export function* readMboxFile(path: string): Generator<Buffer> {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(CHUNK_BYTES);
  try {
    yield* splitChunks(() => {
      const n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      return n === 0 ? null : buffer.toString('latin1', 0, n);
    });
  } finally {
    closeSync(fd);
  }
}
