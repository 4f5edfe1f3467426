/**
 * Reading the human text of Postfix reports. Postfix's bounce(8) writes one block per recipient
 * after the template text ("The mail system" / "The Postfix program"), whatever language the
 * template is in (bounce_template_file may translate everything else):
 *
 *     <bob@example.org> (expanded from <alias@example.org>): host mx.example.org[192.0.2.25]
 *         said: 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown
 *         (in reply to RCPT TO command)
 *
 * The reply after `said:` is the remote server's; everything else is Postfix's own wording
 * (src/smtp/smtp_proto.c, smtp_connect.c, smtp_addr.c, src/local, src/pipe). The smtpd(8)
 * postmaster notice ("Transcript of session follows.", smtpd_chat.c) is read here too.
 * @module
 */
import type { SmtpCommand } from '../types.js';
import { joinReplyLines, unwrapJoinedReply } from './smtp-transcript.js';

export interface PostfixTextRecipient {
  recipient: string;
  /** The address it was expanded from (an alias or .forward), when Postfix says so. */
  alias: string | null;
  /** The whole block after the address, lines joined. */
  text: string;
  /** The remote server's reply (after `said:` or `refused to talk to me:`), without Postfix's suffix. */
  reply: string | null;
  remoteHost: string | null;
  command: SmtpCommand | null;
}

export interface TranscriptFailure {
  recipient: string;
  reply: string;
  command: SmtpCommand | null;
}

const MAX_LINES = 5_000;
const MAX_BLOCK_LINES = 40;
/** A recipient block's first line; Postfix indents nothing but the continuation lines. */
const BLOCK_START = /^ ?<([^<>\s]{1,320}@[^<>\s]{1,255})>(?=:|\s+\(expanded from)/;
const BLOCK = /^ ?<([^<>\s]+)>(?:\s+\(expanded from\s+<([^<>]*)>\))?:\s*([\s\S]*)$/;
/** `(in reply to RCPT TO command)` and the like (smtp_proto.c, smtp_chat.c). */
const IN_REPLY_TO = /\(in reply to (end of )?([A-Za-z][A-Za-z ]{1,20}?) command\)/;
const REMOTE_SAID = /\bhost\s+([^\s[\]]+)\[([^\]\s]*)\]\s+said:\s*([\s\S]*)$/;
const REFUSED_TO_TALK = /\b(?:host\s+([^\s[\]]+)\[([^\]\s]*)\]\s+)?(?:server\s+)?refused to talk to me:\s*([\s\S]*)$/;
/** Host names in Postfix's own connection messages. */
const HOST_IN_TEXT = /\b(?:connect to|lost connection with|conversation with|host)\s+([^\s[\]]+)\[([^\]\s]*)\]/;
/** `while performing the HELO handshake` and friends (smtp_proto.c, smtp_connect.c). */
const WHILE_DOING: [RegExp, SmtpCommand][] = [
  [/while receiving the initial server greeting/i, 'CONN'],
  [/while performing the (?:HELO|EHLO) handshake|while sending (?:HELO|EHLO)/i, 'EHLO'],
  [/while performing the TLS handshake|while sending STARTTLS|STARTTLS/, 'STARTTLS'],
  [/while sending MAIL FROM/i, 'MAIL'],
  [/while sending RCPT TO/i, 'RCPT'],
  [/while sending (?:DATA command|message body|end of data)/i, 'DATA'],
];

/** The SMTP command Postfix names in "(in reply to X command)". */
export function commandNamed(words: string, endOf = false): SmtpCommand | null {
  const w = words.trim().toUpperCase();
  if (w.startsWith('RCPT')) return 'RCPT';
  if (w.startsWith('MAIL')) return 'MAIL';
  if (w === 'DATA' || endOf) return w === 'BDAT' ? 'BDAT' : 'DATA';
  if (w === 'BDAT') return 'BDAT';
  if (w === 'HELO' || w === 'EHLO' || w === 'LHLO') return 'EHLO';
  if (w === 'STARTTLS') return 'STARTTLS';
  if (w.startsWith('AUTH')) return 'AUTH';
  return null;
}

function stripSuffix(reply: string): string {
  const at = reply.search(IN_REPLY_TO);
  return unwrapJoinedReply((at >= 0 ? reply.slice(0, at) : reply).trim());
}

