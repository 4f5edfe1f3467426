/**
 * Raw bytes to a MIME tree (RFC 2045, RFC 2046, RFC 5322), written for bounce analysis:
 * synchronous, bounded by the named limits, tolerant of every line-end convention (LF, CRLF,
 * bare CR), and never throwing on malformed input. A general mail-reading library merges the
 * returned original's text into the report's text and decodes every attachment; a bounce needs
 * the opposite, so this walker keeps each entity separate and decodes lazily.
 * @module
 */
import type { Finding } from '../core/finding.js';
import { MAX_HEADER_BYTES, MAX_MESSAGE_BYTES, MAX_MIME_DEPTH, MAX_MIME_PARTS, MAX_TEXT_PART_CHARS } from '../core/limits.js';
import { decodeBinaryString } from './charset.js';
import { type HeaderField, isFieldLine, parseHeaderBlock, parseStructuredValue, rawHeader } from './header-lines.js';
import { decodeTransferEncoding } from './transfer-encoding.js';

export interface MimeEntity {
  headers: HeaderField[];
  /** Lower-case media type; `text/plain` when absent (RFC 2045 section 5.2). */
  contentType: string;
  params: Record<string, string>;
  disposition: string | null;
  transferEncoding: string;
  /** Body as a binary string with LF line ends, transfer encoding not yet removed. */
  rawBody: string;
  /** Sub-parts of a multipart entity. */
  children: MimeEntity[];
  /** The parsed message of a message/rfc822 (or message/global) entity. */
  embedded: MimeEntity | null;
  depth: number;
}

export interface ParsedMessage {
  root: MimeEntity;
  /** False when the input had no header block at all (pasted text). */
  hasHeaders: boolean;
  /** Notes about the input: truncation, limits reached, missing structure. */
  notes: Finding[];
  size: number;
}

export interface ParseMessageOptions {
  maxBytes?: number;
}

interface WalkState {
  parts: number;
  notes: Finding[];
}

/** Converts any input to a binary string with LF line ends. */
function toBinaryLf(input: Uint8Array | string): string {
  const binary = typeof input === 'string' ? Buffer.from(input, 'utf8').toString('latin1') : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');
  return binary.includes('\r') ? binary.replace(/\r\n?/g, '\n') : binary;
}

/** Parses a message. Input strings are taken as Unicode text and handled as UTF-8 bytes. */
export function parseMessage(input: Uint8Array | string, options: ParseMessageOptions = {}): ParsedMessage {
  const notes: Finding[] = [];
  const maxBytes = options.maxBytes ?? MAX_MESSAGE_BYTES;
  let size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  let source = input;
  if (size > maxBytes) {
    notes.push({ code: 'input.truncated', severity: 'warning', message: `message is ${size} bytes; only the first ${maxBytes} bytes were analysed (MAX_MESSAGE_BYTES)` });
    source = typeof input === 'string' ? input.slice(0, maxBytes) : input.subarray(0, maxBytes);
  }
  let text = toBinaryLf(source);
  // An mbox "From " separator line may precede the headers of a single saved message.
  if (text.startsWith('From ')) text = text.slice(text.indexOf('\n') + 1);
  text = text.replace(/^\n+/, '');
  const hasHeaders = startsWithHeaders(text);
  const state: WalkState = { parts: 0, notes };
  const root = hasHeaders
    ? parseEntity(text, 0, state, 'text/plain')
    : bareTextEntity(text);
  size = Math.min(size, maxBytes);
  return { root, hasHeaders, notes, size };
}

/**
 * Whether the text begins with an RFC 5322 header block rather than pasted body text: the
 * first line is a field and a known message field appears in the block.
 */
function startsWithHeaders(text: string): boolean {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  if (!isFieldLine(firstLine)) return false;
  const end = text.indexOf('\n\n');
  const block = (end < 0 ? text : text.slice(0, end)).slice(0, 64 * 1024).toLowerCase();
  return /(?:^|\n)(?:from|to|subject|date|received|return-path|message-id|content-type|mime-version|delivered-to|x-[a-z0-9-]+|sender|reply-to|arc-seal|dkim-signature|authentication-results):/.test(block);
}

function bareTextEntity(text: string): MimeEntity {
  return { headers: [], contentType: 'text/plain', params: {}, disposition: null, transferEncoding: '8bit', rawBody: text, children: [], embedded: null, depth: 0 };
}

