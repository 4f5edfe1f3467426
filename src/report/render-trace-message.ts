/**
 * `trace message` and `trace correlate` output: one message's facts, its recipients with the
 * NDR knowledge of each failure (as `explain` prints a bounce), and its events in time order.
 * JSON uses ISO 8601 UTC times.
 * @module
 */
import type { Actor } from '../codes/types.js';
import type { TraceMessageView } from '../trace/report/explain-trace-message.js';
import { type Style, wrap } from './style.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));

export function traceMessageJson(view: TraceMessageView): unknown {
  return {
    message: { ...view.message, receivedAt: iso(view.message.receivedAt) },
    recipients: view.recipients.map((r) => ({ ...r, statusAt: iso(r.statusAt), failure: r.failure ? { ...r.failure, at: iso(r.failure.at) } : null })),
    events: view.events.map((e) => ({ ...e, at: iso(e.at) })),
  };
}

const ACTOR_TEXT: Record<Actor, string> = {
  'sender': 'the sender',
  'sender-admin': "the sender's mail admin",
  'recipient-admin': "the recipient's side (their admin or mailbox)",
  'group-owner': 'the owner of the group',
  'provider': 'the mail provider',
  'none': 'nobody yet: it is retried',
};

export function renderTraceMessageText(view: TraceMessageView, s: Style, indent = ''): string {
  const m = view.message;
  const out: string[] = [];
  out.push(`${indent}${s.bold(m.messageId ?? m.messageKey)}  ${s.dim(`(trace id ${m.messageKey})`)}`);
  const facts = [
    m.receivedAt !== null ? `received ${iso(m.receivedAt)}` : null, m.direction, m.sender ? `from ${m.sender}` : null,
    m.size !== null ? `${m.size.toLocaleString('en-US')} bytes` : null, m.fromIp ? `from IP ${m.fromIp}` : null, m.toIp ? `to IP ${m.toIp}` : null,
    m.clientIp ? `client IP ${m.clientIp}` : null,
  ].filter(Boolean);
  out.push(`${indent}  ${facts.join(', ')}`);
  if (m.subject) out.push(`${indent}  ${s.dim('Subject:')} ${m.subject.replace(/\s+/g, ' ')}`);
  out.push(`${indent}  ${s.bold('Recipients')}`);
  for (const r of view.recipients) {
    const mark = r.status === 'delivered' ? s.green('✓') : r.status === 'failed' ? s.red('✗') : s.yellow('…');
    out.push(`${indent}    ${mark} ${r.recipient}  ${r.status ?? 'no status'}${r.statusAt !== null ? ` at ${iso(r.statusAt)}` : ''}`);
    const f = r.failure;
    if (!f) continue;
    out.push(`${indent}      ${[f.replyCode, f.statusCode].filter(Boolean).join(' ')} ${s.bold(f.reason)} (${f.reasonTitle})`);
    out.push(`${indent}      ${wrap(f.explanation.summary, 86, indent + '      ')}`);
    out.push(`${indent}      ${s.dim('Said:')} ${wrap(f.text.slice(0, 400), 82, indent + '        ')}`);
    out.push(`${indent}      ${s.dim('Who must act:')} ${ACTOR_TEXT[f.actor]}${f.code ? `   ${s.dim('Code:')} ${f.code.code ?? ''} ${f.code.title}` : ''}`);
    for (const step of f.explanation.admin.slice(0, 3)) out.push(`${indent}        - ${wrap(step, 80, indent + '          ')}`);
    out.push(`${indent}      ${s.dim(`Decided by ${f.ruleId}${f.authFailure ? '; an SPF/DKIM/DMARC failure (our side)' : ''}`)}`);
  }
  out.push(`${indent}  ${s.bold('Events')}`);
  if (view.events.length === 0) out.push(`${indent}    ${s.dim('(none stored: import Get-MessageTraceDetail or an extended report for the events)')}`);
  for (const e of view.events) {
    const detail = e.detail ? e.detail.replace(/\s+/g, ' ').slice(0, 160) : '';
    out.push(`${indent}    ${iso(e.at)}  ${e.event.padEnd(8)} ${e.recipient}${detail ? `  ${s.dim(detail)}` : ''}`);
  }
  return out.join('\n');
}
