/**
 * Sendmail 8 (V8) reports: "Returned mail: see transcript for details", "Postmaster notify: see
 * transcript for details" and the delay warning "Warning: could not send message for past N
 * hours". Layout (sendmail/savemail.c, errbody()):
 *
 *      ----- The following addresses had permanent fatal errors -----
 *   <bob@example.org>
 *       (reason: 550 5.1.1 <bob@example.org>... User unknown)
 *       (expanded from: <alias@example.com>)
 *
 *      ----- Transcript of session follows -----
 *   ... while talking to mx.example.org.:
 *   >>> RCPT To:<bob@example.org>
 *   <<< 550 5.1.1 <bob@example.org>... User unknown
 *   550 5.1.1 <bob@example.org>... User unknown
 *
 * followed by an RFC 3464 message/delivery-status part. The DSN part keeps only the first line
 * of the remote reply; the transcript has all of it, the SMTP command it answered, and, when the
 * DSN has no Diagnostic-Code, Sendmail's own words ("<bob@example.org>... Deferred: Connection
 * refused by mx.example.org.", "554 5.3.0 unknown mailer error 255").
 * @module
 */
import { findReplyAndStatus } from '../../core/smtp-status.js';
import { classifyReason } from '../classify/classify-reason.js';
import { cleanAddress, parseDeliveryStatus, type DeliveryStatusReport } from '../formats/parse-delivery-status.js';
import { deliveryStatusOf, kindFromActions, recipientsFromDsn } from '../formats/rfc3464-dsn.js';
import type { BounceMessage, MtaParser, NdrExtract, RecipientMatter, SmtpCommand } from '../types.js';
import { readTranscript, type TranscriptSession, type TranscriptStep } from './smtp-transcript.js';

const FATAL_HEADING = /^[ \t]*-{3,}[ \t]*The following addresses had (?:permanent fatal|transient non-fatal) errors[ \t]*-{3,}/im;
const TRANSCRIPT_HEADING = /^[ \t]*-{3,}[ \t]*Transcript of session follows[ \t]*-{3,}/im;
/** Where the returned original (or its header) starts in a plain-text Sendmail report. */
const ORIGINAL_HEADING = /^[ \t]*-{3,}[ \t]*(?:Original message follows|Message header follows|Original message header follows|Unsent message follows)[ \t]*-{3,}/im;
/** "... while talking to mx.example.org.:" (V8). */
const V8_SESSION = /^\.\.\. while talking to ([^\s:]+):?\s*$/;
/** Sendmail's own line about one address: "550 5.1.1 <bob@example.org>... User unknown". */
const OWN_ADDRESS_LINE = /^(?:([45]\d\d)[ \t]+(?:([45]\.\d{1,3}\.\d{1,3})[ \t]+)?)?<?([^\s<>]{1,256}@[^\s<>]{1,256}?)>?\.\.\.[ \t]+(\S.*)$/;
/** A status line without an address: "554 5.3.0 unknown mailer error 255" (Sendmail), "550 sorry, ..." (Active!Hunter). */
const OWN_STATUS_LINE = /^([45]\d\d)[ \t]+(?:([45]\.\d{1,3}\.\d{1,3})[ \t]+)?(\S.*)$/;
/** Status lines Sendmail adds after every failed session; they say nothing about the cause. */
const BOILERPLATE = /^\d{3} \d\.\d\.\d (?:Service unavailable|Data format error)\s*$/i;
const QUEUE_NOTE = /^(?:Warning: message still undelivered after .{1,40}|Message could not be delivered for .{1,40}|Will keep trying until message is .{1,40})$/i;

interface ErrorEntry {
  address: string;
  reason: string | null;
  expandedFrom: string | null;
}

interface SendmailText {
  errors: ErrorEntry[];
  sessions: TranscriptSession[];
  /** Sendmail's own lines about an address, by lower-case address. */
  ownByAddress: Map<string, string[]>;
  /** Addresses in the order Sendmail's own lines name them. */
  ownOrder: string[];
  /** Sendmail's own status lines without an address (mailer errors, hop counts). */
  ownStatus: string[];
  queueNotes: string[];
}

