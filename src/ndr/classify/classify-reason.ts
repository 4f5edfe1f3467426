/**
 * Decides the reason of one failed recipient. Precedence is one explicit chain, like Sisimai's
 * lda -> rhost -> reason order, and every answer names the rule that decided and the text it
 * matched:
 *
 *   parser-explicit -> provider (by remote host) -> Exchange Online code (when Microsoft
 *   produced it) -> specific status code -> phrase
 *   -> SMTP command -> transient status on a final failure (expired) -> status class (a bare
 *   X.7.0/X.7.1 after DATA is the receiver's filter, not a security error) -> onhold / undefined
 * @module
 */
import type { CompiledRule } from './compile-rules.js';
import { classificationKnowledge } from '../kb/index.js';
import { matchRule, normalizeForMatch, type RuleSubject } from './match-rule.js';
import type { Reason } from './reasons.js';
import { exchangeMeaningFor, registryEntryFor } from '../../codes/lookup-code.js';
import { isMicrosoftCode } from '../explain-fact.js';

export interface ClassifyInput {
  diagnosticCode: string | null;
  status: string | null;
  replyCode: string | null;
  remoteMta: string | null;
  recipient: string | null;
  command: string | null;
  /** The parser that read the report (Microsoft's own codes are read with Exchange's meanings). */
  mta?: string | null;
  action: string | null;
  /** A reason the parser decided from the report's format. */
  parserReason?: Reason | null;
  parserRuleId?: string | null;
  parserEvidence?: string | null;
}

export interface Classification {
  reason: Reason;
  ruleId: string;
  evidence: string | null;
  stage: 'parser' | 'provider' | 'exchange-code' | 'status' | 'phrase' | 'status-class' | 'command' | 'fallback';
}

const MAX_EVIDENCE_CHARS = 240;

/** Cuts the span out of the original text (same length as the normalised text around it). */
function evidenceSpan(text: string, start: number, end: number): string {
  if (end <= start) return text.trim().slice(0, MAX_EVIDENCE_CHARS);
  const from = Math.max(0, start - 40);
  const to = Math.min(text.length, end + 60);
  const prefix = from > 0 ? '…' : '';
  const suffix = to < text.length ? '…' : '';
  return (prefix + text.slice(from, to).trim() + suffix).slice(0, MAX_EVIDENCE_CHARS);
}

function firstHit(rules: readonly CompiledRule[], subject: RuleSubject, display: string): { rule: CompiledRule; evidence: string } | null {
  for (const rule of rules) {
    const hit = matchRule(rule, subject);
    if (hit) return { rule, evidence: evidenceSpan(display, hit.start, hit.end) };
  }
  return null;
}

function hostMatches(host: string, suffixes: readonly string[]): boolean {
  return suffixes.some((s) => host === s || host.endsWith(s.startsWith('.') ? s : '.' + s) || (s.startsWith('.') && host === s.slice(1)));
}

/**
 * Whether a "user unknown" text carries its own proof of a refusal at RCPT TO: its words are
 * about the recipient address itself ("Recipient address rejected", "address not found").
 */
function recipientStageWords(evidence: string, display: string, recipient: string | null): boolean {
  // "<bob@example.org>... User unknown" / "<bob@example.org>: User unknown": the server quotes
  // the RCPT TO argument it refuses (Sendmail's and Postfix's recipient replies). A quoted
  // address other than this recipient is no such proof: the failed address is another one (an
  // alias or forwarding target further on), so this recipient itself was accepted.
  const quoted = /<([^<>\s@]{1,64}@[^<>\s]{1,255})>(?:\.\.\.|:)\s*(?:user|unknown|no such|recipient)/i.exec(display.slice(0, 600));
  if (quoted && (!recipient || quoted[1]?.toLowerCase() === recipient.toLowerCase())) return true;
  return /\b(?:recipient|address|addresses|recipients)\b/i.test(evidence);
}

