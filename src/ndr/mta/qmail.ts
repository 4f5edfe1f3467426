/**
 * qmail (and netqmail, vpopmail, s/qmail) reports, subject "failure notice":
 *
 *   Hi. This is the qmail-send program at mail.example.com.
 *   I'm afraid I wasn't able to deliver your message to the following addresses.
 *   This is a permanent error; I've given up. Sorry it didn't work out.
 *
 *   <bob@example.org>:
 *   192.0.2.25 does not like recipient.
 *   Remote host said: 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown
 *   Giving up on 192.0.2.25.
 *
 *   --- Below this line is a copy of the message.
 *
 * qmail-remote says at which step the remote host refused ("Connected to X but sender was
 * rejected.", "X does not like recipient.", "X failed after I sent the message."); without a
 * remote reply, qmail's own sentences (qmail-remote.c, qmail-local.c, vpopmail's vdelivermail)
 * carry a qmail status "(#5.1.1)" and decide the reason.
 * @module
 */
import { MAX_DIAGNOSTIC_CHARS } from '../../core/limits.js';
import { rawHeaders } from '../../mime/header-lines.js';
import type { Reason } from '../classify/reasons.js';
import type { BounceMessage, MtaParser, RecipientMatter, SmtpCommand } from '../types.js';
import { joinReplyLines } from './smtp-transcript.js';

const QMAIL_SEND = /This is the qmail-send program at|\(qmail \d+ invoked for bounce\)/i;
/** Openings that ISPs put in place of qmail-send's own (bounce texts are configurable in some forks). */
const OTHER_OPENINGS = /unable to deliver your message to the following address|Unfortunately, your mail was not delivered to the following address|Your (?:mail )?message to the following address|Unable to deliver message to the following address|This is the mail delivery agent at|This is the machine generated message from mail service|Su mensaje no pudo ser entregado/i;
const BLOCK_START = /^<([^\s<>]{1,256}@[^\s<>]{1,256})>:?\s*$/;
const COPY_MARK = /^---\s*(?:Below this line is|Enclosed is a copy|Original message follows|Attached is a copy)/i;

/** qmail-remote's words for the step at which the remote host refused, after the host's name. */
const STEPS: [string, SmtpCommand][] = [
  [' but greeting failed', 'CONN'],
  [' but my name was rejected', 'EHLO'],
  [' but sender was rejected', 'MAIL'],
  [' does not like recipient', 'RCPT'],
  [' failed on DATA command', 'DATA'],
  [' failed after I sent the message', 'DATA'],
];

/**
 * qmail's and vpopmail's own messages, when no remote reply is quoted. Sources: qmail-1.03
 * qmail-remote.c and qmail-local.c (https://cr.yp.to/qmail.html), vpopmail vdelivermail.c.
 */
