/**
 * Human text for `maildoctor diagnose`: per failed recipient the verdict (cause, confidence,
 * who must act shown as Microsoft's new NDRs show it, the explain command's owner strip), the
 * evidence and what was ruled out, the three notes; then the checks run (with the SPF trace)
 * and those not run, with why. Colour only through the given Style. Renders only.
 * @module
 */
import type { Actor } from '../codes/types.js';
import type { SpfData } from '../checks/spf/evaluate-spf-tree.js';
import { ACTOR_TEXT, ownerStrip } from '../report/render-explain-text.js';
import { type Style, wrap } from '../report/style.js';
import { CAUSE_GROUP_INFO } from './diagnose-knowledge.js';
import type { DiagnosisJson, RecipientJson, VerdictJson } from './diagnosis-json.js';
import type { DiagnosisCheck, DiagnosisNotes } from './types.js';

export const CONFIDENCE_TEXT: Record<string, string> = {
  high: 'a live check confirms it',
  medium: "the bounce's own words; no live check confirms it (now)",
  low: 'a guess from the kind of failure',
};

const KIND_TEXT: Record<string, string> = {
  'bounce': 'delivery failed', 'delay': 'delivery delayed (still retrying)', 'delivered': 'delivery report: delivered',
  'autoreply': 'automatic reply (the message arrived)', 'feedback': 'feedback-loop complaint report', 'not-bounce': 'not a bounce',
};

/** Most SPF trace lines shown. */
const MAX_TRACE_LINES = 14;

function statusText(status: string, s: Style): string {
  if (status === 'pass') return s.green(status);
  if (status === 'warn' || status === 'none') return s.yellow(status);
  if (status === 'not-run') return s.dim(status);
  if (status === 'temperror') return s.magenta(status);
  return s.red(status);
}

function confidenceText(confidence: string, s: Style): string {
  const word = confidence === 'high' ? s.green(confidence) : confidence === 'medium' ? s.yellow(confidence) : s.red(confidence);
  return `${s.bold(word)} ${s.dim(`(${CONFIDENCE_TEXT[confidence] ?? ''})`)}`;
}

export function verdictLines(verdict: VerdictJson, s: Style, indent = '  '): string[] {
  const out: string[] = [];
  out.push(`${indent}${s.bold('Cause:')} ${wrap(verdict.cause, 90, indent + '       ')}`);
  out.push(`${indent}${s.bold('Confidence:')} ${confidenceText(verdict.confidence, s)}`);
  out.push(`${indent}${s.bold('Who must act:')} ${ACTOR_TEXT[verdict.actor as Actor] ?? verdict.actor}   ${ownerStrip(verdict.actor as Actor, s)}`);
  if (verdict.evidence.length > 0) {
    out.push(`${indent}${s.bold('Evidence:')}`);
    for (const e of verdict.evidence) {
      const where = e.source === 'bounce' ? 'bounce' : `${e.check ?? e.source}${e.target ? ` ${e.target}` : ''}`;
      out.push(`${indent}  ${s.green('+')} ${s.dim(`[${where}]`)} ${wrap(`${e.code ? `${e.code}: ` : ''}${e.message}`, 86, indent + '    ')}`);
    }
  }
  if (verdict.ruledOut.length > 0) {
    out.push(`${indent}${s.bold('Ruled out:')}`);
    for (const r of verdict.ruledOut) out.push(`${indent}  ${s.dim('-')} ${s.dim(`[${r.check} ${r.target}, ${r.status}]`)} ${wrap(r.message, 86, indent + '    ')}`);
  }
  return out;
}

export function notesLines(notes: DiagnosisNotes, s: Style, indent = '  '): string[] {
  const out: string[] = [];
  out.push(`${indent}${s.bold('For you:')}`, `${indent}  ${wrap(notes.user, 90, indent + '  ')}`);
  if (notes.admin.length > 0) {
    out.push(`${indent}${s.bold('For your mail admin:')}`);
    notes.admin.forEach((step, i) => out.push(`${indent}  ${i + 1}. ${wrap(step, 88, indent + '     ')}`));
  }
  if (notes.postmaster) {
    out.push(`${indent}${s.bold("For the recipient's postmaster")} ${s.dim('(ready to send)')}:`);
    for (const line of notes.postmaster.split('\n')) out.push(`${indent}  ${s.dim('|')} ${line}`);
  }
  return out;
}

