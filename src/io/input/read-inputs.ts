/**
 * Turns command-line operands into messages: files, directories (walked recursively, maildir
 * style, in name order), mbox files (split into `path#N`, N from 1) and `-` for standard input.
 * Missing or unreadable operands are usage errors, raised before any output.
 * @module
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ToolkitError } from '../../core/errors.js';
import { MAX_INPUT_FILES, MAX_MESSAGE_BYTES } from '../../core/limits.js';
import { looksLikeMbox, readMboxFile, splitMbox } from './split-mbox.js';

export interface InputMessage {
  /** The path as given, `path#N` inside an mbox, `-` for standard input. */
  file: string;
  bytes: Buffer;
  /** Set when the input has no message at all (empty or too short to be mail). */
  empty?: string;
}

/** Smallest input that can hold a message; shorter files get a note instead of an analysis. */
const MIN_MESSAGE_BYTES = 8;

/** Checks every operand exists before anything is read, so errors come before output. */
export function checkOperands(operands: readonly string[]): void {
  for (const operand of operands) {
    if (operand === '-') continue;
    try {
      statSync(operand);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ToolkitError(code === 'ENOENT' ? 'input-missing' : 'input-unreadable', `${operand}: ${code === 'ENOENT' ? 'no such file or directory' : 'cannot be read'}`);
    }
  }
}

function listFiles(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    throw new ToolkitError('input-unreadable', `${dir}: directory cannot be read`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (out.length >= MAX_INPUT_FILES) return;
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(path, out);
    else if (entry.isFile()) out.push(path);
  }
}

function readHead(path: string, size: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(size);
    const n = readSync(fd, buffer, 0, size, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function* messagesOfFile(path: string, display: string): Generator<InputMessage> {
  let bytes: Buffer;
  try {
    const size = statSync(path).size;
    const head = readHead(path, 512);
    if (size > 0 && looksLikeMbox(head)) {
      // An mbox is streamed message by message, so its size does not matter.
      let n = 0;
      let first: Buffer | null = null;
      for (const message of readMboxFile(path)) {
        n++;
        if (n === 1) {
          first = message;
          continue;
        }
        if (n === 2 && first) yield { file: `${display}#1`, bytes: first };
        yield { file: `${display}#${n}`, bytes: message };
      }
      if (n === 1 && first) yield* messagesOfBytes(first, display);
      if (n > 0) return;
    }
    // Messages are capped at MAX_MESSAGE_BYTES (one byte more, so the cut is noticed).
    bytes = size > MAX_MESSAGE_BYTES ? readHead(path, MAX_MESSAGE_BYTES + 1) : readFileSync(path);
  } catch (error) {
    if (error instanceof ToolkitError) throw error;
    throw new ToolkitError('input-unreadable', `${display}: cannot be read`);
  }
  yield* messagesOfBytes(bytes, display);
}

export function* messagesOfBytes(bytes: Buffer, display: string): Generator<InputMessage> {
  if (bytes.length < MIN_MESSAGE_BYTES || bytes.toString('latin1').trim() === '') {
    yield { file: display, bytes, empty: bytes.length === 0 ? 'the input is empty' : `the input has only ${bytes.length} byte(s): no message` };
    return;
  }
  if (looksLikeMbox(bytes.subarray(0, 512))) {
    const messages = splitMbox(bytes);
    if (messages.length > 1) {
      let n = 0;
      for (const message of messages) {
        n++;
        yield { file: `${display}#${n}`, bytes: message };
      }
      return;
    }
  }
  yield { file: display, bytes };
}

/** How many files the operands name (directories walked), for a progress bar. */
export function countInputFiles(operands: readonly string[]): number {
  let total = 0;
  for (const operand of operands) {
    if (operand === '-') {
      total++;
      continue;
    }
    try {
      if (statSync(operand).isDirectory()) {
        const files: string[] = [];
        listFiles(operand, files);
        total += files.length;
      } else total++;
    } catch {
      total++;
    }
  }
  return total;
}

/** Yields every message of the operands in order. */
export function* readInputs(operands: readonly string[], readStdin: () => Buffer): Generator<InputMessage> {
  for (const operand of operands) {
    if (operand === '-') {
      yield* messagesOfBytes(readStdin(), '-');
      continue;
    }
    let isDirectory = false;
    try {
      isDirectory = statSync(operand).isDirectory();
    } catch {
      throw new ToolkitError('input-missing', `${operand}: no such file or directory`);
    }
    if (isDirectory) {
      const files: string[] = [];
      listFiles(operand, files);
      for (const file of files) yield* messagesOfFile(file, file);
    } else {
      yield* messagesOfFile(operand, operand);
    }
  }
}