export function classifyReason(input: ClassifyInput): Classification {
  if (input.parserReason) {
    return { reason: input.parserReason, ruleId: input.parserRuleId ?? 'parser', evidence: input.parserEvidence ?? null, stage: 'parser' };
  }
  const kb = classificationKnowledge();
  const display = (input.diagnosticCode ?? '').replace(/\s+/g, ' ').trim();
  const subject: RuleSubject = { text: normalizeForMatch(display), status: input.status, replyCode: input.replyCode, command: input.command };

  const host = (input.remoteMta ?? '').toLowerCase();
  const domain = (input.recipient ?? '').toLowerCase().split('@')[1] ?? '';
  for (const provider of kb.providers) {
    const byHost = host !== '' && hostMatches(host, provider.hosts);
    const byDomain = !byHost && host === '' && domain !== '' && provider.domains.includes(domain);
    if (!byHost && !byDomain) continue;
    const hit = firstHit(provider.rules, subject, display);
    if (hit) return { reason: hit.rule.reason, ruleId: hit.rule.id, evidence: hit.evidence, stage: 'provider' };
  }

  // Codes Microsoft produced mean what Exchange Online's documentation says they mean.
  if (input.status && isMicrosoftCode(input.status, input.mta ?? '', input.remoteMta, display)) {
    const meaning = exchangeMeaningFor(input.status, display);
    if (meaning && meaning.reason !== 'undefined' && meaning.reason !== 'onhold') {
      return { reason: meaning.reason, ruleId: meaning.id, evidence: display.slice(0, MAX_EVIDENCE_CHARS) || input.status, stage: 'exchange-code' };
    }
  }

  const entry = input.status ? registryEntryFor(input.status) : null;
  if (entry?.reasonIsSpecific && !input.status?.endsWith('.0.0')) {
    return { reason: entry.reason, ruleId: `status.${input.status}`, evidence: input.status, stage: 'status' };
  }

  if (subject.text) {
    const hit = firstHit(kb.phrases, subject, display);
    if (hit) {
      // "User unknown" words are only proof of a missing mailbox when the server said them in
      // reply to RCPT TO, or with a status that says so (X.1.1): given after the message was
      // sent (DATA) or with no command named, they are the receiver's filter refusing this
      // message (the convention of Sisimai and the shared corpus).
      const command = (input.command ?? '').toUpperCase();
      if (hit.rule.reason === 'userunknown' && command !== 'RCPT' && !/^[45]\.1\.1$/.test(input.status ?? '') && !recipientStageWords(hit.evidence, display, input.recipient)) {
        return { reason: 'filtered', ruleId: 'filtered.user-unknown-not-at-rcpt', evidence: hit.evidence, stage: 'phrase' };
      }
      return { reason: hit.rule.reason, ruleId: hit.rule.id, evidence: hit.evidence, stage: 'phrase' };
    }
  }

  // A refusal at MAIL FROM is about the sender, and one at the greeting or HELO about the
  // client, whatever broad code came with it (RFC 5321 section 3.3).
  const command = (input.command ?? '').toUpperCase();
  if (command === 'MAIL') return { reason: 'rejected', ruleId: 'command.mail-from', evidence: 'failed at MAIL FROM', stage: 'command' };
  if (command === 'HELO' || command === 'EHLO' || command === 'CONN') {
    return { reason: 'blocked', ruleId: 'command.connection', evidence: `failed at ${command}`, stage: 'command' };
  }

  // A transient (4.x.x) status on a final failure, or a delay notice with no stated cause,
  // means the sending server ran out of retry time: the message expired (RFC 3464 2.3.3).
  if (input.status?.startsWith('4.') && (input.action === 'failed' || input.action === 'delayed')) {
    return { reason: 'expired', ruleId: 'status-class.transient-gave-up', evidence: input.status, stage: 'status-class' };
  }
  if (input.action === 'delayed') return { reason: 'expired', ruleId: 'fallback.delayed', evidence: null, stage: 'fallback' };

  if (entry && entry.reason !== 'undefined' && !/^[45]\.0\.0$/.test(input.status ?? '')) {
    // The generic security codes X.7.0 and X.7.1 (RFC 3463 section 3.8) name no cause. The causes
    // securityerror stands for (authentication, credentials, TLS policy) are settled before the
    // message is sent (RFC 4954, RFC 3207); the same bare code given after DATA is the receiver
    // refusing this message, i.e. its filter (the message-stage reading Sisimai also uses).
    if (entry.reason === 'securityerror' && command === 'DATA' && /^[45]\.7\.[01]$/.test(input.status ?? '')) {
      return { reason: 'filtered', ruleId: 'filtered.generic-security-status-after-data', evidence: input.status, stage: 'status-class' };
    }
    return { reason: entry.reason, ruleId: `status-class.${entry.code ?? input.status}`, evidence: input.status, stage: 'status-class' };
  }

  if (subject.text || input.status) return { reason: 'onhold', ruleId: 'fallback.unmatched', evidence: display.slice(0, MAX_EVIDENCE_CHARS) || input.status, stage: 'fallback' };
  return { reason: 'undefined', ruleId: 'fallback.no-evidence', evidence: null, stage: 'fallback' };
}
