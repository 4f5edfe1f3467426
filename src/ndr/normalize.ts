/**
 * Turns what a parser found into clean values: addresses without brackets, the status and reply
 * code taken from the diagnostic text when the report fields lack them or only say x.0.0, host
 * names without `dns;`, and the SMTP command the failure happened at.
 * @module
 */
import { findReplyAndStatus, normalizeStatus } from '../core/smtp-status.js';
import { MAX_DIAGNOSTIC_CHARS } from '../core/limits.js';
import { trimChars } from '../core/trim-chars.js';
import { cleanAddress, typedValue } from './formats/parse-delivery-status.js';
import type { RecipientMatter, SmtpCommand } from './types.js';

export interface NormalizedMatter {
  recipient: string;
  originalRecipient: string | null;
  status: string | null;
  replyCode: string | null;
  diagnosticCode: string | null;
  remoteMta: string | null;
  reportingMta: string | null;
  command: SmtpCommand | null;
}

/** The SMTP command named by typical MTA wording ("in reply to RCPT TO command", "after end of data"). */
export function commandIn(text: string): SmtpCommand | null {
  const t = text.toLowerCase();
  if (/\b(?:rcpt to|rcpt command|recipient command|in reply to rcpt)/.test(t)) return 'RCPT';
  if (/\b(?:mail from|mail command|in reply to mail)/.test(t)) return 'MAIL';
  if (/\b(?:end of data|after data|data command|in reply to data|message content|after end of message)\b/.test(t)) return 'DATA';
  if (/\bstarttls\b/.test(t)) return 'STARTTLS';
  if (/\bin reply to (?:ehlo|helo)\b|\b(?:ehlo|helo) (?:command|rejected)/.test(t)) return 'EHLO';
  if (/\b(?:greeting|banner|while connected|initial connection)\b/.test(t)) return 'CONN';
  return null;
}

export function cleanHost(value: string | undefined | null): string | null {
  if (!value) return null;
  let host = typedValue(value).value.trim();
  const comment = host.indexOf('(');
  if (comment >= 0) host = host.slice(0, comment);
  host = trimChars(host.trim(), '[', '].').trim();
  return host || null;
}

export function normalizeMatter(matter: RecipientMatter): NormalizedMatter {
  const diagnostic = matter.diagnosticCode ? matter.diagnosticCode.slice(0, MAX_DIAGNOSTIC_CHARS).replace(/\s+/g, ' ').trim() : null;
  const found = diagnostic ? findReplyAndStatus(diagnostic) : { replyCode: null, status: null };
  let status = normalizeStatus(matter.status ?? null);
  // A report's own x.0.0 is less precise than the remote server's words (Sisimai does the same),
  // and where both are specific the remote server's own code is the first-hand one.
  if (found.status && (!status || (found.status[0] === status[0] && (/\.0\.0$/.test(status) || !/\.0\.0$/.test(found.status))))) status = found.status;
  if (!status && found.status) status = found.status;
  const replyCode = matter.replyCode ?? found.replyCode;
  return {
    recipient: cleanAddress(matter.recipient),
    originalRecipient: matter.originalRecipient ? cleanAddress(matter.originalRecipient) : null,
    status,
    replyCode,
    diagnosticCode: diagnostic,
    remoteMta: cleanHost(matter.remoteMta),
    reportingMta: cleanHost(matter.reportingMta),
    command: matter.command ?? (diagnostic ? commandIn(diagnostic) : null),
  };
}
