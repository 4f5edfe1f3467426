/**
 * SendGrid bounce notices (sent with Return-Path `<apps@sendgrid.net>`, Subject "Undelivered Mail
 * Returned to Sender"): a text part that opens with "This is an automatically generated message
 * from SendGrid." and gives one line per failed recipient,
 *
 *     bob:000000:<bob@example.org> : 192.0.2.10 : mx.example.org:[203.0.113.5] : 550 5.1.1 <bob@example.org>... User Unknown  in RCPT TO
 *
 * (local part and queue number, the address, SendGrid's sending IP, the remote host and its IP,
 * then the remote reply and the command it answered), and a message/delivery-status part with
 * SendGrid's own per-message fields `X-SendGrid-QueueID` / `X-SendGrid-Sender`, an Arrival-Date
 * written `2012-10-31 04-46-42`, and Diagnostic-Code values without a type.
 *
 * SendGrid writes `Action: expired` (not an RFC 3464 action) for a message it gave up retrying:
 * the format itself says the retry period ran out.
 * @module
 */
import { header } from '../../mime/header-lines.js';
import { deliveryStatusOf, diagnosticsFromText, kindFromActions, recipientsFromDsn } from '../formats/rfc3464-dsn.js';
import { textBeforeOriginal } from '../report-text.js';
import type { BounceMessage, MtaParser, NdrExtract, RecipientMatter, SmtpCommand } from '../types.js';

const SENDGRID_TEXT = 'This is an automatically generated message from SendGrid.';
const SENDGRID_FIELD = /^X-SendGrid-(?:QueueID|Sender):/im;
const SENDGRID_RETURN_PATH = /<?apps@sendgrid\.net>?/i;
/** `bob:000000:<bob@example.org>`: the first field of a recipient line. */
const LINE_HEAD = /^\s*[^\s<>:]{0,200}:\d{1,20}:<([^<>\s]{1,320}@[^<>\s]{1,255})>\s*$/;
/** `mx.example.org:[203.0.113.5]`: the remote host field. */
const REMOTE_FIELD = /^([A-Za-z0-9][A-Za-z0-9.-]{0,253}):\[[0-9A-Fa-f:.]{0,45}\]$/;
/** `... User Unknown  in RCPT TO`, `in MAIL FROM`, `in End of DATA`: the command SendGrid names. */
const COMMAND_TAIL = /\s+in\s+(End of DATA|DATA|RCPT TO|MAIL FROM|EHLO|HELO|CONNECT|STARTTLS)\s*$/i;
const MAX_LINES = 2_000;

interface LineRecipient {
  recipient: string;
  remoteMta: string | null;
  reply: string | null;
  command: SmtpCommand | null;
}

function commandOf(words: string): SmtpCommand | null {
  const w = words.toUpperCase();
  if (w.startsWith('RCPT')) return 'RCPT';
  if (w.startsWith('MAIL')) return 'MAIL';
  if (w.includes('DATA')) return 'DATA';
  if (w === 'EHLO' || w === 'HELO') return 'EHLO';
  if (w === 'STARTTLS') return 'STARTTLS';
  if (w === 'CONNECT') return 'CONN';
  return null;
}

/** The recipient lines of the notice's text (one per failed recipient, folded lines joined). */
function readLines(text: string): LineRecipient[] {
  const found: LineRecipient[] = [];
  const lines = text.split('\n', MAX_LINES);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? '';
    if (!line.includes(':<') || !line.includes(' : ')) continue;
    // A long reply may be folded onto indented lines.
    while (i + 1 < lines.length && /^[ \t]+\S/.test(lines[i + 1] ?? '')) line += ' ' + (lines[++i] ?? '').trim();
    const fields = line.split(' : ');
    const recipient = LINE_HEAD.exec(fields[0] ?? '')?.[1];
    if (!recipient || fields.length < 4) continue;
    const remote = REMOTE_FIELD.exec((fields[2] ?? '').trim());
    let reply = fields.slice(3).join(' : ').replace(/\s+/g, ' ').trim();
    const tail = COMMAND_TAIL.exec(reply);
    if (tail) reply = reply.slice(0, tail.index).trim();
    found.push({
      recipient,
      remoteMta: remote?.[1] ?? null,
      reply: reply || null,
      command: tail?.[1] ? commandOf(tail[1]) : null,
    });
  }
  return found;
}

export function isSendGridNotice(msg: BounceMessage): boolean {
  if (msg.deliveryStatus && SENDGRID_FIELD.test(msg.deliveryStatus)) return true;
  if (msg.text.slice(0, 16 * 1024).includes(SENDGRID_TEXT)) return true;
  return false;
}

function fromLine(line: LineRecipient): RecipientMatter {
  const matter: RecipientMatter = { recipient: line.recipient, action: 'failed' };
  if (line.reply) matter.diagnosticCode = line.reply;
  if (line.remoteMta) matter.remoteMta = line.remoteMta;
  if (line.command) matter.command = line.command;
  return matter;
}

export const sendGridParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'sendgrid',
  description: 'SendGrid bounce notices ("This is an automatically generated message from SendGrid.")',
  hint: (msg) => SENDGRID_RETURN_PATH.test(header(msg.headers, 'return-path') ?? '') || isSendGridNotice(msg),
  parse(msg) {
    if (!isSendGridNotice(msg)) return null;
    const lines = readLines(textBeforeOriginal(msg.text));
    const report = deliveryStatusOf(msg);
    let recipients: RecipientMatter[] = [];
    if (report) {
      recipients = recipientsFromDsn(report);
      recipients.forEach((matter, index) => {
        const line = lines.find((l) => l.recipient.toLowerCase() === matter.recipient.toLowerCase())
          ?? (recipients.length === 1 && lines.length === 1 ? lines[0] : undefined);
        if (line) {
          // The text line has the reply whole, with the remote host and the command.
          if (line.reply && (!matter.diagnosticCode || line.reply.length >= matter.diagnosticCode.replace(/\s+/g, ' ').trim().length)) matter.diagnosticCode = line.reply;
          if (line.remoteMta && !matter.remoteMta) matter.remoteMta = line.remoteMta;
          if (line.command) matter.command = line.command;
        }
        if (report.recipients[index]?.actionText?.toLowerCase() === 'expired') {
          matter.action = 'failed';
          matter.reason = 'expired';
          matter.ruleId = 'sendgrid.action-expired';
          matter.evidence = 'Action: expired';
        }
      });
      diagnosticsFromText(msg, report, recipients);
      recipients = recipients.filter((r) => r.recipient);
    }
    if (recipients.length === 0) recipients = lines.map(fromLine);
    if (recipients.length === 0) return null;
    const extract: NdrExtract = { mta: 'sendgrid', kind: kindFromActions(recipients), recipients };
    if (report?.perMessage.reportingMta) extract.reportingMta = report.perMessage.reportingMta;
    return extract;
  },
};
