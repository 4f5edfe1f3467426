/**
 * Mail.Ru's delivery reports: an Exim-style text ("This message was created automatically by
 * mail delivery software.") preceded by the same list in Russian ("Это письмо создано
 * автоматически сервером Mail.Ru"). Each failed address is on a line of its own, indented two
 * spaces, and the lines indented below it say what happened: "SMTP error from remote mail server
 * after RCPT TO:<bob@example.org>:" then "host mx.example.org [192.0.2.1]: 550 5.1.1 ..." (the
 * other server's reply), or Exim's own words ("Unrouteable address"). Both lists name the same
 * recipients; each is reported once.
 * @module
 */
import { textBeforeOriginal } from '../report-text.js';
import type { BounceMessage, MtaParser, NdrExtract, RecipientMatter, SmtpCommand } from '../types.js';

const RECIPIENT_LINE = /^ {1,3}<?([^<>\s@]{1,128}@[^<>\s]{1,255}?)>?:?\s*$/;
const SMTP_ERROR = /SMTP error from remote (?:mail )?server (?:after|for) ([A-Za-z ]{2,20}?)(?::|\s+command|\s+<|$)/i;
const HOST_SAID = /\bhost ([A-Za-z0-9][A-Za-z0-9.-]{0,253}) \[[0-9A-Fa-f:.]{2,45}\]:\s*/;
const MAX_LINES = 600;
const MAX_LINES_PER_RECIPIENT = 12;

function isMailRuSender(msg: BounceMessage): boolean {
  return /\bmailer-daemon@(?:[a-z0-9-]+\.)*mail\.ru\b/i.test(msg.from);
}

function isMailRuReport(msg: BounceMessage): boolean {
  const head = msg.text.slice(0, 16 * 1024);
  const exim = head.includes('This message was created automatically by mail delivery software');
  return exim && (isMailRuSender(msg) || head.includes('сервером Mail.Ru'));
}

function commandOf(phase: string): SmtpCommand | undefined {
  const p = phase.toUpperCase().replace(/\s+/g, ' ');
  if (p.startsWith('RCPT')) return 'RCPT';
  if (p.startsWith('MAIL')) return 'MAIL';
  if (p.includes('DATA') || p.startsWith('TEXT')) return 'DATA';
  if (p.startsWith('EHLO') || p.startsWith('HELO')) return 'EHLO';
  if (p.includes('CONNECTION') || p.includes('GREETING')) return 'CONN';
  return undefined;
}

function matterOf(recipient: string, lines: readonly string[]): RecipientMatter {
  const matter: RecipientMatter = { recipient, action: 'failed' };
  const kept = lines.filter((line) => !/^\(generated from /i.test(line));
  const joined = kept.join(' ').replace(/\s+/g, ' ').trim();
  const phase = SMTP_ERROR.exec(joined);
  const command = phase?.[1] ? commandOf(phase[1]) : undefined;
  if (command) matter.command = command;
  const host = HOST_SAID.exec(joined);
  if (host?.[1]) {
    matter.remoteMta = host[1];
    matter.diagnosticCode = joined.slice(host.index + host[0].length).trim();
  } else if (joined) {
    matter.diagnosticCode = joined;
  }
  return matter;
}

export const mailRuParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'mailru',
  description: 'Mail.Ru delivery reports (Russian and English lists of failed addresses)',
  hint: isMailRuSender,
  parse(msg) {
    if (!isMailRuReport(msg)) return null;
    const lines = textBeforeOriginal(msg.text).split('\n').slice(0, MAX_LINES);
    const matters: RecipientMatter[] = [];
    for (let i = 0; i < lines.length; i++) {
      const recipient = RECIPIENT_LINE.exec(lines[i] ?? '')?.[1];
      if (!recipient) continue;
      const block: string[] = [];
      let j = i + 1;
      for (; j < lines.length && block.length < MAX_LINES_PER_RECIPIENT; j++) {
        const line = lines[j] ?? '';
        if (!/^ {4,}\S/.test(line)) break;
        block.push(line.trim());
      }
      i = j - 1;
      if (block.length === 0) continue;
      if (matters.some((m) => m.recipient.toLowerCase() === recipient.toLowerCase())) continue;
      matters.push(matterOf(recipient, block));
    }
    if (matters.length === 0) return null;
    const extract: NdrExtract = { mta: 'mailru', kind: 'bounce', recipients: matters };
    return extract;
  },
};
