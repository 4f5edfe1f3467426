/**
 * Yahoo Mail's outbound failure notices ("Failure Notice"): "Sorry, we were unable to deliver
 * your message to the following address.", then per recipient "<bob@example.org>:" and the other
 * server's reply, usually after "Remote host said:" and followed by the SMTP phase in brackets
 * ("[RCPT_TO]", "[MAIL_FROM]", "[DATA]"). Recognised by Yahoo's X-YMail-* headers or sender.
 * @module
 */
import { textBeforeOriginal } from '../report-text.js';
import type { BounceMessage, MtaParser, NdrExtract, RecipientMatter, SmtpCommand } from '../types.js';

const OPENING = 'Sorry, we were unable to deliver your message to the following address';
const RECIPIENT_LINE = /^\s*<([^<>\s@]{1,128}@[^<>\s]{1,255})>:\s*$/;
const REMOTE_SAID = /^\s*Remote host said:\s*/i;
/** The SMTP phase Yahoo appends to the reply: "[RCPT_TO]". */
const PHASE = /\s*\[(RCPT_TO|MAIL_FROM|DATA|BODY|END_OF_DATA|EHLO|HELO|CONNECT|STARTTLS)\]\s*$/i;
const LEADING_REPLY = /^([245]\d\d)(?::\s|[ -])/;
const MAX_LINES_PER_RECIPIENT = 20;

const PHASE_COMMAND: Record<string, SmtpCommand> = {
  RCPT_TO: 'RCPT', MAIL_FROM: 'MAIL', DATA: 'DATA', BODY: 'DATA', END_OF_DATA: 'DATA',
  EHLO: 'EHLO', HELO: 'EHLO', CONNECT: 'CONN', STARTTLS: 'STARTTLS',
};

function hasYahooHeaders(msg: BounceMessage): boolean {
  return msg.headers.some((h) => h.name.startsWith('x-ymail-') || h.name === 'x-ymailisg');
}

function isYahooSender(msg: BounceMessage): boolean {
  return /\bmailer-daemon@(?:[a-z0-9-]+\.)*yahoo(?:\.co)?\.[a-z]{2,3}\b/i.test(msg.from);
}

function isYahooReport(msg: BounceMessage): boolean {
  if (!hasYahooHeaders(msg) && !isYahooSender(msg)) return false;
  return msg.text.slice(0, 8 * 1024).includes(OPENING);
}

function finishMatter(recipient: string, words: string[]): RecipientMatter {
  const matter: RecipientMatter = { recipient, action: 'failed' };
  let diagnostic = words.join(' ').replace(/\s+/g, ' ').trim();
  const phase = PHASE.exec(diagnostic);
  if (phase) {
    const command = PHASE_COMMAND[(phase[1] ?? '').toUpperCase()];
    if (command) matter.command = command;
    diagnostic = diagnostic.slice(0, phase.index).trim();
  }
  const reply = LEADING_REPLY.exec(diagnostic);
  if (reply?.[1]) matter.replyCode = reply[1];
  if (diagnostic) matter.diagnosticCode = diagnostic;
  return matter;
}

export const yahooParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'yahoo',
  description: 'Yahoo Mail failure notices ("Sorry, we were unable to deliver your message")',
  hint: (msg) => hasYahooHeaders(msg) || isYahooSender(msg),
  parse(msg) {
    if (!isYahooReport(msg)) return null;
    const text = textBeforeOriginal(msg.text);
    const lines = text.slice(text.indexOf(OPENING)).split('\n').slice(1);
    const matters: RecipientMatter[] = [];
    let recipient: string | null = null;
    let words: string[] = [];
    for (const line of lines) {
      const next = RECIPIENT_LINE.exec(line);
      if (next?.[1]) {
        if (recipient) matters.push(finishMatter(recipient, words));
        recipient = next[1];
        words = [];
        continue;
      }
      if (!recipient || !line.trim() || words.length >= MAX_LINES_PER_RECIPIENT) continue;
      words.push(line.replace(REMOTE_SAID, ''));
    }
    if (recipient) matters.push(finishMatter(recipient, words));
    if (matters.length === 0) return null;
    const extract: NdrExtract = { mta: 'yahoo', kind: 'bounce', recipients: matters };
    return extract;
  },
};
