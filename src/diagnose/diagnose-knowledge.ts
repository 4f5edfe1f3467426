/**
 * diagnose's knowledge files, validated once at load (a bad entry fails at start-up with the
 * file and the entry named): the cause groups and their checks (kb/cause-groups.json), the
 * causes with their sentences and notes (kb/causes.json), the receivers' own blocklists
 * (kb/provider-blocklists.json) and the finding catalogue (kb/findings.json); plus `fillTemplate`,
 * which fills their `{name}` templates.
 * @module
 */
import { ACTORS, type Actor } from '../codes/types.js';
import { ToolkitError } from '../core/errors.js';
import type { Severity } from '../core/finding.js';
import { isReason } from '../ndr/classify/reasons.js';
import causeGroupsData from './kb/cause-groups.json' with { type: 'json' };
import causesData from './kb/causes.json' with { type: 'json' };
import findingsData from './kb/findings.json' with { type: 'json' };
import providerListsData from './kb/provider-blocklists.json' with { type: 'json' };
import { isStatusPattern, type BounceRuleMatch } from './match-bounce-rule.js';
import { CAUSE_GROUPS, DIAGNOSE_CHECKS, type CauseGroupId, type CheckSubject, type DiagnoseCheckId, type DiagnoseFinding } from './types.js';

export interface CheckInfo {
  id: DiagnoseCheckId;
  what: string;
  network: boolean;
}

export interface GroupCheck {
  check: DiagnoseCheckId;
  subject: CheckSubject;
  why: string;
}

export interface CauseGroup {
  id: CauseGroupId;
  title: string;
  checks: GroupCheck[];
  /** Why a group without checks has none. */
  noChecks: string | null;
}

/** A bounce a group rule must be the first to match (the rule's test). */
export interface GroupRuleExample {
  status: string | null;
  reason: string;
  codeId?: string;
  reply: string;
}

export interface GroupRule extends BounceRuleMatch {
  id: string;
  group: CauseGroupId;
  source: string;
  examples: GroupRuleExample[];
}

export interface CauseEntry {
  id: string;
  sentence: string;
  /** A fixed actor, or 'bounce': the actor the bounce analysis found. */
  actor: Actor | 'bounce';
  user: string;
  admin: string[];
  adminMicrosoft365: string[];
  postmaster: string | null;
  postmasterAlways: boolean;
  match: BounceRuleMatch | null;
  source: string;
}

export interface ProviderBlocklist extends BounceRuleMatch {
  id: string;
  name: string;
  cause: string;
  removal: string;
  source: string;
}

const SUBJECTS: readonly CheckSubject[] = ['recipient', 'recipient-domain', 'envelope-domain', 'dkim-signature', 'from-domain', 'sending-ip', 'message'];
const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];
const FINDING_CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$/;

function invalid(file: string, where: string, problem: string): never {
  throw new ToolkitError('knowledge-invalid', `src/diagnose/kb/${file} ${where}: ${problem}`);
}

function strings(file: string, where: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) invalid(file, where, 'must be a list of non-empty strings');
  return value as string[];
}

function checkMatch(file: string, where: string, raw: Partial<BounceRuleMatch>): BounceRuleMatch {
  const match: BounceRuleMatch = {};
  if (raw.codeIds !== undefined) match.codeIds = strings(file, `${where} codeIds`, raw.codeIds);
  if (raw.statuses !== undefined) {
    match.statuses = strings(file, `${where} statuses`, raw.statuses);
    for (const s of match.statuses) if (!isStatusPattern(s)) invalid(file, where, `"${s}" is not a status code or range`);
  }
  if (raw.reasons !== undefined) {
    match.reasons = strings(file, `${where} reasons`, raw.reasons);
    for (const r of match.reasons) if (!isReason(r)) invalid(file, where, `"${r}" is not a reason`);
  }
  if (raw.phrases !== undefined) {
    match.phrases = strings(file, `${where} phrases`, raw.phrases);
    for (const p of match.phrases) if (p !== p.toLowerCase()) invalid(file, where, `phrase "${p}" must be lower case`);
  }
  if (Object.keys(match).length === 0) invalid(file, where, 'matches nothing (give codeIds, statuses, reasons or phrases)');
  return match;
}

