/**
 * The finding catalogue (kb/findings.json), validated once at load, and `finding(code, vars)`,
 * which fills the message, fix and reference templates from the finding's data.
 * @module
 */
import { ToolkitError } from '../../core/errors.js';
import type { Severity } from '../../core/finding.js';
import type { CheckFinding, FindingCode } from '../types.js';
import findingsData from './findings.json' with { type: 'json' };
import { fillTemplate } from '../../core/fill-template.js';

export interface FindingEntry {
  severity: Severity;
  message: string;
  fix: string;
  ref: string;
}

const SEVERITIES: readonly string[] = ['info', 'warning', 'error'];
const CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$/;

function compileCatalogue(raw: Record<string, unknown>): Map<FindingCode, FindingEntry> {
  const entries = new Map<FindingCode, FindingEntry>();
  for (const [code, value] of Object.entries(raw)) {
    const e = value as Partial<FindingEntry>;
    const problem = !CODE.test(code)
      ? 'code is not <area>.<kebab-problem>'
      : !SEVERITIES.includes(e.severity ?? '')
        ? 'severity is not info, warning or error'
        : !e.message || !e.fix || !e.ref
          ? 'message, fix and ref are required'
          : null;
    if (problem) throw new ToolkitError('knowledge-invalid', `kb/findings.json ${code}: ${problem}`);
    entries.set(code as FindingCode, e as FindingEntry);
  }
  return entries;
}

const CATALOGUE = compileCatalogue(findingsData.findings);

/** The catalogue entry of a code. */
export function findingEntry(code: FindingCode): FindingEntry {
  const entry = CATALOGUE.get(code);
  if (!entry) throw new ToolkitError('knowledge-invalid', `unknown finding code ${code}`);
  return entry;
}

/** Every documented code. */
export function allFindingCodes(): FindingCode[] {
  return [...CATALOGUE.keys()];
}

/** A finding with its texts filled from `vars` (which are also kept as its data). */
export function finding(code: FindingCode, vars: Record<string, unknown> = {}): CheckFinding {
  const entry = findingEntry(code);
  const result: CheckFinding = {
    code,
    severity: entry.severity,
    message: fillTemplate(entry.message, vars),
    fix: fillTemplate(entry.fix, vars),
    ref: fillTemplate(entry.ref, vars),
  };
  if (Object.keys(vars).length > 0) result.data = vars;
  return result;
}
