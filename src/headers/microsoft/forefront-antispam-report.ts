/**
 * X-Forefront-Antispam-Report: Microsoft 365's anti-spam stamp, `KEY:value;` fields (CIP,
 * CTRY, LANG, SCL, SRV, IPV, SFV, H, PTR, CAT, SFTY, DIR, SFP, ...), each decoded with its
 * meaning from kb/microsoft-antispam.json and its raw value; unknown fields are shown raw.
 * @module
 */
import type { DecodedField } from '../types.js';
import { decodeStampPairs, FOREFRONT_FIELDS } from './antispam-knowledge.js';

export function parseForefrontAntispamReport(value: string): DecodedField[] {
  return decodeStampPairs(value, FOREFRONT_FIELDS, [{ field: 'SCL', level: 'scl' }]);
}

/** The raw value of one field, or null. */
export function forefrontField(fields: readonly DecodedField[] | null, name: string): string | null {
  return fields?.find((f) => f.field.toUpperCase() === name)?.raw ?? null;
}
