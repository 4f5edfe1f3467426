/**
 * Header block parsing (RFC 5322 section 2.2): field lines, folding, and the parameters of
 * structured fields such as Content-Type (RFC 2045 section 5.1, RFC 2231 continuations).
 * @module
 */
import { MAX_HEADER_FIELDS } from '../core/limits.js';
import { decodeBytes } from './charset.js';
import { decodeHeaderValue } from './decode-words.js';

/** One header field; `name` is lower-case, `value` unfolded but not decoded (binary string). */
export interface HeaderField {
  name: string;
  value: string;
}

const FIELD_LINE = /^([\x21-\x39\x3b-\x7e]{1,76})[ \t]*:/;

/** Whether a line looks like the start of a header field (`Name:` with no spaces in the name). */
export function isFieldLine(line: string): boolean {
  return FIELD_LINE.test(line);
}

/** Splits an LF-terminated header block into fields, unfolding continuation lines. */
export function parseHeaderBlock(block: string): HeaderField[] {
  const fields: HeaderField[] = [];
  let current: HeaderField | null = null;
  for (const line of block.split('\n')) {
    if (line === '') continue;
    const first = line.charCodeAt(0);
    if ((first === 0x20 || first === 0x09) && current) {
      current.value += ' ' + line.trim();
      continue;
    }
    const m = FIELD_LINE.exec(line);
    if (!m || !m[1]) {
      // Not a field and not a continuation: real mail has such lines (mbox "From " lines,
      // broken software); fold them into the previous field rather than lose the block.
      if (current) current.value += ' ' + line.trim();
      continue;
    }
    if (fields.length >= MAX_HEADER_FIELDS) break;
    current = { name: m[1].toLowerCase(), value: line.slice(m[0].length).trim() };
    fields.push(current);
  }
  return fields;
}

/** The first raw value of a field, or null. */
export function rawHeader(fields: readonly HeaderField[], name: string): string | null {
  for (const field of fields) if (field.name === name) return field.value;
  return null;
}

/** The first value of a field, RFC 2047-decoded, or null. */
export function header(fields: readonly HeaderField[], name: string): string | null {
  const raw = rawHeader(fields, name);
  return raw === null ? null : decodeHeaderValue(raw);
}

/** All raw values of a field, in order. */
export function rawHeaders(fields: readonly HeaderField[], name: string): string[] {
  const values: string[] = [];
  for (const field of fields) if (field.name === name) values.push(field.value);
  return values;
}

export interface StructuredValue {
  value: string;
  params: Record<string, string>;
}

/** Parses `type/subtype; a=b; c="d"` (RFC 2045 section 5.1) with RFC 2231 continuations. */
export function parseStructuredValue(raw: string | null): StructuredValue {
  if (!raw) return { value: '', params: {} };
  const params: Record<string, string> = {};
  const continued: Record<string, string[]> = {};
  let i = raw.indexOf(';');
  let head = i < 0 ? raw : raw.slice(0, i);
  // A `;` forgotten before the first parameter (`text/plain charset="iso-2022-jp"`): the value is
  // one token, so it ends at the space.
  const gap = /^(\s*[^\s;=]+)\s+[A-Za-z][A-Za-z0-9-]*\s*=/.exec(head);
  if (gap?.[1]) {
    head = gap[1];
    i = gap[1].length;
  }
  const value = head.trim().toLowerCase();
  while (i >= 0 && i < raw.length) {
    i++;
    while (i < raw.length && /[\s;]/.test(raw[i] ?? '')) i++;
    const eq = raw.indexOf('=', i);
    if (eq < 0) break;
    const name = raw.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    while (raw[j] === ' ' || raw[j] === '\t') j++;
    let paramValue = '';
    if (raw[j] === '"') {
      j++;
      while (j < raw.length && raw[j] !== '"') {
        if (raw[j] === '\\' && j + 1 < raw.length) j++;
        paramValue += raw[j];
        j++;
      }
      j++;
    } else {
      const end = raw.indexOf(';', j);
      paramValue = (end < 0 ? raw.slice(j) : raw.slice(j, end)).trim();
      j = end < 0 ? raw.length : end;
    }
    const cont = /^(.*?)\*(\d+)\*?$/.exec(name);
    if (cont?.[1] !== undefined && cont[2] !== undefined) {
      (continued[cont[1]] ??= [])[Number(cont[2])] = paramValue;
    } else if (name.endsWith('*')) {
      params[name.slice(0, -1)] = decodeRfc2231(paramValue);
    } else if (name && !(name in params)) {
      params[name] = paramValue;
    }
    i = raw.indexOf(';', j);
  }
  for (const [name, pieces] of Object.entries(continued)) {
    if (!(name in params)) params[name] = decodeRfc2231(pieces.join(''));
  }
  return { value, params };
}

/** Decodes `charset'lang'%XX` values (RFC 2231 section 4); plain values pass through. */
function decodeRfc2231(value: string): string {
  const m = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (!m) return value;
  const bytes = (m[2] ?? '').replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return decodeBytes(Buffer.from(bytes, 'latin1'), m[1] || null);
}