/** Removes one level of "> " quoting when the whole report was forwarded inline. */
function unquoted(text: string): string {
  if (FATAL_HEADING.test(text) || TRANSCRIPT_HEADING.test(text)) return text;
  if (!/^>[ \t]*-{3,}[ \t]*(?:The following addresses had|Transcript of session follows)/m.test(text)) return text;
  return text.split('\n').map((line) => (line.startsWith('>') ? line.slice(line.startsWith('> ') ? 2 : 1) : line)).join('\n');
}

function isV8Report(text: string, msg: BounceMessage): boolean {
  if (FATAL_HEADING.test(text)) return true;
  if (!TRANSCRIPT_HEADING.test(text)) return false;
  // V5 Sendmail has the transcript but no DSN, no address list and "While talking to" (capital W).
  return msg.deliveryStatus !== null || /^\.\.\. while talking to /m.test(text) || /see transcript for details|could not send message for past/i.test(msg.subject);
}

function readErrors(lines: readonly string[]): ErrorEntry[] {
  const errors: ErrorEntry[] = [];
  let current: ErrorEntry | null = null;
  for (const line of lines) {
    if (!line.trim()) continue;
    if (/^[ \t]/.test(line)) {
      const m = /^\s*\((reason|expanded from):\s*(.*?)\)?\s*$/i.exec(line);
      if (m && current) {
        if (m[1]?.toLowerCase() === 'reason') current.reason = m[2]?.trim() || null;
        else current.expandedFrom = cleanAddress(m[2] ?? '') || null;
      }
      continue;
    }
    const address = cleanAddress(line.trim());
    current = { address, reason: null, expandedFrom: null };
    if (errors.length < 1000) errors.push(current);
  }
  return errors;
}

function readSendmailText(text: string): SendmailText {
  const end = text.search(ORIGINAL_HEADING);
  const body = end > 0 ? text.slice(0, end) : text;
  const fatal = FATAL_HEADING.exec(body);
  const transcript = TRANSCRIPT_HEADING.exec(body);
  const errorsEnd = transcript && fatal && transcript.index > fatal.index ? transcript.index : body.length;
  const errors = fatal ? readErrors(body.slice(fatal.index + fatal[0].length, errorsEnd).split('\n')) : [];
  const transcriptLines = transcript ? body.slice(transcript.index + transcript[0].length).split('\n') : [];
  const sessions = readTranscript(transcriptLines, (line) => V8_SESSION.exec(line)?.[1]);
  const ownByAddress = new Map<string, string[]>();
  const ownOrder: string[] = [];
  const ownStatus: string[] = [];
  const queueNotes: string[] = [];
  for (const raw of transcriptLines) {
    const line = raw.trim();
    if (!line || /^(?:>>>|<<<|\.\.\. while talking to )/.test(line)) continue;
    const own = OWN_ADDRESS_LINE.exec(line);
    if (own?.[3]) {
      const key = cleanAddress(own[3]).toLowerCase();
      if (!ownByAddress.has(key)) {
        ownByAddress.set(key, []);
        ownOrder.push(key);
      }
      ownByAddress.get(key)?.push(line);
      continue;
    }
    if (OWN_STATUS_LINE.test(line)) {
      if (!BOILERPLATE.test(line)) ownStatus.push(line);
      continue;
    }
    if (QUEUE_NOTE.test(line)) queueNotes.push(line);
  }
  return { errors, sessions, ownByAddress, ownOrder, ownStatus, queueNotes };
}

