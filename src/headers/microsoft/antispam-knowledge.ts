/**
 * Typed access to kb/microsoft-antispam.json: field and value meanings of the Microsoft 365
 * stamps, the SCL/BCL/PCL tables and the compauth reason codes.
 * @module
 */
import data from '../kb/microsoft-antispam.json' with { type: 'json' };
import type { DecodedField, LevelMeaning } from '../types.js';

export interface FieldDefinition {
  field: string;
  name: string;
  values: { value: string; meaning: string }[];
}

interface LevelRange {
  min: number;
  max: number;
  meaning: string;
  folder: string | null;
}

export interface StampDefinition {
  header: string;
  label: string;
  meaning: string;
  values: { value: string; meaning: string }[];
}

export const FOREFRONT_FIELDS: readonly FieldDefinition[] = data.forefrontFields;
export const MAILBOX_DELIVERY_FIELDS: readonly FieldDefinition[] = data.mailboxDelivery;
export const EXCHANGE_STAMPS: readonly StampDefinition[] = data.stamps;
export const BCL_THRESHOLDS = data.bclThresholds;

const LEVELS: Record<'scl' | 'bcl' | 'pcl', readonly LevelRange[]> = { scl: data.scl, bcl: data.bcl, pcl: data.pcl };

/** Splits `KEY:value;KEY:value;` (the first `:` separates, so IPv6 values stay whole). */
export function splitStampPairs(value: string): { key: string; value: string }[] {
  const pairs: { key: string; value: string }[] = [];
  for (const part of value.split(';')) {
    const text = part.trim();
    if (!text) continue;
    const colon = text.indexOf(':');
    if (colon < 0) pairs.push({ key: text, value: '' });
    else pairs.push({ key: text.slice(0, colon).trim(), value: text.slice(colon + 1).trim() });
  }
  return pairs;
}

/** Decodes stamp pairs with a field table; unknown fields and values are kept raw with no meaning. */
export function decodeStampPairs(value: string, definitions: readonly FieldDefinition[], levelField?: { field: string; level: 'scl' | 'bcl' | 'pcl' }[]): DecodedField[] {
  return splitStampPairs(value).map(({ key, value: raw }) => {
    const def = definitions.find((d) => d.field.toLowerCase() === key.toLowerCase());
    const level = levelField?.find((l) => l.field.toLowerCase() === key.toLowerCase());
    let meaning: string | null = def?.values.find((v) => v.value.toLowerCase() === raw.toLowerCase())?.meaning ?? null;
    if (level) meaning = levelMeaning(level.level, raw, key)?.meaning ?? null;
    return { field: key, raw, name: def?.name ?? null, meaning, known: Boolean(def) };
  });
}

/** The meaning of an SCL, BCL or PCL value, or null when the value is not a level. */
export function levelMeaning(level: 'scl' | 'bcl' | 'pcl', raw: string, header: string): LevelMeaning | null {
  const text = raw.trim();
  if (!/^-?\d{1,2}$/.test(text)) return null;
  const value = Number(text);
  const range = LEVELS[level].find((r) => value >= r.min && value <= r.max);
  if (!range) return { value, raw, header, meaning: `outside the documented ${level.toUpperCase()} range`, folder: null };
  return { value, raw, header, meaning: range.meaning, folder: range.folder };
}

export function compauthResultMeaning(result: string): string | null {
  return data.compauthResults.find((r) => r.value === result.toLowerCase())?.meaning ?? null;
}

/** Reason code meaning: an exact code first, then its hundreds range (`1xx`), in file order. */
export function compauthReasonMeaning(reason: string | null): string | null {
  if (!reason || !/^\d{3}$/.test(reason)) return null;
  const exact = data.compauthReasons.find((r) => r.match === reason);
  if (exact) return exact.meaning;
  return data.compauthReasons.find((r) => r.match === `${reason[0]}xx`)?.meaning ?? null;
}
