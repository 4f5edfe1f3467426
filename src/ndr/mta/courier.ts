/**
 * Courier mail server DSNs (courier/courierdsn): From "Courier mail server at <host>" or the
 * postmaster, Subject "NOTICE: mail delivery status." / "WARNING: delayed mail.", Message-ID
 * `<courier.XXXXXXXX.XXXXXXXX@host>`, and a text that says "running the Courier mail server"
 * with one block per recipient under "UNDELIVERABLE MAIL" or "DELAYS IN DELIVERING YOUR MESSAGE":
 *
 *     <bob@example.org>:
 *         mx.example.org [192.0.2.25]:
 *     >>> RCPT TO:<bob@example.org>
 *     <<< 550 5.1.1 <bob@example.org>... User Unknown
 *
 * The `>>>` line is the command Courier sent, the `<<<` lines the reply (or Courier's own
 * message, such as "No such domain.").
 * @module
 */
import { header } from '../../mime/header-lines.js';
import { deliveryStatusOf, kindFromActions, recipientsFromDsn } from '../formats/rfc3464-dsn.js';
import type { BounceMessage, DsnAction, MtaParser, NdrExtract, RecipientMatter, SmtpCommand } from '../types.js';
import { joinReplyLines } from './smtp-transcript.js';
import { applyOwnWords, type OwnWordsRule } from './own-words.js';

const COURIER_TEXT = /\brunning the Courier mail server\b|^\s*(?:UNDELIVERABLE MAIL|DELAYS IN DELIVERING YOUR MESSAGE)\s*$/m;
const COURIER_SUBJECT = /^(?:NOTICE: mail delivery status\.|WARNING: delayed mail\.)/i;
const BLOCK_START = /^<([^<>\s]{1,320}@[^<>\s]{1,255})>:\s*$/;

/** Courier's own messages (courier/module.esmtp, courier/module.dsn). */
const OWN_WORDS: OwnWordsRule[] = [
  { id: 'courier.no-such-domain', pattern: /\bNo such domain\./, reason: 'hostunknown' },
  { id: 'courier.dns-violates-rfc1035', pattern: /\bThis domain's DNS violates RFC 1035\./, reason: 'systemerror' },
  { id: 'courier.dns-lookup-failed', pattern: /\bDNS lookup failed\./, reason: 'networkerror' },
];

interface CourierBlock {
  recipient: string;
  host: string | null;
  command: SmtpCommand | null;
  replies: string[];
}

function commandOf(sent: string): SmtpCommand | null {
  const word = /^([A-Z]{4,8})\b/.exec(sent.trim().toUpperCase())?.[1] ?? '';
  if (word === 'RCPT') return 'RCPT';
  if (word === 'MAIL') return 'MAIL';
  if (word === 'DATA') return 'DATA';
  if (word === 'EHLO' || word === 'HELO') return 'EHLO';
  if (word === 'STARTTLS') return 'STARTTLS';
  return null;
}

function readBlocks(text: string): CourierBlock[] {
  const blocks: CourierBlock[] = [];
  let current: CourierBlock | null = null;
  for (const line of text.split('\n', 5_000)) {
    const start = BLOCK_START.exec(line.trim());
    if (start?.[1]) {
      current = { recipient: start[1], host: null, command: null, replies: [] };
      blocks.push(current);
      continue;
    }
    if (!current) continue;
    if (line.trim() === '' || /^-{10,}/.test(line)) {
      if (current.replies.length > 0) current = null;
      continue;
    }
    if (line.startsWith('>>>')) {
      current.command = commandOf(line.slice(3)) ?? current.command;
    } else if (line.startsWith('<<<')) {
      if (current.replies.length < 50) current.replies.push(line.slice(3).trim());
    } else if (!current.host) {
      current.host = /^\s+([A-Za-z0-9.-]+\.[A-Za-z]{2,63})\s*(?:\[[^\]]*\])?:\s*$/.exec(line)?.[1] ?? null;
    }
  }
  return blocks;
}

export function isCourierReport(msg: BounceMessage): boolean {
  const text = msg.text;
  const messageId = header(msg.headers, 'message-id') ?? '';
  const marks = [
    /\bCourier mail server at\b/i.test(msg.from),
    COURIER_SUBJECT.test(msg.subject),
    /^<courier\.[0-9A-F]+\.[0-9A-F]+/i.test(messageId.trim()),
    COURIER_TEXT.test(text),
  ];
  return marks.filter(Boolean).length >= 2;
}

function complete(matter: RecipientMatter, block: CourierBlock | undefined): void {
  const reply = block ? joinReplyLines(block.replies) : '';
  if (reply && (!matter.diagnosticCode || reply.length > matter.diagnosticCode.length)) matter.diagnosticCode = reply;
  if (block?.command) matter.command = block.command;
  // `Remote-MTA: dns; mx.example.org [192.0.2.25]`: the host name alone.
  if (matter.remoteMta) matter.remoteMta = matter.remoteMta.trim().split(/\s+/)[0] ?? matter.remoteMta;
  if (!matter.remoteMta && block?.host) matter.remoteMta = block.host;
  const diagnostic = matter.diagnosticCode ?? '';
  if (diagnostic && !/^[2-5]\d\d[ -]/.test(diagnostic)) applyOwnWords(matter, diagnostic, OWN_WORDS);
}

export const courierParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'courier',
  description: 'Courier mail server delivery status notifications',
  hint: (msg) => COURIER_SUBJECT.test(msg.subject) || /\bCourier mail server at\b/i.test(msg.from),
  parse(msg) {
    if (!isCourierReport(msg)) return null;
    const text = msg.text;
    const blocks = readBlocks(text);
    const action: DsnAction = /^\s*DELAYS IN DELIVERING YOUR MESSAGE\s*$/m.test(text) ? 'delayed' : 'failed';
    const report = deliveryStatusOf(msg);
    let recipients: RecipientMatter[] = report ? recipientsFromDsn(report) : [];
    if (recipients.length === 0) recipients = blocks.map((b) => ({ recipient: b.recipient, action }));
    recipients = recipients.filter((r) => r.recipient);
    if (recipients.length === 0) return null;
    for (const matter of recipients) {
      if (matter.reason === 'delivered') continue;
      const block = blocks.find((b) => b.recipient.toLowerCase() === matter.recipient.toLowerCase())
        ?? (recipients.length === 1 && blocks.length === 1 ? blocks[0] : undefined);
      complete(matter, block);
    }
    const extract: NdrExtract = { mta: 'courier', kind: kindFromActions(recipients), recipients };
    if (report?.perMessage.reportingMta) extract.reportingMta = report.perMessage.reportingMta;
    return extract;
  },
};