function compileChecks(raw: unknown): Map<DiagnoseCheckId, CheckInfo> {
  const out = new Map<DiagnoseCheckId, CheckInfo>();
  for (const [i, c] of (raw as Partial<CheckInfo>[]).entries()) {
    if (!DIAGNOSE_CHECKS.includes(c.id as DiagnoseCheckId) || typeof c.what !== 'string' || typeof c.network !== 'boolean') invalid('cause-groups.json', `checks[${i}]`, 'needs a known id, "what" and "network"');
    out.set(c.id as DiagnoseCheckId, c as CheckInfo);
  }
  for (const id of DIAGNOSE_CHECKS) if (!out.has(id)) invalid('cause-groups.json', 'checks', `${id} is not described`);
  return out;
}

function compileGroups(raw: unknown): Map<CauseGroupId, CauseGroup> {
  const out = new Map<CauseGroupId, CauseGroup>();
  for (const [i, g] of (raw as Partial<CauseGroup & { noChecks: string }>[]).entries()) {
    const where = `groups[${i}]`;
    if (!CAUSE_GROUPS.includes(g.id as CauseGroupId) || typeof g.title !== 'string') invalid('cause-groups.json', where, 'needs a known id and a title');
    const checks = (g.checks ?? []).map((c, j) => {
      if (!DIAGNOSE_CHECKS.includes(c.check) || !SUBJECTS.includes(c.subject) || typeof c.why !== 'string') invalid('cause-groups.json', `${where} checks[${j}]`, 'needs a known check, a subject and why');
      return c;
    });
    if (checks.length === 0 && typeof g.noChecks !== 'string') invalid('cause-groups.json', where, 'a group without checks must say why (noChecks)');
    out.set(g.id as CauseGroupId, { id: g.id as CauseGroupId, title: g.title as string, checks, noChecks: g.noChecks ?? null });
  }
  for (const id of CAUSE_GROUPS) if (!out.has(id)) invalid('cause-groups.json', 'groups', `${id} is missing`);
  return out;
}

function compileRules(raw: unknown): GroupRule[] {
  const ids = new Set<string>();
  return (raw as (Partial<GroupRule> & { id?: string })[]).map((r, i) => {
    const where = `rules[${i}]${r.id ? ` (${r.id})` : ''}`;
    if (typeof r.id !== 'string' || ids.has(r.id)) invalid('cause-groups.json', where, 'needs a unique id');
    ids.add(r.id);
    if (!CAUSE_GROUPS.includes(r.group as CauseGroupId)) invalid('cause-groups.json', where, 'needs a known group');
    if (typeof r.source !== 'string' || r.source === '') invalid('cause-groups.json', where, 'needs a source');
    const examples = r.examples ?? [];
    if (!Array.isArray(examples) || examples.length === 0 || examples.some((e) => typeof e?.reply !== 'string' || !isReason(e.reason))) invalid('cause-groups.json', where, 'needs examples with a reply and a known reason');
    const match = checkMatch('cause-groups.json', where, { codeIds: r.codeIds, statuses: r.statuses, reasons: r.reasons, phrases: r.phrases });
    return { id: r.id, group: r.group as CauseGroupId, source: r.source, examples, ...match };
  });
}

function compileCauses(raw: unknown): Map<string, CauseEntry> {
  const out = new Map<string, CauseEntry>();
  for (const [i, c] of (raw as Record<string, unknown>[]).entries()) {
    const id = c['id'];
    const where = `causes[${i}]${typeof id === 'string' ? ` (${id})` : ''}`;
    if (typeof id !== 'string' || out.has(id)) invalid('causes.json', where, 'needs a unique id');
    for (const key of ['sentence', 'user', 'source'] as const) if (typeof c[key] !== 'string' || c[key] === '') invalid('causes.json', where, `"${key}" is required`);
    const actor = c['actor'];
    if (actor !== 'bounce' && !ACTORS.includes(actor as Actor)) invalid('causes.json', where, `actor must be one of ${ACTORS.join(', ')} or bounce`);
    const admin = strings('causes.json', `${where} admin`, c['admin']);
    if (admin.length === 0) invalid('causes.json', where, 'needs admin steps');
    if (c['postmaster'] !== undefined && typeof c['postmaster'] !== 'string') invalid('causes.json', where, 'postmaster must be a text');
    out.set(id, {
      id,
      sentence: c['sentence'] as string,
      actor: actor as Actor | 'bounce',
      user: c['user'] as string,
      admin,
      adminMicrosoft365: strings('causes.json', `${where} adminMicrosoft365`, c['adminMicrosoft365']),
      postmaster: (c['postmaster'] as string | undefined) ?? null,
      postmasterAlways: c['postmasterAlways'] === true,
      match: c['match'] === undefined ? null : checkMatch('causes.json', `${where} match`, c['match'] as Partial<BounceRuleMatch>),
      source: c['source'] as string,
    });
  }
  return out;
}

