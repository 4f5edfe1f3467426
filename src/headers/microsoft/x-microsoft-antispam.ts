/**
 * X-Microsoft-Antispam: `BCL:n;` (bulk complaint level) and, in older headers, `PCL:n;`; the
 * other fields (ARA, RULEID, ...) are internal and shown raw.
 * @module
 */
import type { DecodedField } from '../types.js';
import { decodeStampPairs, type FieldDefinition } from './antispam-knowledge.js';

const FIELDS: FieldDefinition[] = [
  { field: 'BCL', name: 'Bulk complaint level (see the BCL table)', values: [] },
  { field: 'PCL', name: 'Phishing confidence level (older headers)', values: [] },
];

export function parseXMicrosoftAntispam(value: string): DecodedField[] {
  return decodeStampPairs(value, FIELDS, [{ field: 'BCL', level: 'bcl' }, { field: 'PCL', level: 'pcl' }]);
}
