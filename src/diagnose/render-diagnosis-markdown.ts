/**
 * `maildoctor diagnose --markdown`: the diagnosis as Markdown to paste into a ticket
 * (CommonMark with GitHub tables): per failed recipient the verdict, the evidence, what was
 * ruled out and the three notes (the postmaster's in a text block, ready to copy), then the
 * checks run and not run. Renders only.
 * @module
 */
import type { Actor } from '../codes/types.js';
import { ACTOR_TEXT, ownerStrip } from '../report/render-explain-text.js';
import { styleFor } from '../report/style.js';
import { CAUSE_GROUP_INFO } from './diagnose-knowledge.js';
import type { DiagnosisJson, VerdictJson } from './diagnosis-json.js';
import { CONFIDENCE_TEXT } from './render-diagnosis-text.js';
import type { DiagnosisCheck, DiagnosisNotes } from './types.js';

const PLAIN = styleFor({ isTTY: false } as NodeJS.WriteStream, {});

/** Text safe in a Markdown paragraph or table cell (CommonMark backslash escapes; `<` so that no HTML is read). */
function md(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/([*_`|<[\]#])/g, '\\$1').replace(/\n/g, ' ');
}

function verdictMarkdown(verdict: VerdictJson, out: string[]): void {
  out.push(`**Cause:** ${md(verdict.cause)}`, '');
  out.push(`**Confidence:** ${verdict.confidence} (${md(CONFIDENCE_TEXT[verdict.confidence] ?? '')})  `);
  out.push(`**Who must act:** ${md(ACTOR_TEXT[verdict.actor as Actor] ?? verdict.actor)} (${md(ownerStrip(verdict.actor as Actor, PLAIN))})`, '');
  if (verdict.evidence.length > 0) {
    out.push('**Evidence**', '');
    for (const e of verdict.evidence) out.push(`- ${e.source === 'bounce' ? `bounce \`${e.field}\`` : `${e.check ?? e.source} \`${e.target ?? ''}\``}${e.code ? ` \`${e.code}\`` : ''}: ${md(e.message)}`);
    out.push('');
  }
  if (verdict.ruledOut.length > 0) {
    out.push('**Ruled out**', '');
    for (const r of verdict.ruledOut) out.push(`- ${r.check} \`${r.target}\` (${r.status}): ${md(r.message)}`);
    out.push('');
  }
}

function notesMarkdown(notes: DiagnosisNotes, out: string[]): void {
  out.push('**For the user**', '', md(notes.user), '');
  if (notes.admin.length > 0) {
    out.push('**For the mail admin**', '');
    notes.admin.forEach((step, i) => out.push(`${i + 1}. ${md(step)}`));
    out.push('');
  }
  if (notes.postmaster) out.push("**For the recipient's postmaster**", '', '```text', notes.postmaster.replace(/```/g, "'''"), '```', '');
}

function checksMarkdown(checks: readonly DiagnosisCheck[], out: string[]): void {
  out.push('### Checks', '', '| check | target | status | why | findings |', '|---|---|---|---|---|');
  for (const c of checks) {
    const findings = c.findings.filter((f) => f.severity !== 'info').map((f) => `\`${f.code}\``).join(', ');
    out.push(`| ${c.check} | ${md(c.target ?? '')} | ${c.status} | ${md(c.why)} | ${findings} |`);
  }
}

export function renderDiagnosisMarkdown(json: DiagnosisJson): string {
  const b = json.bounce;
  const out: string[] = [`## Diagnosis of ${md(b.file)}`, ''];
  const facts = [
    `- Report: ${b.kind}${b.mta ? ` (read by the ${b.mta} parser)` : ''}`,
    b.subject ? `- Subject: ${md(b.subject)}` : null,
    b.original?.messageId ? `- Original Message-ID: \`${b.original.messageId}\`` : null,
    b.offline ? '- Offline: no live check was made; the verdict comes from the bounce alone.' : `- Checked at ${b.at ?? '?'} with DNS from ${md(b.resolver ?? '?')}`,
  ].filter((x): x is string => x !== null);
  out.push(...facts, '');
  if (b.recipients.length === 0) {
    verdictMarkdown(json.verdict, out);
    notesMarkdown(json.notes, out);
  }
  for (const r of b.recipients) {
    const codes = [r.replyCode, r.status].filter(Boolean).join(' ');
    out.push(`### ${md(r.recipient || '(recipient not named)')}${codes ? ` (${codes})` : ''}: ${md(CAUSE_GROUP_INFO.get(r.group)?.title ?? r.group)}`, '');
    verdictMarkdown(r.verdict, out);
    notesMarkdown(r.notes, out);
  }
  checksMarkdown(json.checks, out);
  return out.join('\n');
}
