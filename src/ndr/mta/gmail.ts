/**
 * Gmail's plain-text delivery reports (the layout Google used before its multipart reports):
 * "Delivery to the following recipient failed permanently:" (or "has been delayed:"), the
 * recipients indented below, then "Technical details of permanent failure:" with Google's own
 * words and, when the other server answered, "The error that the other server returned was:"
 * followed by that server's reply. Google doubles the reply code ("554 554 5.7.1 ...") and may
 * append its SMTP client state ("(state 14)"); both are taken off the remote server's words.
 * @module
 */
import { addressesIn, textBeforeOriginal } from '../report-text.js';
import type { BounceMessage, MtaParser, NdrExtract, RecipientMatter, SmtpCommand } from '../types.js';
import { failedRecipientsHeader, isGoogleDaemon } from './google-signals.js';

/** The sentence that introduces the recipients ("recipient", "recipients", permanent or delayed). */
const HEADING = /^\s*Delivery to the following recipients? (?:failed permanently|failed temporarily|has been delayed|have been delayed|failed)\b/im;
const DETAILS = /^\s*Technical details of (?:permanent|temporary) failure:?\s*/i;
const DETAILS_ANYWHERE = /^\s*Technical details of (?:permanent|temporary) failure/im;
const OTHER_SERVER = /The error that the other server returned was:\s*/i;
/** "... rejected by the server for the recipient domain example.org by mx.example.org. [192.0.2.1]." */
const REJECTED_BY = /rejected by the server for the recipient domain \S{1,255} by ([A-Za-z0-9][A-Za-z0-9.-]{0,253}?)\.? \[/i;
/** Google's SMTP client state at the failure, appended to the reply: "(state 14)." */
const STATE = /\s*\(state (\d{1,2})\)\.?\s*$/i;
const GOOGLE_WORDS = /Google tried to deliver|support\.google\.com|mail\.google\.com/i;
const MAX_RECIPIENT_LINES = 60;
const MAX_DETAIL_LINES = 40;

/**
 * The SMTP phase of the client states that Gmail's reports show with replies of a known phase
 * (14 with RCPT TO replies such as "User Unknown", 15 and 18 with replies to the message data).
 */
const STATE_COMMAND: Record<string, SmtpCommand> = { '14': 'RCPT', '15': 'DATA', '18': 'DATA' };

function isGmailReport(msg: BounceMessage): boolean {
  const head = msg.text.slice(0, 16 * 1024);
  if (isGoogleDaemon(msg)) return HEADING.test(head) || DETAILS_ANYWHERE.test(head);
  return DETAILS_ANYWHERE.test(head) && GOOGLE_WORDS.test(head);
}

/** The addresses listed under the heading, up to the technical details or the first prose line. */
function listedRecipients(lines: readonly string[], headingAt: number): string[] {
  const found: string[] = [];
  for (let i = headingAt + 1; i < lines.length && i <= headingAt + MAX_RECIPIENT_LINES; i++) {
    const line = lines[i] ?? '';
    if (DETAILS.test(line)) break;
    if (!line.trim()) continue;
    const addresses = addressesIn(line);
    if (addresses.length === 0) {
      if (found.length > 0) break;
      continue;
    }
    for (const address of addresses) if (!found.includes(address)) found.push(address);
  }
  return found;
}

/** The text after "Technical details of ... failure:", up to the returned original. */
function technicalDetails(lines: readonly string[]): string | null {
  const at = lines.findIndex((line) => DETAILS.test(line));
  if (at < 0) return null;
  const block = [(lines[at] ?? '').replace(DETAILS, '')];
  for (let i = at + 1; i < lines.length && i <= at + MAX_DETAIL_LINES; i++) {
    const line = lines[i] ?? '';
    if (/^\s*-{3,}/.test(line)) break;
    block.push(line);
  }
  const details = block.join(' ').replace(/\s+/g, ' ').trim();
  return details || null;
}

interface GmailDiagnostic {
  diagnostic: string;
  remoteMta: string | null;
  command: SmtpCommand | null;
}

function parseDetails(details: string): GmailDiagnostic {
  let diagnostic = details;
  const other = OTHER_SERVER.exec(details);
  if (other) diagnostic = details.slice(other.index + other[0].length).trim();
  // Google repeats the reply code in front of the reply it quotes: "554 554 5.7.1 ...".
  diagnostic = diagnostic.replace(/^([245]\d\d) \1\b/, '$1');
  let command: SmtpCommand | null = null;
  const state = STATE.exec(diagnostic);
  if (state) {
    command = STATE_COMMAND[state[1] ?? ''] ?? null;
    diagnostic = diagnostic.slice(0, state.index).trim();
  }
  const host = REJECTED_BY.exec(details);
  return { diagnostic, remoteMta: host?.[1] ?? null, command };
}

export const gmailParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'gmail',
  description: "Gmail's plain-text delivery reports (\"Technical details of permanent failure\")",
  hint: isGoogleDaemon,
  parse(msg) {
    if (!isGmailReport(msg)) return null;
    const lines = textBeforeOriginal(msg.text).split('\n');
    const headingAt = lines.findIndex((line) => HEADING.test(line));
    const heading = headingAt >= 0 ? (lines[headingAt] ?? '').trim() : '';
    let recipients = headingAt >= 0 ? listedRecipients(lines, headingAt) : [];
    if (recipients.length === 0) recipients = failedRecipientsHeader(msg);
    if (recipients.length === 0) return null;
    const delayed = /delayed/i.test(heading);
    const details = technicalDetails(lines);
    const parsed = details ? parseDetails(details) : null;
    const matters = recipients.map((recipient) => {
      const matter: RecipientMatter = { recipient, action: delayed ? 'delayed' : 'failed' };
      if (parsed) {
        matter.diagnosticCode = parsed.diagnostic;
        if (parsed.remoteMta) matter.remoteMta = parsed.remoteMta;
        if (parsed.command) matter.command = parsed.command;
      } else if (delayed) {
        // A delay warning without any reply: the message is still being retried by Google.
        matter.reason = 'expired';
        matter.ruleId = 'gmail.delayed-without-reply';
        matter.evidence = heading;
      }
      return matter;
    });
    const extract: NdrExtract = { mta: 'gmail', kind: delayed ? 'delay' : 'bounce', recipients: matters };
    return extract;
  },
};
