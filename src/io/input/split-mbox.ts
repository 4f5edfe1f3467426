/**
 * mbox splitting (RFC 4155): messages start at `From ` lines at the start of the file or after
 * an empty line; `>From ` quoting (mboxrd and mboxo) is undone in each message.
 * @module
 */
import { MAX_MBOX_MESSAGES } from '../../core/limits.js';

/** Whether a file's first bytes look like an mbox ("From " then a sender and a date). */
export function looksLikeMbox(head: Buffer): boolean {
  if (head.length < 5 || head.toString('latin1', 0, 5) !== 'From ') return false;
  const firstLine = head.toString('latin1', 0, Math.min(head.length, 512)).split(/\r?\n/)[0] ?? '';
  // "From sender@example.com Sat Oct  4 08:00:09 2025": a header "From: x" has a colon instead.
  return /^From \S+\s+\S/.test(firstLine);
}

const SEPARATOR = /^From \S+.*$/;

/** Splits an mbox into messages (as binary strings, one char per byte), each without its separator line. */
export function splitMbox(content: Buffer): Buffer[] {
  const text = content.toString('latin1');
  const messages: Buffer[] = [];
  let start = -1;
  let pos = 0;
  let previousBlank = true;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end).replace(/\r$/, '');
    if (previousBlank && SEPARATOR.test(line)) {
      if (start >= 0) messages.push(finish(text.slice(start, pos)));
      if (messages.length >= MAX_MBOX_MESSAGES) return messages;
      start = end + 1;
    }
    previousBlank = line === '';
    pos = end + 1;
  }
  if (start >= 0 && start < text.length) messages.push(finish(text.slice(start)));
  return messages.filter((m) => m.length > 0);
}

function finish(message: string): Buffer {
  // The blank line before the next separator belongs to the mbox, not the message.
  const trimmed = message.replace(/\r?\n$/, '');
  return Buffer.from(trimmed.replace(/^>(>*From )/gm, '$1'), 'latin1');
}
