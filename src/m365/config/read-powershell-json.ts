/**
 * Reads what `Get-X | ConvertTo-Json -Depth 10 > file` writes: UTF-16LE with a BOM (Windows
 * PowerShell 5.1 `>` / Out-File), UTF-8 with or without a BOM (PowerShell 7, or 5.1 with
 * `-Encoding UTF8`); one object `{...}` or an array `[...]` (exchange-online-cmdlets.md,
 * "PowerShell file formats"). Untrusted input: every problem is a value, never an exception.
 * @module
 */
import { MAX_M365_EXPORT_BYTES, MAX_M365_EXPORT_OBJECTS } from '../../core/limits.js';

export type ExportObject = Record<string, unknown>;

export type ReadExportResult = { ok: true; objects: ExportObject[] } | { ok: false; problem: string };

/** The text of an export, by its byte-order mark (UTF-16BE too, for completeness). */
export function decodeExport(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  // No BOM but every other byte zero: UTF-16LE written without one.
  if (bytes.length >= 4 && bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0) return new TextDecoder('utf-16le').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

function isObject(value: unknown): value is ExportObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readPowershellJson(bytes: Uint8Array): ReadExportResult {
  if (bytes.length > MAX_M365_EXPORT_BYTES) return { ok: false, problem: `larger than ${MAX_M365_EXPORT_BYTES} bytes` };
  const text = decodeExport(bytes).trim();
  // A cmdlet that returns nothing (no blocked senders, no rules) makes ConvertTo-Json write nothing.
  if (text === '') return { ok: true, objects: [] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not JSON (${(error as Error).message})` };
  }
  const items = Array.isArray(data) ? data : [data];
  if (items.length > MAX_M365_EXPORT_OBJECTS) return { ok: false, problem: `more than ${MAX_M365_EXPORT_OBJECTS} objects` };
  const objects = items.filter(isObject);
  if (objects.length < items.length) return { ok: false, problem: 'it holds values that are not objects' };
  return { ok: true, objects };
}
