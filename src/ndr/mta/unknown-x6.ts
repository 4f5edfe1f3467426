/**
 * Unknown MTA "X6" (Sisimai's X6): Subject "There was an error sending your mail", text
 * "We had trouble delivering your message. Full details follow:", an "N error(s):" count, then
 * one sentence per failure, e.g.
 *
 *     SMTP Server <mx.example.org> rejected recipient <bob@example.org> (Error following RCPT
 *     command). It responded as follows: [550 5.1.1 User unknown]
 *     The following recipients returned permanent errors: bob@example.org. Reason: SMTP Server
 *     <192.0.2.25> refused to accept your message (DATA), with the following error message:
 *     [554 5.4.6 Hop count exceeded - possible mail loop]
 * @module
 */
import type { BounceMessage, MtaParser, RecipientMatter, SmtpCommand } from '../types.js';

const COUNT = /^\s*\d+\s*error\(s\):\s*$/m;
const END = /^The attachment contains the original mail headers/m;
const RCPT_SENTENCE = /SMTP Server <([^<>\s]+)> rejected recipient <([^<>\s]+@[^<>\s]+)> \(Error following (\w+) command\)\.[^[]*\[([^\]]+)\]/;
const LIST_SENTENCE = /The following recipients returned (?:permanent|temporary) errors: (.{3,2000}?)\.? Reason: (?:SMTP Server <([^<>\s]+)>[^(]*\((\w+)\)[^[]*\[([^\]]+)\]|(.+))$/;

function commandOf(word: string | undefined): SmtpCommand | null {
  const w = (word ?? '').toUpperCase();
  if (w === 'RCPT' || w === 'MAIL' || w === 'DATA' || w === 'EHLO') return w;
  if (w === 'HELO') return 'EHLO';
  return null;
}

export function isX6Report(msg: BounceMessage): boolean {
  const text = msg.text;
  return /^There was an error sending your mail\b/i.test(msg.subject) && /We had trouble delivering your message/i.test(text) && COUNT.test(text);
}

export const unknownX6Parser: MtaParser = {
  id: 'x6',
  description: 'Unknown MTA X6: "We had trouble delivering your message. Full details follow:"',
  parse(msg: BounceMessage) {
    if (!isX6Report(msg)) return null;
    const text = msg.text;
    const start = COUNT.exec(text);
    let body = text.slice(start ? start.index : 0);
    const end = body.search(END);
    if (end >= 0) body = body.slice(0, end);
    const recipients: RecipientMatter[] = [];
    for (const raw of body.split(/\n\s*\n/, 200)) {
      const sentence = raw.replace(/\s+/g, ' ').trim();
      const rcpt = RCPT_SENTENCE.exec(sentence);
      const list = rcpt ? null : LIST_SENTENCE.exec(sentence);
      if (rcpt?.[2]) {
        const matter: RecipientMatter = { recipient: rcpt[2], action: 'failed', diagnosticCode: (rcpt[4] ?? '').trim(), remoteMta: rcpt[1] ?? '' };
        const command = commandOf(rcpt[3]);
        if (command) matter.command = command;
        recipients.push(matter);
      } else if (list?.[1]) {
        for (const recipient of list[1].split(/[,;\s]+/).filter((a) => a.includes('@')).slice(0, 100)) {
          const matter: RecipientMatter = { recipient, action: 'failed', diagnosticCode: (list[4] ?? list[5] ?? '').trim() };
          if (list[2]) matter.remoteMta = list[2];
          const command = commandOf(list[3]);
          if (command) matter.command = command;
          recipients.push(matter);
        }
      }
    }
    return recipients.length > 0 ? { mta: 'x6', kind: 'bounce', recipients } : null;
  },
};