const OWN_MESSAGES: [RegExp, Reason, string][] = [
  [/couldn't find any host (?:named|by that name)/i, 'hostunknown', 'no-such-host'],
  [/couldn't find a mail exchanger or IP address/i, 'notaccept', 'no-mx-or-ip'],
  [/no mailbox here by that name/i, 'userunknown', 'no-mailbox'],
  [/account is (?:locked|disabled)|Mailaddress is administrative?le?y disabled/i, 'suspend', 'account-locked'],
  [/over (?:the allowed )?quota|disk quota exceeded|mailbox is full/i, 'mailboxfull', 'over-quota'],
  [/message is looping|Although I'm listed as a best-preference MX or A for that host/i, 'networkerror', 'mail-loop'],
  [/message exeeded the maximum size the user accepts/i, 'exceedlimit', 'user-size-limit'],
  [/wasn't able to establish an SMTP connection/i, 'networkerror', 'no-connection'],
];

function isQmail(msg: BounceMessage): boolean {
  const text = msg.text;
  if (QMAIL_SEND.test(text)) return true;
  const bounceReceived = rawHeaders(msg.headers, 'received').some((r) => /\(qmail \d+ invoked (?:for bounce|from network)\)/i.test(r));
  return (bounceReceived || /^failure notice$/i.test(msg.subject.trim())) && OTHER_OPENINGS.test(text) && /^<[^\s<>]+@[^\s<>]+>:\s*$/m.test(text);
}

function matterOf(recipient: string, lines: readonly string[]): RecipientMatter {
  const matter: RecipientMatter = { recipient, action: 'failed' };
  const own: string[] = [];
  let reply: string[] = [];
  let inReply = false;
  for (const line of lines) {
    const said = /(?:^|\s)(?:Remote host said|remote host (\S+) said):\s*(.*)$/i.exec(line);
    if (said) {
      if (said[1]) matter.remoteMta = said[1];
      const before = line.slice(0, said.index).trim();
      if (before) own.push(before);
      reply = [said[2] ?? ''];
      inReply = true;
      continue;
    }
    // Further lines of a multi-line reply ("550-5.7.26 ...", "550 5.7.26 ...").
    if (inReply && /^[2-5]\d\d[ -]/.test(line)) {
      reply.push(line);
      continue;
    }
    // A reply cut by qmail's own line wrapping ends at qmail's status "(#5.5.0)" or the next sentence.
    if (inReply && /^\.?\s*\(#[245]\.\d{1,3}\.\d{1,3}\)/.test(line)) {
      reply.push(line);
      inReply = false;
      continue;
    }
    inReply = false;
    own.push(line);
  }
  const ownText = own.join(' ').replace(/\s+/g, ' ').trim();
  const lower = ownText.toLowerCase();
  for (const [words, command] of STEPS) {
    const at = lower.indexOf(words.toLowerCase());
    if (at < 0) continue;
    matter.command = command;
    // The host is the word before: "192.0.2.25 does not like recipient", "Connected to 192.0.2.25 but ...".
    const host = ownText.slice(Math.max(0, at - 256), at).split(/\s/).pop() ?? '';
    if (!matter.remoteMta && /[.:]/.test(host)) matter.remoteMta = host.replace(/\.$/, '');
    break;
  }
  const progress = /most progress was (RCPT TO|MAIL FROM|DATA|HELO|EHLO)/i.exec(ownText)?.[1]?.toUpperCase();
  if (progress) matter.command = progress.startsWith('RCPT') ? 'RCPT' : progress.startsWith('MAIL') ? 'MAIL' : progress === 'DATA' ? 'DATA' : 'EHLO';
  const giving = /Giving up on (\S{1,255}?)\.?(?:\s|$)/.exec(ownText)?.[1];
  if (!matter.remoteMta && giving) matter.remoteMta = giving;
  const qmailStatus = /\(#([245]\.\d{1,3}\.\d{1,3})\)/.exec(ownText + ' ' + reply.join(' '))?.[1];
  const replyText = reply.length > 0 ? joinReplyLines(reply) : '';
  if (replyText) {
    matter.diagnosticCode = replyText;
    if (qmailStatus && !/[245]\.\d{1,3}\.\d{1,3}/.test(replyText.replace(/\(#[^)]*\)/g, ''))) matter.status = qmailStatus;
    return matter;
  }
  matter.diagnosticCode = ownText;
  if (qmailStatus) matter.status = qmailStatus;
  for (const [pattern, reason, id] of OWN_MESSAGES) {
    const m = pattern.exec(ownText);
    if (m) {
      matter.reason = reason;
      matter.ruleId = `qmail.${id}`;
      matter.evidence = m[0];
      break;
    }
  }
  return matter;
}

export const qmailParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'qmail',
  description: 'qmail / netqmail / vpopmail reports ("Hi. This is the qmail-send program at ...")',
  hint: (msg) => /^failure notice$/i.test(msg.subject.trim()) || QMAIL_SEND.test(msg.text),
  parse(msg) {
    if (!isQmail(msg)) return null;
    const lines = msg.text.split('\n');
    const recipients: RecipientMatter[] = [];
    let current: { recipient: string; lines: string[]; size: number } | null = null;
    const flush = (): void => {
      if (current && recipients.length < 1000) recipients.push(matterOf(current.recipient, current.lines));
      current = null;
    };
    for (const raw of lines) {
      const line = raw.trim();
      if (COPY_MARK.test(line)) break;
      const start = BLOCK_START.exec(line);
      if (start?.[1]) {
        flush();
        current = { recipient: start[1], lines: [], size: 0 };
        continue;
      }
      // qmail separates the blocks by blank lines; text after one is not the block's.
      if (!line) flush();
      else if (current && current.size < MAX_DIAGNOSTIC_CHARS) {
        current.lines.push(line);
        current.size += line.length;
      }
    }
    flush();
    if (recipients.length === 0) return null;
    return { mta: 'qmail', kind: 'bounce', recipients };
  },
};
