/**
 * DKIM-style tag lists (RFC 6376 section 3.2: `tag=value; tag=value`), shared by
 * DKIM-Signature, ARC-Seal and ARC-Message-Signature. Whitespace inside values is folding
 * and is removed (it never belongs to a base64 or `h=` value).
 * @module
 */
import { MAX_HEADER_VALUE_CHARS } from '../core/limits.js';

/** Tag names lower-case; the first occurrence of a tag wins (RFC 6376 makes duplicates an error). */
export function parseTagList(value: string): Record<string, string> {
  const tags: Record<string, string> = {};
  const text = value.length > MAX_HEADER_VALUE_CHARS ? value.slice(0, MAX_HEADER_VALUE_CHARS) : value;
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const tag = part.slice(0, eq).trim().toLowerCase();
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(tag) || Object.hasOwn(tags, tag)) continue;
    tags[tag] = part.slice(eq + 1).replace(/\s+/g, '');
  }
  return tags;
}

/** A tag as a whole number, or null. */
export function numericTag(tags: Record<string, string>, tag: string): number | null {
  const value = tags[tag];
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : null;
}

/** A header list (`h=from:to:subject`), lower-case. */
export function headerListTag(tags: Record<string, string>, tag: string): string[] {
  const value = tags[tag];
  return value ? value.split(':').map((h) => h.trim().toLowerCase()).filter(Boolean) : [];
}