function compileProviderLists(raw: unknown, causes: ReadonlyMap<string, CauseEntry>): ProviderBlocklist[] {
  return (raw as Partial<ProviderBlocklist>[]).map((l, i) => {
    const where = `lists[${i}]${l.id ? ` (${l.id})` : ''}`;
    for (const key of ['id', 'name', 'cause', 'removal', 'source'] as const) if (typeof l[key] !== 'string') invalid('provider-blocklists.json', where, `"${key}" is required`);
    if (!causes.has(l.cause as string)) invalid('provider-blocklists.json', where, `unknown cause ${l.cause}`);
    return { id: l.id as string, name: l.name as string, cause: l.cause as string, removal: l.removal as string, source: l.source as string, ...checkMatch('provider-blocklists.json', where, l) };
  });
}

function compileFindings(raw: Record<string, unknown>): Map<string, { severity: Severity; message: string; ref: string }> {
  const out = new Map<string, { severity: Severity; message: string; ref: string }>();
  for (const [code, value] of Object.entries(raw)) {
    const e = value as { severity?: Severity; message?: string; ref?: string };
    if (!FINDING_CODE.test(code) || !SEVERITIES.includes(e.severity as Severity) || !e.message || !e.ref) invalid('findings.json', code, 'needs an <area>.<kebab> code, a severity, a message and a ref');
    out.set(code, e as { severity: Severity; message: string; ref: string });
  }
  return out;
}

export const DIAGNOSE_CHECK_INFO: ReadonlyMap<DiagnoseCheckId, CheckInfo> = compileChecks(causeGroupsData.checks);
export const CAUSE_GROUP_INFO: ReadonlyMap<CauseGroupId, CauseGroup> = compileGroups(causeGroupsData.groups);
export const GROUP_RULES: readonly GroupRule[] = compileRules(causeGroupsData.rules);
export const CAUSES: ReadonlyMap<string, CauseEntry> = compileCauses(causesData.causes);
export const POSTMASTER_FRAME: string = causesData.postmasterFrame;
export const PROVIDER_BLOCKLISTS: readonly ProviderBlocklist[] = compileProviderLists(providerListsData.lists, CAUSES);
const FINDINGS = compileFindings(findingsData.findings);

/** The cause entry of an id (a bug when unknown). */
export function causeEntry(id: string): CauseEntry {
  const entry = CAUSES.get(id);
  if (!entry) throw new Error(`kb/causes.json has no cause ${id}`);
  return entry;
}

/** Every documented finding code of diagnose. */
export function allDiagnoseFindingCodes(): string[] {
  return [...FINDINGS.keys()];
}

function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.map(String).join('; ');
  return String(value);
}

/**
 * Fills `{name}` from `vars`; null when a name has no value, so that the caller can leave
 * the line out (a step that needs the sending IP is dropped when the bounce has none).
 */
export function fillTemplate(template: string, vars: Readonly<Record<string, unknown>>): string | null {
  let missing = false;
  const filled = template.replace(/\{([a-zA-Z0-9]+)\}/g, (_whole, name: string) => {
    const value = text(vars[name]);
    if (value === null) missing = true;
    return value ?? '';
  });
  return missing ? null : filled;
}

/** A finding of diagnose's catalogue with its message filled (names without a value are shown as "?"). */
export function diagnoseFinding(code: string, vars: Record<string, unknown> = {}): DiagnoseFinding {
  const entry = FINDINGS.get(code);
  if (!entry) throw new Error(`src/diagnose/kb/findings.json has no code ${code}`);
  const fill = (t: string): string => t.replace(/\{([a-zA-Z0-9]+)\}/g, (_w, name: string) => text(vars[name]) ?? '?');
  return { code, severity: entry.severity, message: fill(entry.message), ref: fill(entry.ref), ...(Object.keys(vars).length > 0 ? { data: vars } : {}) };
}
