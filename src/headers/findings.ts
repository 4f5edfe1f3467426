/**
 * The header analysis's findings and notes, from kb/findings.json: code, severity, message
 * template, fix and reference. The file is validated once at load; an invalid entry is a
 * knowledge error that stops start-up (a programmer error, not an input problem).
 * @module
 */
import { ToolkitError } from '../core/errors.js';
import type { Severity } from '../core/finding.js';
import findingsData from './kb/findings.json' with { type: 'json' };
import type { HeaderFinding } from './types.js';

export const HEADER_FINDING_CODES = [
  'route.no-received', 'route.received-unparsed', 'route.date-missing', 'route.date-unparseable',
  'route.date-nonstandard', 'route.clock-skew', 'route.slow-hop', 'route.ptr-missing', 'route.ptr-mismatch',
  'route.tls-missing', 'route.tls-outdated',
  'auth.results-missing', 'auth.results-untrusted', 'auth.results-duplicated', 'auth.spf-fail',
  'auth.spf-softfail', 'auth.spf-error', 'auth.dkim-fail', 'auth.dkim-rsa-sha1', 'auth.dkim-from-not-signed',
  'auth.dmarc-fail', 'auth.dmarc-unaligned', 'auth.arc-broken',
  'microsoft.compauth-fail', 'microsoft.compauth-arc-override', 'microsoft.bulk', 'microsoft.filtering-skipped',
  'microsoft.sender-blocked', 'microsoft.threat-category',
  'filter.spam-verdict',
  'headers.returned-original', 'headers.attached-message', 'headers.pasted-block', 'headers.not-found',
  'headers.too-many-hops', 'headers.value-cut',
] as const;

export type HeaderFindingCode = (typeof HEADER_FINDING_CODES)[number];

export interface FindingDefinition {
  code: HeaderFindingCode;
  kind: 'finding' | 'note';
  severity: Severity;
  title: string;
  message: string;
  fix: string;
  ref: string;
  fixture: string | null;
}

const SEVERITIES: ReadonlySet<string> = new Set(['info', 'warning', 'error']);
const CODE_SET: ReadonlySet<string> = new Set(HEADER_FINDING_CODES);

function loadDefinitions(): Map<HeaderFindingCode, FindingDefinition> {
  const map = new Map<HeaderFindingCode, FindingDefinition>();
  for (const entry of (findingsData as { findings: FindingDefinition[] }).findings) {
    const where = `src/headers/kb/findings.json: ${entry.code}`;
    if (!CODE_SET.has(entry.code)) throw new ToolkitError('knowledge-invalid', `${where}: code is not in HEADER_FINDING_CODES`);
    if (map.has(entry.code)) throw new ToolkitError('knowledge-invalid', `${where}: duplicate code`);
    if (!SEVERITIES.has(entry.severity)) throw new ToolkitError('knowledge-invalid', `${where}: bad severity ${entry.severity}`);
    if (entry.kind !== 'finding' && entry.kind !== 'note') throw new ToolkitError('knowledge-invalid', `${where}: bad kind`);
    if (!entry.message || !entry.ref) throw new ToolkitError('knowledge-invalid', `${where}: message and ref are required`);
    map.set(entry.code, entry);
  }
  for (const code of HEADER_FINDING_CODES) {
    if (!map.has(code)) throw new ToolkitError('knowledge-invalid', `src/headers/kb/findings.json: no entry for ${code}`);
  }
  return map;
}

const DEFINITIONS = loadDefinitions();

/** Every definition, in file order. */
export function findingDefinitions(): FindingDefinition[] {
  return [...DEFINITIONS.values()];
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '?';
  if (Array.isArray(value)) return value.map(show).join(', ');
  return String(value);
}

/** Fills `{name}` placeholders from data. */
export function renderTemplate(template: string, data: Record<string, unknown>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => show(data[name]));
}

/** A finding (or note) of the given code, its message rendered from the data. */
export function headerFinding(code: HeaderFindingCode, data: Record<string, unknown>): HeaderFinding {
  const def = DEFINITIONS.get(code) as FindingDefinition;
  const finding: HeaderFinding = { code, severity: def.severity, message: renderTemplate(def.message, data), ref: def.ref };
  if (def.fix) finding.fix = renderTemplate(def.fix, data);
  if (Object.keys(data).length > 0) finding.data = data;
  return finding;
}
