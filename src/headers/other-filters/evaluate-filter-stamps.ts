/**
 * Verdicts of spam filters other than Microsoft's, driven by kb/filter-stamps.json: which
 * headers belong to which filter and how each is read. The topmost stamp of each header is
 * used (the one nearest the recipient).
 * @module
 */
import type { HeaderField } from '../../mime/header-lines.js';
import data from '../kb/filter-stamps.json' with { type: 'json' };
import { headerFinding } from '../findings.js';
import type { FilterStamp, FilterVerdict, HeaderFinding } from '../types.js';
import { parseStampPairs } from './parse-stamp-pairs.js';
import { parseSpamAssassinStatus } from './spamassassin.js';

type StampFormat = 'spamassassin' | 'flag' | 'score' | 'pairs' | 'value';

interface FilterDefinition {
  id: string;
  vendor: string;
  prefixes: string[];
  headers: { header: string; format: string }[];
}

const FILTERS = data.filters as FilterDefinition[];

function formatOf(filter: FilterDefinition, name: string, value: string): StampFormat | null {
  const listed = filter.headers.find((h) => h.header === name);
  if (listed) return listed.format as StampFormat;
  if (filter.prefixes.some((p) => name.startsWith(p))) return value.includes('=') ? 'pairs' : 'value';
  return null;
}

export interface FilterEvaluation {
  filters: FilterVerdict[];
  findings: HeaderFinding[];
}

export function evaluateFilterStamps(fields: readonly HeaderField[]): FilterEvaluation {
  const filters: FilterVerdict[] = [];
  const findings: HeaderFinding[] = [];
  for (const filter of FILTERS) {
    const verdict: FilterVerdict = { filter: filter.id, vendor: filter.vendor, verdict: null, score: null, required: null, tests: [], stamps: [] };
    const seen = new Set<string>();
    for (const field of fields) {
      if (seen.has(field.name)) continue;
      const format = formatOf(filter, field.name, field.value);
      if (!format) continue;
      seen.add(field.name);
      const stamp: FilterStamp = { header: field.name, raw: field.value, pairs: [] };
      if (format === 'spamassassin') {
        const status = parseSpamAssassinStatus(field.value);
        stamp.pairs = status.pairs;
        verdict.verdict ??= status.verdict;
        verdict.score ??= status.score;
        verdict.required ??= status.required;
        if (verdict.tests.length === 0) verdict.tests = status.tests;
      } else if (format === 'flag') {
        const flag = field.value.trim().toLowerCase();
        if (flag === 'yes') verdict.verdict ??= 'spam';
        else if (flag === 'no') verdict.verdict ??= 'not-spam';
      } else if (format === 'score') {
        const m = /^\s*([-+]?\d+(?:\.\d+)?)/.exec(field.value);
        if (m) verdict.score ??= Number(m[1]);
      } else if (format === 'pairs') {
        stamp.pairs = parseStampPairs(field.value);
      }
      verdict.stamps.push(stamp);
    }
    if (verdict.stamps.length === 0) continue;
    filters.push(verdict);
    if (verdict.verdict === 'spam') {
      const detail = [
        verdict.score !== null ? `score ${verdict.score}` : null,
        verdict.required !== null ? `required ${verdict.required}` : null,
        verdict.tests.length > 0 ? `tests ${verdict.tests.slice(0, 12).join(', ')}${verdict.tests.length > 12 ? ', ...' : ''}` : null,
      ].filter(Boolean).join('; ') || 'flagged as spam';
      findings.push(headerFinding('filter.spam-verdict', { filter: filter.vendor, detail }));
    }
  }
  return { filters, findings };
}