function parseEntity(text: string, depth: number, state: WalkState, defaultType: string): MimeEntity {
  state.parts++;
  let headerEnd: number;
  let bodyStart: number;
  if (text.startsWith('\n')) {
    headerEnd = 0;
    bodyStart = 1;
  } else {
    const blank = text.indexOf('\n\n');
    headerEnd = blank < 0 ? text.length : blank;
    bodyStart = blank < 0 ? text.length : blank + 2;
  }
  let headerBlock = text.slice(0, headerEnd);
  if (headerBlock.length > MAX_HEADER_BYTES) {
    state.notes.push({ code: 'input.header-too-large', severity: 'warning', message: `a header block of ${headerBlock.length} bytes was cut to ${MAX_HEADER_BYTES} (MAX_HEADER_BYTES)` });
    headerBlock = headerBlock.slice(0, MAX_HEADER_BYTES);
  }
  const headers = parseHeaderBlock(headerBlock);
  const ct = parseStructuredValue(rawHeader(headers, 'content-type'));
  let contentType = ct.value && ct.value.includes('/') ? ct.value : defaultType;
  const disposition = parseStructuredValue(rawHeader(headers, 'content-disposition')).value || null;
  const transferEncoding = (rawHeader(headers, 'content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  const entity: MimeEntity = {
    headers, contentType, params: ct.params, disposition, transferEncoding,
    rawBody: text.slice(bodyStart), children: [], embedded: null, depth,
  };
  if (contentType.startsWith('multipart/')) {
    const boundary = ct.params['boundary'];
    if (!boundary) {
      contentType = 'text/plain';
      entity.contentType = contentType;
    } else if (depth >= MAX_MIME_DEPTH) {
      noteOnce(state, 'input.mime-too-deep', `MIME nesting deeper than ${MAX_MIME_DEPTH} levels was not walked (MAX_MIME_DEPTH)`);
    } else {
      const childType = contentType === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
      for (const chunk of splitMultipart(entity.rawBody, boundary)) {
        if (state.parts >= MAX_MIME_PARTS) {
          noteOnce(state, 'input.too-many-parts', `only the first ${MAX_MIME_PARTS} MIME parts were walked (MAX_MIME_PARTS)`);
          break;
        }
        entity.children.push(parseEntity(chunk, depth + 1, state, childType));
      }
    }
  } else if (contentType === 'message/rfc822' || contentType === 'message/global') {
    if (depth >= MAX_MIME_DEPTH) {
      noteOnce(state, 'input.mime-too-deep', `MIME nesting deeper than ${MAX_MIME_DEPTH} levels was not walked (MAX_MIME_DEPTH)`);
    } else if (state.parts < MAX_MIME_PARTS) {
      const inner = decodeTransferEncoding(entity.rawBody, transferEncoding).replace(/^\n+/, '');
      entity.embedded = parseEntity(inner, depth + 1, state, 'text/plain');
    }
  }
  return entity;
}

function noteOnce(state: WalkState, code: string, message: string): void {
  if (!state.notes.some((n) => n.code === code)) state.notes.push({ code, severity: 'warning', message });
}

/** Splits a multipart body on its boundary (RFC 2046 section 5.1.1); the preamble is dropped. */
export function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = '--' + boundary;
  const chunks: string[] = [];
  let pos = body.startsWith(delimiter) ? 0 : body.indexOf('\n' + delimiter);
  if (pos < 0) return chunks;
  if (pos > 0 || !body.startsWith(delimiter)) pos += 1;
  while (pos >= 0 && pos < body.length) {
    const afterDelimiter = pos + delimiter.length;
    if (body.startsWith('--', afterDelimiter)) break;
    const lineEnd = body.indexOf('\n', afterDelimiter);
    if (lineEnd < 0) break;
    let next = body.indexOf('\n' + delimiter, lineEnd);
    // A delimiter must be followed by `--`, whitespace or the line end; anything else is text.
    while (next >= 0 && !/^(?:--|[ \t]*\n|[ \t]*$)/.test(body.slice(next + 1 + delimiter.length, next + 3 + delimiter.length + 1))) {
      next = body.indexOf('\n' + delimiter, next + 1);
    }
    if (next < 0) {
      chunks.push(body.slice(lineEnd + 1));
      break;
    }
    chunks.push(body.slice(lineEnd + 1, next));
    pos = next + 1;
  }
  return chunks;
}

/** Decoded text of a text-like entity, in its declared charset, cut at MAX_TEXT_PART_CHARS. */
export function entityText(entity: MimeEntity): string {
  let binary = decodeTransferEncoding(entity.rawBody, entity.transferEncoding);
  if (binary.length > MAX_TEXT_PART_CHARS) binary = binary.slice(0, MAX_TEXT_PART_CHARS);
  const text = decodeBinaryString(binary, entity.params['charset'] ?? null);
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Walks the tree depth first, not descending into embedded messages. */
export function* walkEntities(root: MimeEntity): Generator<MimeEntity> {
  const stack: MimeEntity[] = [root];
  while (stack.length > 0) {
    const entity = stack.pop() as MimeEntity;
    yield entity;
    for (let i = entity.children.length - 1; i >= 0; i--) stack.push(entity.children[i] as MimeEntity);
  }
}
