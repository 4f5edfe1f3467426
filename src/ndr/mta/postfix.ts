/**
 * Postfix bounce(8) reports: "Undelivered Mail Returned to Sender" (failures), "Delayed Mail
 * (still being retried)" (warnings), "Successful Mail Delivery Report" (DSN success), old
 * Postfix without a delivery-status part, reports in translated templates (bounce_template_file,
 * e.g. ISP templates in Japanese), and the smtpd(8) postmaster notice "Postfix SMTP server:
 * errors from ..." with its session transcript.
 *
 * Recognised by Postfix's own marks, not by "it has a DSN": the per-message fields
 * `X-Postfix-Queue-ID` / `X-Postfix-Sender` (named after `mail_name`, so a rebranded Postfix
 * writes `X-<name>-Queue-ID`), the diagnostic type `X-Postfix`, and the template lines
 * "This is the mail system at host ..." / "The mail system" (bounce_template.c).
 *
 * The delivery-status part gives recipients, actions and statuses; the text blocks give the
 * remote reply whole, the remote host and the SMTP command ("in reply to RCPT TO command").
 * Postfix's own words (no remote reply) are read with a small table: they are the MTA's format,
 * so the parser decides those reasons.
 * @module
 */
import { findReplyAndStatus } from '../../core/smtp-status.js';
import { header } from '../../mime/header-lines.js';
import { deliveryStatusOf, kindFromActions, recipientsFromDsn } from '../formats/rfc3464-dsn.js';
import type { DeliveryStatusReport } from '../formats/parse-delivery-status.js';
import { addressesIn } from '../report-text.js';
import type { BounceMessage, DsnAction, MtaParser, NdrExtract, RecipientMatter } from '../types.js';
import { applyOwnWords, type OwnWordsRule } from './own-words.js';
import { unwrapJoinedReply } from './smtp-transcript.js';
import { readPostfixText, readTranscript, type PostfixTextRecipient } from './postfix-text.js';

/** Subjects bounce(8) and smtpd(8) write (bounce_template.c, smtpd_chat.c). */
const POSTFIX_SUBJECT = /^(?:Undelivered Mail Returned to Sender|Delayed Mail \(still being retried\)|Successful Mail Delivery Report|Mail Delivery Status Report|Postfix SMTP (?:server|client): errors from\b)/i;
/** Template lines of bounce(8), English and customised names ("The <name> program"). */
const TEMPLATE_LINE = /^(?:This is the (?:mail system|Postfix program|[\w.-]{1,40} (?:Postfix )?program) at host\b|[ \t]+The (?:mail system|Postfix program|[\w.-]{1,40} (?:Postfix )?program)[ \t]*$)/m;
const REPORT_UNAVAILABLE = /^\s*--- Delivery report unavailable ---/m;
/** `X-Postfix-Queue-ID:` or `X-<mail_name>-Queue-ID:` plus the matching `-Sender:` field. */
const QUEUE_ID_FIELD = /^X-([A-Za-z0-9_.-]{1,40})-Queue-ID:/m;
const POSTFIX_DIAGNOSTIC = /^Diagnostic-Code:\s*X-Postfix\s*;/im;
/** `host mx.example.net[192.0.2.1] refused to talk to me: 554 ...` (smtp_proto.c), with its host. */
const REFUSAL = /(?:\bhost \S+|\bconnect to \S+?: server)\s+refused to talk to me:[\s\S]*$/;
/** Where the returned original starts in a text that holds the whole report (forwarded reports). */
const ORIGINAL_START = /^(?:Content-Description: Undelivered Message|Content-Type:\s*(?:message\/rfc822|text\/rfc822-headers))/im;

/** Postfix's own failure wording (no remote reply), decided by the parser. */
const OWN_WORDS: OwnWordsRule[] = [
  // pipe(8)/local(8): an external command (procmail, maildrop, an LDA) failed; its output follows.
  { id: 'postfix.command-failed', pattern: /\bCommand output:|\bCommand died with (?:status|signal)\b|\bCommand time limit exceeded\b/i, reason: 'mailererror', unless: /quota|mailbox (?:is )?full|mailfolder is full|disk full|no space left|too (?:large|big)/i },
  // smtp_addr.c: "Host or domain name not found. Name service error for name=... type=...: Host not found".
  { id: 'postfix.host-not-found', pattern: /\bHost or domain name not found\b/i, reason: 'hostunknown', unless: /try again/i },
  { id: 'postfix.dns-error', pattern: /\bName service error for name=|\bHost not found, try again\b/i, reason: 'networkerror' },
  // Connection failures are always temporary to Postfix (smtp_connect.c, status 4.4.1); one that
  // ends in a bounce means the queue lifetime ran out (maximal_queue_lifetime). Postfix keeps
  // the last 4.4.1 status and writes Action: failed; old reports without a DSN carry no status.
  {
    id: 'postfix.queue-lifetime-expired',
    pattern: /\bconnect to \S+?(?:\[[^\]\s]*\])?(?::\d+)?: Connection (?:timed out|refused)/i,
    reason: 'expired',
    when: (m) => m.action === 'failed' && (!m.status || /^4\./.test(m.status)),
  },
  // smtp_addr.c: "Domain example.org does not accept mail (nullMX)" (RFC 7505, status 5.1.10).
  { id: 'postfix.null-mx', pattern: /\bdoes not accept mail \(nullMX\)/i, reason: 'notaccept' },
];