function recipientLines(r: RecipientJson, s: Style): string[] {
  const codes = [r.replyCode, r.status].filter(Boolean).join(' ');
  const group = CAUSE_GROUP_INFO.get(r.group)?.title ?? r.group;
  const mark = r.action === 'delayed' ? s.yellow('…') : s.red('✗');
  return [
    `${mark} ${s.bold(r.recipient || '(recipient not named)')}  ${codes}  ${s.dim(`${r.reason}, ${group}`)}`,
    ...verdictLines(r.verdict, s),
    ...notesLines(r.notes, s),
  ];
}

function spfTrace(check: DiagnosisCheck): string[] {
  const evaluation = (check.data as SpfData | null)?.evaluation;
  if (!evaluation) return [];
  const out = [`      SPF for ${evaluation.ip}: ${evaluation.result} (${evaluation.reason})`];
  for (const step of evaluation.trace.slice(0, MAX_TRACE_LINES)) out.push(`        ${'  '.repeat(step.depth)}${step.domain}: ${step.term} -> ${step.outcome}${step.detail ? ` (${step.detail})` : ''}`);
  if (evaluation.trace.length > MAX_TRACE_LINES) out.push(`        ... ${evaluation.trace.length - MAX_TRACE_LINES} more steps (--json has them all)`);
  return out;
}

export function checksLines(checks: readonly DiagnosisCheck[], s: Style): string[] {
  const out: string[] = [];
  const run = checks.filter((c) => c.status !== 'not-run');
  const notRun = checks.filter((c) => c.status === 'not-run');
  if (run.length > 0) out.push(s.bold('Checks run'));
  for (const c of run) {
    out.push(`  ${c.check.padEnd(14)} ${(c.target ?? '').padEnd(34)} ${statusText(c.status, s)}  ${s.dim(wrap(c.why, 60, ' '.repeat(56)))}`);
    for (const f of c.findings.filter((x) => x.severity !== 'info').slice(0, 4)) out.push(`      ${f.severity === 'error' ? s.red(f.code) : s.yellow(f.code)}: ${wrap(f.message, 84, '        ')}`);
    if (c.check === 'spf') out.push(...spfTrace(c));
  }
  const groupWhys = new Set([...CAUSE_GROUP_INFO.values()].map((g) => g.noChecks).filter((w): w is string => w !== null));
  const notCalled = notRun.filter((c) => c.notRunKind === 'not-called-for' && !groupWhys.has(c.why));
  const noCheck = [...new Set(notRun.filter((c) => groupWhys.has(c.why)).map((c) => c.why))];
  const other = notRun.filter((c) => c.notRunKind !== 'not-called-for');
  if (notRun.length > 0) out.push(s.bold('Not run'));
  for (const why of noCheck) out.push(`  ${wrap(`No check: ${why}.`, 96, '  ')}`);
  for (const c of other) out.push(`  ${c.check.padEnd(14)} ${(c.target ?? '').padEnd(34)} ${wrap(c.why, 70, ' '.repeat(52))}`);
  if (notCalled.length > 0) out.push(`  ${s.dim(wrap(`not called for by the cause: ${[...new Set(notCalled.map((c) => c.check))].join(', ')}`, 96, '    '))}`);
  return out;
}

export function renderDiagnosisText(json: DiagnosisJson, s: Style): string {
  const b = json.bounce;
  const out: string[] = [];
  out.push(`${s.bold(b.file)}: ${KIND_TEXT[b.kind] ?? b.kind}${b.mta ? s.dim(` (read by the ${b.mta} parser)`) : ''}`);
  if (b.subject) out.push(`  ${s.dim('Subject:')} ${b.subject}`);
  const anyRun = json.checks.some((c) => c.status !== 'not-run');
  if (b.offline) out.push(`  ${s.dim('Offline: no live check was made; the verdict comes from the bounce alone.')}`);
  else if (anyRun) out.push(`  ${s.dim(`Checked at ${b.at ?? '?'} with DNS from ${b.resolver ?? '?'}`)}`);
  else out.push(`  ${s.dim('No live check was called for.')}`);
  for (const note of b.notes) out.push(`  ${s.yellow('note:')} ${note.message}`);
  out.push('');
  if (b.recipients.length === 0) {
    out.push(...verdictLines(json.verdict, s), ...notesLines(json.notes, s));
  }
  for (const r of b.recipients) out.push(...recipientLines(r, s), '');
  out.push(...checksLines(json.checks, s));
  return out.join('\n').replace(/\n+$/, '');
}
