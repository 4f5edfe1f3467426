/**
 * Exchange's organisation and cross-tenant stamps: X-MS-Exchange-Organization-* (AuthAs,
 * AuthSource, Network-Message-Id, MessageDirectionality, SCL, ...), X-MS-Exchange-CrossTenant-*,
 * X-OriginatorOrg and a few more, each with its meaning when known and always its raw value.
 * @module
 */
import type { HeaderField } from '../../mime/header-lines.js';
import type { MicrosoftStamp } from '../types.js';
import { EXCHANGE_STAMPS } from './antispam-knowledge.js';

const STAMP_PREFIXES = ['x-ms-exchange-organization-', 'x-ms-exchange-crosstenant-'];
const OTHER_STAMPS = new Set(EXCHANGE_STAMPS.map((s) => s.header));

/** Every stamp in header order; a stamp repeated with the same value is shown once. */
export function readExchangeStamps(fields: readonly HeaderField[]): MicrosoftStamp[] {
  const stamps: MicrosoftStamp[] = [];
  const seen = new Set<string>();
  for (const field of fields) {
    if (!STAMP_PREFIXES.some((p) => field.name.startsWith(p)) && !OTHER_STAMPS.has(field.name)) continue;
    const key = `${field.name}\n${field.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const def = EXCHANGE_STAMPS.find((s) => s.header === field.name);
    const valueMeaning = def?.values.find((v) => v.value.toLowerCase() === field.value.trim().toLowerCase())?.meaning;
    stamps.push({ header: field.name, label: def?.label ?? null, raw: field.value, meaning: valueMeaning ?? def?.meaning ?? null });
  }
  return stamps;
}