function hasForeignBrand(msg: BounceMessage, label: string): boolean {
  // A provider that renamed Postfix (mail_name) and brands its own headers has its own parser.
  const prefix = `x-${label.toLowerCase()}-`;
  return label.toLowerCase() !== 'postfix' && msg.headers.some((h) => h.name.startsWith(prefix));
}

/** Postfix's marks in the delivery-status part (or in a text that carries the report). */
function hasPostfixFields(msg: BounceMessage): boolean {
  for (const body of [msg.deliveryStatus ?? '', msg.deliveryStatus ? '' : msg.text]) {
    if (!body) continue;
    if (POSTFIX_DIAGNOSTIC.test(body)) return true;
    const label = QUEUE_ID_FIELD.exec(body)?.[1];
    if (label && new RegExp(`^X-${label.replace(/[.]/g, '\\.')}-Sender:\\s*rfc822;`, 'im').test(body) && !hasForeignBrand(msg, label)) return true;
  }
  return false;
}

function isTranscriptNotice(msg: BounceMessage): boolean {
  return /^Postfix SMTP (?:server|client): errors from\b/i.test(msg.subject) && /^Transcript of session follows\.?\s*$/m.test(msg.text);
}

export function isPostfixReport(msg: BounceMessage): boolean {
  if (header(msg.headers, 'x-aol-ip') !== null) return false;
  if (hasPostfixFields(msg)) return true;
  if (isTranscriptNotice(msg)) return true;
  const text = msg.text;
  if (!TEMPLATE_LINE.test(text) || /qmail/i.test(TEMPLATE_LINE.exec(text)?.[0] ?? '')) return false;
  const label = QUEUE_ID_FIELD.exec(msg.deliveryStatus ?? '')?.[1];
  if (label && hasForeignBrand(msg, label)) return false;
  return POSTFIX_SUBJECT.test(msg.subject) || REPORT_UNAVAILABLE.test(text) || readPostfixText(text).length > 0;
}

function reportBody(msg: BounceMessage): string {
  const text = msg.text;
  const cut = text.search(ORIGINAL_START);
  return cut > 0 ? text.slice(0, cut) : text;
}

/** The remote reply inside a diagnostic that Postfix wrote with its own prefix (type X-Postfix). */
function replyInDiagnostic(diagnostic: string): string | null {
  const text = readPostfixText(`<x@x>: ${diagnostic.replace(/\s+/g, ' ')}`)[0];
  return text?.reply ?? null;
}

/** Completes one recipient from its text block: the whole reply, the host, the command. */
function applyText(matter: RecipientMatter, text: PostfixTextRecipient | undefined): void {
  const dsnDiagnostic = matter.diagnosticCode ?? '';
  const dsnReply = dsnDiagnostic ? replyInDiagnostic(dsnDiagnostic) : null;
  const reply = text?.reply ?? dsnReply;
  const refusal = REFUSAL.exec(text?.text ?? dsnDiagnostic.replace(/\s+/g, ' '));
  if (refusal) {
    // Refused at the greeting: Postfix's statement says what the reply alone does not.
    matter.diagnosticCode = refusal[0].trim();
    matter.command = 'CONN';
    // smtp_skip_5xx_greeting: Postfix turns a 5xx greeting into a soft error (DSN class 4) and
    // tries again; the server's own status is the one that says what happened.
    const own = findReplyAndStatus(reply ?? '').status;
    if (own && matter.status && own !== matter.status && own.slice(1) === matter.status.slice(1)) matter.status = own;
  } else if (reply) {
    matter.diagnosticCode = reply;
  } else if (text?.text && (!dsnDiagnostic || text.text.includes(dsnDiagnostic.replace(/\s+/g, ' ').slice(0, 40)))) {
    // Postfix's own words: the text block holds the DSN's diagnostic and says more around it.
    matter.diagnosticCode = text.text;
  }
  if (text?.command && !matter.command) matter.command = text.command;
  if (!matter.remoteMta && text?.remoteHost) matter.remoteMta = text.remoteHost;
  // Postfix's own words only: a diagnostic that is a remote reply is the classifier's to read.
  if (!reply && !/^[2-5]\d\d[ -]/.test(matter.diagnosticCode ?? '')) applyOwnWords(matter, `${text?.text ?? ''} ${dsnDiagnostic}`.trim(), OWN_WORDS);
}

