/**
 * Reading one property of an exported object, whatever form ConvertTo-Json gave it: Booleans
 * as `true` or `"True"`, multi-valued properties as arrays or single strings, enums as names
 * (the Exchange Online V3 module, `-EnumsAsStrings`) or numbers (Windows PowerShell), and
 * `\/Date(ms)\/` or ISO 8601 dates. A value cut by ConvertTo-Json's depth limit (`@{...}`,
 * `System.Object[]`) and an enum written as a number become findings, not guesses
 * (exchange-online-cmdlets.md, "PowerShell file formats" and its parser checklist).
 * @module
 */
import { configFinding, type ConfigFinding, type ConfigSubject } from './config-findings.js';
import type { ExportObject } from './read-powershell-json.js';

/** Where the notes about odd values go. */
export interface ValueReader {
  subject: ConfigSubject;
  notes: ConfigFinding[];
}

const TRUNCATED = /^(?:@\{|System\.[A-Za-z.]+(?:\[\])?$|Microsoft\.Exchange\.[A-Za-z.]+(?:\[\])?$)/;

function isTruncated(value: unknown): value is string {
  return typeof value === 'string' && TRUNCATED.test(value);
}

function noteTruncated(reader: ValueReader, property: string, value: string): void {
  reader.notes.push(configFinding('m365.export-truncated', reader.subject, { file: reader.subject.file, property, object: reader.subject.identity ?? 'an object', value: value.slice(0, 60) }));
}

export function readText(obj: ExportObject, property: string): string | null {
  const value = obj[property];
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number') return String(value);
  return null;
}

/** true / false, also `"True"` / `"False"`; null when absent or null. */
export function readBool(obj: ExportObject, property: string): boolean | null {
  const value = obj[property];
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  return null;
}

export function readNumber(obj: ExportObject, property: string): number | null {
  const value = obj[property];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return null;
}

/** A multi-valued property as strings (empty when absent or cut by the depth limit). */
export function readList(obj: ExportObject, property: string): string[] {
  const value = obj[property];
  if (value === null || value === undefined) return [];
  // A depth-cut value was noted by noteTruncatedValues; it holds nothing to read.
  if (isTruncated(value)) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => {
    if (typeof item === 'string') return item.trim() === '' ? [] : [item.trim()];
    if (typeof item === 'number') return [String(item)];
    // Some multi-valued properties serialise as objects with a display form.
    if (item && typeof item === 'object') {
      const o = item as ExportObject;
      const text = readText(o, 'Name') ?? readText(o, 'Address') ?? readText(o, 'Domain') ?? readText(o, 'DisplayName');
      return text ? [text] : [];
    }
    return [];
  });
}

/**
 * An enum value by name. A number (Windows PowerShell's form) is noted and read as null: the
 * numeric values of Exchange's enums are not documented, so they are not guessed.
 */
export function readEnum<T extends string>(obj: ExportObject, property: string, names: readonly T[], reader: ValueReader): T | null {
  const value = obj[property];
  if (typeof value === 'number') {
    reader.notes.push(configFinding('m365.export-enum-number', reader.subject, { file: reader.subject.file, property, object: reader.subject.identity ?? 'an object', value }));
    return null;
  }
  if (typeof value !== 'string') return null;
  const found = names.find((n) => n.toLowerCase() === value.trim().toLowerCase());
  return found ?? null;
}

/** `\/Date(1731161998000)\/` (5.1, JSON.parse leaves `/Date(...)/`), with an optional offset, or ISO 8601. */
export function readDate(obj: ExportObject, property: string): string | null {
  const value = obj[property];
  if (typeof value !== 'string') return null;
  const ms = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(value.trim());
  const date = ms ? new Date(Number(ms[1])) : /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

/** Notes every top-level string value that shows a depth cut. */
export function noteTruncatedValues(obj: ExportObject, reader: ValueReader): void {
  for (const [property, value] of Object.entries(obj)) {
    if (isTruncated(value)) noteTruncated(reader, property, value);
  }
}
