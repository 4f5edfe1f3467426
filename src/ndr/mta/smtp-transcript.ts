/**
 * SMTP session transcripts as Unix MTAs quote them in their reports (Sendmail's `>>> RCPT To:`
 * / `<<< 550 ...` lines, Exim's and qmail's quoted replies): joining the lines of one multi-line
 * reply (RFC 5321 section 4.2.1) into one text, unwrapping replies that a report already joined
 * and re-wrapped (Postfix does), and reading `>>>` / `<<<` sessions.
 * @module
 */
import type { SmtpCommand } from '../types.js';

/** Start of one reply line: the code, the separator (`-` = more lines follow) and an optional enhanced status. */
const REPLY_LINE = /^([2-5]\d\d)([ -]|$)\s*((?:[245]\.\d{1,3}\.\d{1,3}\b)?)\s*/;

/**
 * Joins the lines of one (multi-line) SMTP reply: `550-5.7.1 first`, `550 5.7.1 second` becomes
 * `550 5.7.1 first second`. Lines without a reply code are kept as they are.
 */
export function joinReplyLines(lines: readonly string[]): string {
  const parts: string[] = [];
  let head = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const m = REPLY_LINE.exec(line);
    if (!m) {
      parts.push(line);
      continue;
    }
    if (!head) head = [m[1], m[3]].filter(Boolean).join(' ');
    const rest = line.slice(m[0].length).trim();
    if (rest) parts.push(rest);
  }
  return [head, ...parts].filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * A multi-line SMTP reply (RFC 5321 section 4.2.1) joined into one line keeps the code of every
 * line (`550-5.7.1 Messages with multiple 550-5.7.1 addresses in From: ...`); the repeats after
 * the first line are dropped so that the server's sentence reads whole.
 */
export function unwrapJoinedReply(reply: string): string {
  const head = /^([2-5]\d\d)[ -](?:([245]\.\d{1,3}\.\d{1,3})\s)?/.exec(reply);
  if (!head?.[1]) return reply;
  const status = head[2] ? `${head[2].replace(/\./g, '\\.')}\\s+` : '';
  const repeat = new RegExp(`\\s${head[1]}[ -]${status}`, 'g');
  return head[0] + reply.slice(head[0].length).replace(repeat, ' ').replace(/\s+/g, ' ').trim();
}

/** One command the reporting MTA sent and the replies it got (several when commands were pipelined). */
export interface TranscriptStep {
  /** `RCPT`, `DATA`, ...; null for the server's greeting (replies before any command). */
  command: SmtpCommand | 'QUIT' | 'RSET' | 'OTHER' | null;
  /** The command line as sent, e.g. `RCPT To:<bob@example.org>`. */
  sent: string | null;
  /** Each reply, its lines joined with joinReplyLines. */
  replies: string[];
}

export interface TranscriptSession {
  /** The host named by "... while talking to <host>:", without the trailing dot. */
  host: string | null;
  steps: TranscriptStep[];
}

const MAX_SESSIONS = 50;
const MAX_STEPS = 200;

function commandOf(sent: string): TranscriptStep['command'] {
  const word = (/^[A-Za-z]{4,8}/.exec(sent)?.[0] ?? '').toUpperCase();
  switch (word) {
    case 'MAIL': case 'RCPT': case 'DATA': case 'EHLO': case 'HELO': case 'STARTTLS': case 'AUTH': case 'BDAT': case 'QUIT': case 'RSET':
      return word as TranscriptStep['command'];
    default:
      return sent.trim() === '.' ? '.' : 'OTHER';
  }
}

/**
 * Reads `>>> command` / `<<< reply` lines into sessions. `sessionStart` recognises the line that
 * opens a session and returns its host (Sendmail's "... while talking to host.:"); lines that are
 * neither are ignored.
 */
export function readTranscript(lines: readonly string[], sessionStart: (line: string) => string | null | undefined): TranscriptSession[] {
  const sessions: TranscriptSession[] = [];
  let session: TranscriptSession | null = null;
  let step: TranscriptStep | null = null;
  let pending: string[] = [];
  const flush = (): void => {
    if (pending.length > 0 && step) step.replies.push(joinReplyLines(pending));
    pending = [];
  };
  for (const line of lines) {
    const host = sessionStart(line);
    if (host !== undefined) {
      flush();
      if (sessions.length >= MAX_SESSIONS) break;
      session = { host: host ? host.replace(/\.$/, '') : null, steps: [] };
      sessions.push(session);
      step = null;
      continue;
    }
    const sent = /^>>>\s?(.*)$/.exec(line);
    if (sent) {
      flush();
      if (!session) {
        session = { host: null, steps: [] };
        sessions.push(session);
      }
      if (session.steps.length >= MAX_STEPS) continue;
      step = { command: commandOf(sent[1] ?? ''), sent: (sent[1] ?? '').trim(), replies: [] };
      session.steps.push(step);
      continue;
    }
    const reply = /^<<<\s?(.*)$/.exec(line);
    if (reply) {
      if (!session) {
        session = { host: null, steps: [] };
        sessions.push(session);
      }
      if (!step) {
        step = { command: null, sent: null, replies: [] };
        session.steps.push(step);
      }
      const text = reply[1] ?? '';
      pending.push(text);
      // A line "NNN text" (space, or nothing, after the code) ends the reply.
      if (!/^[2-5]\d\d-/.test(text.trim())) flush();
    }
  }
  flush();
  return sessions;
}