function matchText(matter: RecipientMatter, texts: readonly PostfixTextRecipient[], single: boolean): PostfixTextRecipient | undefined {
  const wanted = [matter.recipient, matter.originalRecipient].filter(Boolean).map((a) => (a as string).toLowerCase());
  return texts.find((t) => wanted.includes(t.recipient.toLowerCase()) || (t.alias !== null && wanted.includes(t.alias.toLowerCase())))
    ?? (single && texts.length === 1 ? texts[0] : undefined);
}

function defaultAction(msg: BounceMessage): DsnAction {
  if (/^Delayed Mail\b/i.test(msg.subject)) return 'delayed';
  if (/^Successful Mail Delivery Report/i.test(msg.subject)) return 'delivered';
  return 'failed';
}

function fromTranscript(msg: BounceMessage): NdrExtract | null {
  const recipients: RecipientMatter[] = readTranscript(msg.text).map((f) => {
    const matter: RecipientMatter = { recipient: f.recipient, action: 'failed', diagnosticCode: f.reply };
    if (f.command) matter.command = f.command;
    return matter;
  });
  if (recipients.length === 0) return null;
  const extract: NdrExtract = { mta: 'postfix', kind: 'bounce', recipients };
  const peer = /errors from\s+([^\s[]+)/i.exec(msg.subject)?.[1];
  if (/^Postfix SMTP client:/i.test(msg.subject)) {
    // smtp(8): the subject names the server that replied.
    for (const matter of recipients) if (peer) matter.remoteMta = peer;
  } else {
    // smtpd(8): the replies are this Postfix's own; the subject names the client.
    const server = /^\s*Out:\s+220[ -](\S+)/m.exec(msg.text)?.[1];
    if (server) {
      extract.reportingMta = server;
      for (const matter of recipients) matter.reportingMta = server;
    }
  }
  return extract;
}

function fromDsn(report: DeliveryStatusReport, texts: readonly PostfixTextRecipient[]): RecipientMatter[] {
  const recipients = recipientsFromDsn(report);
  for (const matter of recipients) {
    if (matter.reason === 'delivered') continue;
    // `Diagnostic-Code: X-mPOP-Fallback_MX; ...`: a renamed Postfix writes its mail_name as the type.
    const typed = matter.diagnosticCode ? /^(X-[\w.-]{1,40})\s*;\s*/i.exec(matter.diagnosticCode) : null;
    if (typed?.[1] && matter.diagnosticCode) {
      matter.diagnosticType ??= typed[1].toUpperCase();
      matter.diagnosticCode = matter.diagnosticCode.slice(typed[0].length);
    }
    if (matter.diagnosticCode && /^[2-5]\d\d[ -]/.test(matter.diagnosticCode)) matter.diagnosticCode = unwrapJoinedReply(matter.diagnosticCode.replace(/\s+/g, ' '));
    applyText(matter, matchText(matter, texts, recipients.length === 1));
  }
  return recipients;
}

function fromText(msg: BounceMessage, texts: readonly PostfixTextRecipient[], body: string): RecipientMatter[] {
  const action = defaultAction(msg);
  const recipients = texts.map((text) => {
    const matter: RecipientMatter = { recipient: text.recipient, action };
    if (text.alias) matter.originalRecipient = text.alias;
    applyText(matter, text);
    return matter;
  });
  if (recipients.length === 0 && REPORT_UNAVAILABLE.test(body) && msg.originalHeaders) {
    // "--- Delivery report unavailable ---" (bounce_notify_util.c): only the original's To: is left.
    for (const address of addressesIn(header(msg.originalHeaders, 'to') ?? '').slice(0, 20)) {
      recipients.push({ recipient: address, action });
    }
  }
  return recipients;
}

export const postfixParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'postfix',
  description: 'Postfix bounce, delay and success reports, and smtpd postmaster transcripts',
  hint: (msg) => hasPostfixFields(msg) || (POSTFIX_SUBJECT.test(msg.subject) && TEMPLATE_LINE.test(msg.text)),
  parse(msg) {
    if (!isPostfixReport(msg)) return null;
    if (isTranscriptNotice(msg)) return fromTranscript(msg);
    const body = reportBody(msg);
    const texts = readPostfixText(body);
    const report = deliveryStatusOf(msg);
    let recipients = report ? fromDsn(report, texts) : [];
    if (recipients.length === 0) recipients = fromText(msg, texts, body);
    recipients = recipients.filter((r) => r.recipient);
    if (recipients.length === 0) return null;
    const reportingMta = report?.perMessage.reportingMta ?? /^This is the .{1,60}? at host ([^\s]+?)\.?\s*$/m.exec(body)?.[1];
    if (reportingMta) for (const matter of recipients) matter.reportingMta ??= reportingMta;
    const extract: NdrExtract = { mta: 'postfix', kind: kindFromActions(recipients), recipients };
    if (reportingMta) extract.reportingMta = reportingMta;
    return extract;
  },
};