/** The part of a reply after its code and status, lower-case, for comparing two copies of it. */
function replyWords(text: string): string {
  return text.replace(/^\s*\d{3}[ -]?\s*(?:[245]\.\d{1,3}\.\d{1,3}\s*)?/, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** True when a text has no words of the remote server (empty, "255", "Deferred: 421"). */
function isWordless(text: string | null | undefined): boolean {
  if (!text) return true;
  return !/[a-z]{3}/i.test(text.replace(/^Deferred:\s*/i, '').replace(/\b[45]\d\d\b|\b[45]\.\d{1,3}\.\d{1,3}\b/g, ''));
}

interface FoundReply {
  reply: string;
  step: TranscriptStep;
  session: TranscriptSession;
}

/** The transcript reply that the DSN's (first-line) diagnostic comes from. */
function replyMatching(sessions: readonly TranscriptSession[], diagnostic: string): FoundReply | null {
  const words = replyWords(diagnostic);
  if (!words) return null;
  for (const session of sessions) {
    for (const step of session.steps) {
      for (const reply of step.replies) {
        if (replyWords(reply).startsWith(words)) return { reply, step, session };
      }
    }
  }
  return null;
}

/** The reply to `RCPT To:<address>`, or the first failure reply of the last session. */
function replyFor(sessions: readonly TranscriptSession[], address: string, onlyRecipient: boolean): FoundReply | null {
  const key = address.toLowerCase();
  for (const session of sessions) {
    for (const step of session.steps) {
      if (step.command === 'RCPT' && step.sent?.toLowerCase().includes(key) && step.replies[0]) {
        return { reply: step.replies[0], step, session };
      }
    }
  }
  if (!onlyRecipient) return null;
  const last = sessions[sessions.length - 1];
  for (const step of last?.steps ?? []) {
    const reply = step.replies.find((r) => /^[45]/.test(r));
    if (reply) return { reply, step, session: last as TranscriptSession };
  }
  return null;
}

function commandOf(step: TranscriptStep): SmtpCommand | undefined {
  if (step.command === null) return 'CONN';
  if (step.command === 'QUIT' || step.command === 'RSET' || step.command === 'OTHER') return undefined;
  return step.command;
}

function dsnOf(msg: BounceMessage, text: string): DeliveryStatusReport | null {
  const report = deliveryStatusOf(msg);
  if (report || text === msg.text) return report;
  // A report forwarded inline: the DSN fields are in the (unquoted) text.
  const at = text.search(/^(?:Reporting-MTA|Final-Recipient|Original-Recipient):/im);
  if (at < 0) return null;
  const parsed = parseDeliveryStatus(text.slice(at, at + 64 * 1024));
  return parsed.recipients.length > 0 ? parsed : null;
}

/** Improves one recipient with what the human text says about it. */
function enrich(matter: RecipientMatter, entry: ErrorEntry | undefined, text: SendmailText, onlyRecipient: boolean): void {
  const keys = [matter.recipient, matter.originalRecipient, entry?.address].filter((k): k is string => Boolean(k)).map((k) => k.toLowerCase());
  let diagnostic = matter.diagnosticCode?.trim() ?? '';
  let found: FoundReply | null = null;
  if (isWordless(diagnostic)) {
    const candidates: string[] = [];
    if (entry?.reason) candidates.push(entry.reason);
    for (const key of keys) {
      for (const line of text.ownByAddress.get(key) ?? []) {
        candidates.push(/^\d{3} /.test(line) ? line : line.replace(/^.*?\.\.\.\s+/, ''));
      }
    }
    for (const key of keys) {
      found ??= replyFor(text.sessions, key, false);
    }
    found ??= replyFor(text.sessions, matter.recipient, onlyRecipient);
    if (found) candidates.push(found.reply);
    candidates.push(...text.ownStatus);
    const best = candidates.find((c) => !isWordless(c)) ?? candidates.find((c) => c.trim() !== '') ?? diagnostic;
    diagnostic = best.trim();
    if (isWordless(diagnostic) && text.queueNotes.length > 0) diagnostic = [diagnostic, ...text.queueNotes].filter(Boolean).join(' ');
  }
  // The DSN and the "(reason: ...)" line keep only the first line of a multi-line reply; the
  // transcript has all of it.
  const whole = isWordless(diagnostic) ? null : replyMatching(text.sessions, diagnostic);
  if (whole) {
    found = whole;
    if (replyWords(whole.reply).length > replyWords(diagnostic).length) diagnostic = whole.reply;
  }
  if (diagnostic) matter.diagnosticCode = diagnostic;
  if (found) {
    let command = commandOf(found.step);
    // Pipelining (RFC 2920): replies to the RCPT commands arrive after ">>> DATA"; only the
    // last reply of the step answers DATA itself.
    if (found.step.command === 'DATA' && found.step.replies.indexOf(found.reply) < found.step.replies.length - 1) command = 'RCPT';
    if (command) matter.command = command;
    if (!matter.remoteMta && found.session.host) matter.remoteMta = found.session.host;
    if (command === 'CONN' && /^5/.test(found.reply)) refusedAtGreeting(matter, found.reply);
  }
  // Sendmail's DSN Status is its own summary (4.4.7 when the queue time ran out, a translation
  // of a bare reply code); the remote server's enhanced status code is more precise.
  const inText = diagnostic ? findReplyAndStatus(diagnostic).status : null;
  if (inText) matter.status = inText;
}

/**
 * A permanent refusal in the server's greeting, before the message or its envelope was sent,
 * refuses the connecting client (RFC 5321 section 3.1: 554 instead of 220). Sendmail's Status for
 * a reply without an enhanced code is its own translation of the reply code (5.5.0 for 554), so
 * the status class says nothing here; the remote server's words still decide when they can.
 */
function refusedAtGreeting(matter: RecipientMatter, reply: string): void {
  const words = classifyReason({
    diagnosticCode: reply, status: null, replyCode: null, remoteMta: null, recipient: null, command: 'CONN', action: null,
  });
  if (words.stage !== 'command' && words.stage !== 'fallback') return;
  matter.reason = 'blocked';
  matter.ruleId = 'sendmail.refused-at-greeting';
  matter.evidence = reply;
}

function isSendmail(msg: BounceMessage): boolean {
  return /see transcript for details|could not send message for past/i.test(msg.subject) || FATAL_HEADING.test(msg.text);
}

/** Reads a Sendmail-style report; `mta` names the product that wrote it (Sendmail or a look-alike). */
export function parseSendmailReport(msg: BounceMessage, mta: string): NdrExtract | null {
  const text = unquoted(msg.text);
  if (!isV8Report(text, msg)) return null;
  const human = readSendmailText(text);
  const dsn = dsnOf(msg, text);
  let recipients: RecipientMatter[] = dsn ? recipientsFromDsn(dsn).filter((r) => r.recipient) : [];
  if (recipients.length === 0) {
    const addresses = human.errors.length > 0 ? human.errors.map((e) => e.address) : human.ownOrder;
    recipients = addresses.filter((a) => a.includes('@')).map((recipient) => ({ recipient }));
    const delay = /could not send message for past|transient non-fatal errors|THIS IS A WARNING MESSAGE ONLY/i.test(msg.subject + '\n' + text);
    for (const r of recipients) r.action = delay ? 'delayed' : 'failed';
  }
  if (recipients.length === 0) return null;
  const onlyRecipient = recipients.length === 1;
  recipients.forEach((matter, index) => {
    const key = matter.recipient.toLowerCase();
    const entry = human.errors.find((e) => e.address.toLowerCase() === key || e.expandedFrom?.toLowerCase() === key)
      ?? (human.errors.length === recipients.length ? human.errors[index] : undefined);
    enrich(matter, entry, human, onlyRecipient);
  });
  const extract: NdrExtract = { mta, kind: kindFromActions(recipients), recipients };
  if (dsn?.perMessage.reportingMta) extract.reportingMta = dsn.perMessage.reportingMta;
  return extract;
}

export const sendmailParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'sendmail',
  description: 'Sendmail 8 reports ("----- The following addresses had permanent fatal errors -----", session transcript, DSN)',
  hint: isSendmail,
  parse: (msg) => parseSendmailReport(msg, 'sendmail'),
};
