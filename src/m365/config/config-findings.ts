/**
 * The finding catalogue of the Microsoft 365 configuration analyser (findings.json), checked
 * once at load, and `configFinding(code, subject, vars)`, which fills the message and fix
 * templates and names the NDR code the setting produces (the rule's own status code when it
 * sets one, RFC 3463 form).
 * @module
 */
import { ToolkitError } from '../../core/errors.js';
import type { Finding, Severity } from '../../core/finding.js';
import findingsData from './findings.json' with { type: 'json' };
import { fillTemplate } from '../../core/fill-template.js';

export type M365FindingCode = keyof (typeof findingsData)['findings'];

/** The exported object a finding is about. */
export interface ConfigSubject {
  cmdlet: CmdletName | null;
  /** Identity or Name of the object, or the domain. */
  identity: string | null;
  file: string;
}

export const CMDLET_NAMES = [
  'Get-OutboundConnector',
  'Get-InboundConnector',
  'Get-TransportRule',
  'Get-AcceptedDomain',
  'Get-RemoteDomain',
  'Get-DkimSigningConfig',
  'Get-HostedOutboundSpamFilterPolicy',
  'Get-BlockedSenderAddress',
] as const;
export type CmdletName = (typeof CMDLET_NAMES)[number];

export interface ConfigFinding extends Finding {
  code: M365FindingCode;
  fix: string;
  /** The source of the fact (vendor document or reference section). */
  ref: string;
  /** The enhanced status code of the NDR this setting causes, or null (silent, or no NDR). */
  ndr: string | null;
  subject: ConfigSubject;
}

interface CatalogueEntry {
  severity: Severity;
  message: string;
  fix: string;
  ndr: string | null;
  source: string;
}

const CODE = /^m365\.[a-z0-9]+(?:-[a-z0-9]+)*$/;
const NDR = /^[245]\.\d{1,3}\.\d{1,3}$/;

function compile(raw: Record<string, unknown>): Map<string, CatalogueEntry> {
  const out = new Map<string, CatalogueEntry>();
  for (const [code, value] of Object.entries(raw)) {
    const e = value as Partial<CatalogueEntry>;
    const problem = !CODE.test(code)
      ? 'code is not m365.<kebab-problem>'
      : !['info', 'warning', 'error'].includes(e.severity ?? '')
        ? 'severity is not info, warning or error'
        : !e.message || !e.fix || !e.source
          ? 'message, fix and source are required'
          : e.ndr !== null && !NDR.test(e.ndr ?? '')
            ? 'ndr is not an enhanced status code or null'
            : null;
    if (problem) throw new ToolkitError('knowledge-invalid', `m365/config/findings.json ${code}: ${problem}`);
    out.set(code, e as CatalogueEntry);
  }
  return out;
}

const CATALOGUE = compile(findingsData.findings);

/** Every documented code. */
export function allConfigFindingCodes(): string[] {
  return [...CATALOGUE.keys()];
}

/**
 * A finding with its texts filled from `vars` (kept as its data). `ndr`, when given, replaces
 * the catalogue's NDR code (a rule's RejectMessageEnhancedStatusCode; null: this variant sends
 * no NDR).
 */
export function configFinding(code: M365FindingCode, subject: ConfigSubject, vars: Record<string, unknown> = {}, ndrOverride?: string | null): ConfigFinding {
  const entry = CATALOGUE.get(code);
  if (!entry) throw new ToolkitError('knowledge-invalid', `unknown finding code ${code}`);
  const ndr = ndrOverride === undefined ? entry.ndr : ndrOverride;
  const filled = { ...vars, ndr: ndr ?? 'no NDR' };
  const result: ConfigFinding = { code, severity: entry.severity, message: fillTemplate(entry.message, filled), fix: fillTemplate(entry.fix, filled), ref: entry.source, ndr, subject };
  if (Object.keys(vars).length > 0) result.data = vars;
  return result;
}
