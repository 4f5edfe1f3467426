/**
 * Finding columns by name across exports that spell them differently (`SenderAddress`,
 * `sender_address`, `Sender`), and turning cells (CSV text, JSON values) into clean text.
 * @module
 */
import { MAX_TRACE_FIELD_CHARS } from '../../core/limits.js';
import type { RawRow } from './read-trace-rows.js';

/** `Origin_Timestamp (UTC)` -> `origintimestamputc`: case, spaces and punctuation do not matter. */
export function normalizeColumnName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Reads one column of a row; `undefined` when the header has none of the names. */
export type CellReader = (row: RawRow) => string;

const NO_CELL: CellReader = () => '';

/**
 * Index of the first column whose normalised name equals one of `names`, or starts with one
 * ending in `*` (`origintimestamp*` covers `origin_timestamp_utc`).
 */
export function findColumn(header: readonly string[], ...names: string[]): number {
  const normalized = header.map(normalizeColumnName);
  for (const name of names) {
    const index = name.endsWith('*') ? normalized.findIndex((n) => n.startsWith(name.slice(0, -1))) : normalized.indexOf(name);
    if (index >= 0) return index;
  }
  return -1;
}

export function hasColumns(columns: ReadonlySet<string>, ...names: string[]): boolean {
  return names.every((name) => (name.endsWith('*') ? [...columns].some((c) => c.startsWith(name.slice(0, -1))) : columns.has(name)));
}

/** Text of one cell: numbers as digits, arrays joined with `;`, null and objects as empty. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.length > MAX_TRACE_FIELD_CHARS ? value.slice(0, MAX_TRACE_FIELD_CHARS) : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(cellText).filter(Boolean).join(';');
  return '';
}

export function cellReader(header: readonly string[], ...names: string[]): CellReader {
  const index = findColumn(header, ...names);
  if (index < 0) return NO_CELL;
  return (row) => cellText(row.values[index]);
}

/**
 * Export-Csv writes a multi-valued property as its type name (`System.String[]`): the values
 * are lost, and the row says so rather than storing the type name as an address.
 */
export function isLostArray(text: string): boolean {
  return text.startsWith('System.') && /^System\.[A-Za-z.]+\[\]$/.test(text);
}

/** Splits a multi-valued cell: `;` (Exchange's own joiner) or `,` between addresses. */
export function splitValues(text: string): string[] {
  if (text.indexOf(';') < 0 && text.indexOf(',') < 0) {
    const value = text.trim();
    return value === '' ? [] : [value];
  }
  return text.split(/[;,]/).map((v) => v.trim()).filter(Boolean);
}

export function optional(text: string): string | undefined {
  return text === '' ? undefined : text;
}

const DIGITS = /^\d{1,15}$/;

/** A byte count as exported (`45678`, `45,678`, `45678 bytes`); undefined when not a number. */
export function parseSize(text: string): number | undefined {
  if (DIGITS.test(text)) return Number(text);
  const digits = text.replace(/[\s,.]|bytes?$/gi, '');
  if (!/^\d{1,15}$/.test(digits)) return undefined;
  return Number(digits);
}