function readBlock(joined: string): PostfixTextRecipient | null {
  const m = BLOCK.exec(joined);
  if (!m?.[1]) return null;
  const text = (m[3] ?? '').trim();
  const entry: PostfixTextRecipient = { recipient: m[1], alias: m[2] || null, text, reply: null, remoteHost: null, command: null };
  const said = REMOTE_SAID.exec(text);
  const refused = said ? null : REFUSED_TO_TALK.exec(text);
  if (said) {
    entry.remoteHost = said[1] ?? null;
    entry.reply = stripSuffix(said[3] ?? '') || null;
  } else if (refused) {
    entry.reply = (refused[3] ?? '').trim() || null;
    entry.command = 'CONN';
  }
  if (!entry.remoteHost) entry.remoteHost = HOST_IN_TEXT.exec(text)?.[1] ?? null;
  const named = IN_REPLY_TO.exec(text);
  if (named?.[2]) entry.command = commandNamed(named[2], Boolean(named[1]));
  if (!entry.command) entry.command = WHILE_DOING.find(([re]) => re.test(text))?.[1] ?? null;
  return entry;
}

/** The recipient blocks of a Postfix report's text, in order. */
export function readPostfixText(text: string): PostfixTextRecipient[] {
  const lines = text.split('\n', MAX_LINES);
  const found: PostfixTextRecipient[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!BLOCK_START.test(line)) continue;
    const parts = [line.trim()];
    let k = i + 1;
    for (; k < lines.length && parts.length < MAX_BLOCK_LINES; k++) {
      const next = lines[k] ?? '';
      if (next.trim() === '' || BLOCK_START.test(next) || !/^[ \t]/.test(next)) break;
      parts.push(next.trim());
    }
    i = k - 1;
    const entry = readBlock(parts.join(' ').replace(/\s+/g, ' '));
    if (entry && !found.some((e) => e.recipient.toLowerCase() === entry.recipient.toLowerCase())) found.push(entry);
  }
  return found;
}

/** The command of a transcript's client line (`In:  RCPT TO:<bob@example.org>`). */
function transcriptCommand(line: string): SmtpCommand | null {
  const word = /^([A-Za-z]{4,8})\b/.exec(line)?.[1]?.toUpperCase() ?? '';
  if (word === 'RCPT') return 'RCPT';
  if (word === 'MAIL') return 'MAIL';
  if (word === 'DATA' || word === '.') return 'DATA';
  if (word === 'BDAT') return 'BDAT';
  if (word === 'EHLO' || word === 'HELO') return 'EHLO';
  if (word === 'STARTTLS') return 'STARTTLS';
  if (word === 'AUTH') return 'AUTH';
  return null;
}

/**
 * The failures of a session transcript in a Postfix postmaster notice ("Transcript of session
 * follows.", smtpd_chat.c / smtp_chat.c): each error reply (4xx/5xx) with the recipient it
 * concerns. The smtpd(8) notice writes the client's commands as `In:` and its own replies as
 * `Out:`, the smtp(8) notice the other way round, so a line's role is read from its content.
 * An error after DATA concerns every recipient accepted so far.
 */
export function readTranscript(text: string): TranscriptFailure[] {
  const turns: { reply: boolean; lines: string[] }[] = [];
  for (const line of text.split('\n', MAX_LINES)) {
    const m = /^\s*(?:In|Out):\s+(.*)$/.exec(line);
    const last = turns[turns.length - 1];
    if (m?.[1] !== undefined) {
      const content = m[1].trim();
      const reply = /^[2-5]\d\d(?:[ -]|$)/.test(content);
      // Lines of one multi-line reply (`250-...`, then `250 ...`) belong together.
      if (reply && last?.reply && /^\d{3}-/.test(last.lines[last.lines.length - 1] ?? '') && last.lines.length < 50) last.lines.push(content);
      else turns.push({ reply, lines: [content] });
    } else if (/^\s{2,}\S/.test(line) && last) {
      last.lines[last.lines.length - 1] += ' ' + line.trim();
    }
  }
  const failures: TranscriptFailure[] = [];
  const accepted: string[] = [];
  let lastCommand = '';
  for (const turn of turns) {
    if (!turn.reply) {
      lastCommand = turn.lines.join(' ');
      continue;
    }
    const reply = joinReplyLines(turn.lines);
    const command = transcriptCommand(lastCommand);
    const rcpt = command === 'RCPT' ? /<([^<>\s]+@[^<>\s]+)>/.exec(lastCommand)?.[1] ?? null : null;
    if (/^2\d\d\b/.test(reply)) {
      if (rcpt && !accepted.includes(rcpt)) accepted.push(rcpt);
      continue;
    }
    if (!/^[45]\d\d\b/.test(reply)) continue;
    if (rcpt) failures.push({ recipient: rcpt, reply, command: 'RCPT' });
    else if (command === 'DATA' || command === 'BDAT') {
      for (const recipient of accepted) failures.push({ recipient, reply, command });
    }
  }
  return failures;
}
