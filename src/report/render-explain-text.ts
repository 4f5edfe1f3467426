/**
 * Human text for `explain`: per message a header line, then per recipient what happened, who
 * must act, the steps for the user and for the admin, and which rule decided.
 * @module
 */
import type { Actor } from '../codes/types.js';
import type { ExplainResultJson, BounceFactJson } from './explain-json.js';
import { type Style, wrap } from './style.js';

/** Who must act, in words (also used by `diagnose`). */
export const ACTOR_TEXT: Record<Actor, string> = {
  'sender': 'you, the sender',
  'sender-admin': "your organisation's mail admin",
  'recipient-admin': "the recipient's side (their admin or mailbox)",
  'group-owner': 'the owner of the group you wrote to',
  'provider': 'the mail provider (for example Microsoft)',
  'none': 'nobody: it will retry or nothing failed',
};

/** Microsoft's new NDRs show three parties with the one that must act marked; so do we (explain and diagnose). */
export function ownerStrip(actor: Actor, s: Style): string {
  const parties: [string, boolean][] = [
    ['Sender', actor === 'sender' || actor === 'sender-admin'],
    ['Provider', actor === 'provider'],
    ['Recipient', actor === 'recipient-admin' || actor === 'group-owner'],
  ];
  return parties.map(([name, marked]) => (marked ? s.bold(s.red(`[${name}: action required]`)) : s.dim(name))).join(s.dim(' -> '));
}

const KIND_TEXT: Record<string, string> = {
  'bounce': 'delivery failed', 'delay': 'delivery delayed (still retrying)', 'delivered': 'delivery report: delivered',
  'autoreply': 'automatic reply (the message arrived)', 'feedback': 'feedback-loop complaint report', 'not-bounce': 'not a bounce',
};

function renderFact(fact: BounceFactJson, s: Style): string[] {
  const out: string[] = [];
  const mark = fact.reason === 'delivered' || fact.reason === 'vacation' ? s.green('✓') : fact.action === 'delayed' ? s.yellow('…') : s.red('✗');
  const codes = [fact.replyCode, fact.status].filter(Boolean).join(' ');
  const hardness = fact.hardBounce ? 'hard bounce' : 'soft bounce';
  const permanence = fact.permanent === true ? 'permanent' : fact.permanent === false ? 'temporary' : null;
  out.push(`  ${mark} ${s.bold(fact.recipient || '(recipient not named)')}  ${codes}  ${s.bold(fact.reason)} (${[hardness, permanence].filter(Boolean).join(', ')})`);
  out.push(`    ${wrap(fact.explanation.summary, 92, '    ')}`);
  if (fact.diagnosticCode) out.push(`    ${s.dim('Server said:')} ${wrap(fact.diagnosticCode.slice(0, 600), 84, '      ')}`);
  if (fact.remoteMta) out.push(`    ${s.dim('Remote server:')} ${fact.remoteMta}`);
  if (fact.reportingMta) out.push(`    ${s.dim('Reported by:')} ${fact.reportingMta}`);
  if (fact.command) out.push(`    ${s.dim('Failed at:')} ${fact.command}`);
  out.push(`    ${s.dim('Who must act:')} ${ACTOR_TEXT[fact.actor as Actor] ?? fact.actor}   ${ownerStrip(fact.actor as Actor, s)}`);
  if (fact.code) out.push(`    ${s.dim('Code:')} ${fact.code.code ?? ''}${fact.code.codeTo ? '-' + fact.code.codeTo.split('.').pop() : ''} ${fact.code.title}`);
  if (fact.explanation.user.length > 0) {
    out.push(`    ${s.bold('What you can do:')}`);
    for (const step of fact.explanation.user) out.push(`      - ${wrap(step, 86, '        ')}`);
  }
  if (fact.explanation.admin.length > 0) {
    out.push(`    ${s.bold('For the mail admin:')}`);
    for (const step of fact.explanation.admin) out.push(`      - ${wrap(step, 86, '        ')}`);
  }
  out.push(`    ${s.dim(`Decided by ${fact.ruleId}${fact.evidence ? ` on "${fact.evidence}"` : ''} (parser ${fact.mta})`)}`);
  return out;
}

export function renderExplainText(result: ExplainResultJson, s: Style): string {
  const out: string[] = [];
  out.push(`${s.bold(result.file)}: ${KIND_TEXT[result.kind] ?? result.kind}${result.mta ? s.dim(` (read by the ${result.mta} parser)`) : ''}`);
  if (result.subject) out.push(`  ${s.dim('Subject:')} ${result.subject}`);
  if (result.kind === 'not-bounce' && result.notBounceReason) out.push(`  ${result.notBounceReason}`);
  for (const fact of result.bounces) out.push(...renderFact(fact, s));
  const o = result.original;
  if (o) {
    const parts = [
      o.messageId ? `Message-ID ${o.messageId}` : null,
      o.subject ? `subject "${o.subject}"` : null,
      o.sendingIp ? `sent from ${o.sendingIp}` : null,
      ...o.dkim.map((d) => `DKIM d=${d.domain} s=${d.selector}`),
    ].filter(Boolean);
    if (parts.length > 0) out.push(`  ${s.dim('Original message:')} ${parts.join(', ')}`);
  }
  for (const note of result.notes) out.push(`  ${s.yellow('note:')} ${note.message}`);
  return out.join('\n');
}
