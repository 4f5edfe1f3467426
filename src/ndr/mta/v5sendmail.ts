/**
 * Sendmail 5 (V5, the BSD/SunOS sendmail of the 1990s) reports: no DSN part and no address
 * list, only the session transcript and Sendmail's own status lines, then the returned message:
 *
 *      ----- Transcript of session follows -----
 *   While talking to mx.example.org:
 *   >>> RCPT To:<bob@example.org>
 *   <<< 550 <bob@example.org>, User Unknown
 *   550 <bob@example.org>... User unknown
 *   421 example.net (smtp)... Deferred: Connection timed out during user open with example.net
 *      ----- Unsent message follows -----
 * @module
 */
import { header } from '../../mime/header-lines.js';
import { addressesIn } from '../report-text.js';
import type { BounceMessage, MtaParser, RecipientMatter, SmtpCommand } from '../types.js';
import { readTranscript, type TranscriptSession, type TranscriptStep } from './smtp-transcript.js';

const TRANSCRIPT_HEADING = /^[ \t]*-{3,}[ \t]*Transcript of session follows[ \t]*-{3,}/im;
const UNSENT_HEADING = /^[ \t]*-{3,}[ \t]*Unsent message follows[ \t]*-{3,}/im;
const V5_SESSION = /^While talking to ([^\s:]+):?\s*$/;
/** "550 <bob@example.org>... User unknown" */
const ADDRESS_LINE = /^([45]\d\d)[ \t]+<?([^\s<>]{1,256}@[^\s<>]{1,256}?)>?\.\.\.[ \t]*(.*)$/;
/** "421 example.org (smtp)... Deferred: Connection timed out during user open with example.org" */
const HOST_LINE = /^([45]\d\d)[ \t]+([A-Za-z0-9.-]{1,255})[ \t]+\([a-z0-9-]{1,20}\)\.\.\.[ \t]*(.*)$/i;

function isV5(msg: BounceMessage): boolean {
  if (msg.deliveryStatus !== null) return false;
  const t = msg.text;
  return TRANSCRIPT_HEADING.test(t) && UNSENT_HEADING.test(t) && !/^\.\.\. while talking to /m.test(t)
    && !/^[ \t]*-{3,}[ \t]*The following addresses had /im.test(t);
}

function commandOf(step: TranscriptStep): SmtpCommand | undefined {
  if (step.command === null) return 'CONN';
  if (step.command === 'QUIT' || step.command === 'RSET' || step.command === 'OTHER') return undefined;
  return step.command;
}

function domainOf(address: string): string {
  return (address.split('@')[1] ?? '').toLowerCase();
}

/** The session with the recipient's domain (its host, or the host an own line names). */
function sessionFor(sessions: readonly TranscriptSession[], domain: string, named: string | null): TranscriptSession | null {
  const hosts = [named, domain].filter((h): h is string => Boolean(h)).map((h) => h.toLowerCase());
  return sessions.find((s) => s.host !== null && hosts.some((h) => s.host?.toLowerCase() === h || s.host?.toLowerCase().endsWith('.' + h))) ?? null;
}

/** The failure reply of a session and the step it answered. */
function failureOf(session: TranscriptSession): { reply: string; step: TranscriptStep } | null {
  for (const step of session.steps) {
    const reply = step.replies.find((r) => /^[45]/.test(r));
    if (reply) return { reply, step };
  }
  return null;
}

export const v5sendmailParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'v5sendmail',
  description: 'Sendmail 5 reports (transcript and "Unsent message follows", no DSN)',
  hint: isV5,
  parse(msg) {
    if (!isV5(msg)) return null;
    const start = msg.text.search(TRANSCRIPT_HEADING);
    const end = msg.text.search(UNSENT_HEADING);
    if (start < 0 || end <= start) return null;
    const lines = msg.text.slice(start, end).split('\n').slice(1).map((l) => l.trim());
    const sessions = readTranscript(lines, (line) => V5_SESSION.exec(line)?.[1]);
    const own = new Map<string, string>();
    const hostLines: { host: string; text: string }[] = [];
    for (const line of lines) {
      const a = ADDRESS_LINE.exec(line);
      if (a?.[2]) {
        const key = a[2].toLowerCase();
        if (!own.has(key) && own.size < 1000) own.set(key, (a[3] ?? '').trim());
        continue;
      }
      const h = HOST_LINE.exec(line);
      if (h?.[2]) hostLines.push({ host: h[2].toLowerCase(), text: `${h[1]} ${(h[3] ?? '').trim()}` });
    }
    let addresses = [...own.keys()];
    if (addresses.length === 0) {
      for (const session of sessions) {
        for (const step of session.steps) {
          if (step.command === 'RCPT' && step.sent) addresses.push(...addressesIn(step.sent).map((a) => a.toLowerCase()));
        }
      }
    }
    if (addresses.length === 0) {
      const to = msg.originalHeaders ? header(msg.originalHeaders, 'to') : /^To:[ \t]*(.+)$/im.exec(msg.text.slice(end))?.[1] ?? null;
      addresses = addressesIn(to ?? '').slice(0, 1);
    }
    addresses = [...new Set(addresses)];
    const recipients: RecipientMatter[] = addresses.map((recipient) => {
      const matter: RecipientMatter = { recipient, action: 'failed' };
      const ownText = own.get(recipient) ?? '';
      let found: { reply: string; step: TranscriptStep; session: TranscriptSession } | null = null;
      for (const session of sessions) {
        const step = session.steps.find((s) => s.command === 'RCPT' && s.sent?.toLowerCase().includes(recipient));
        const reply = step?.replies.find((r) => /^[45]/.test(r));
        if (step && reply) {
          found = { reply, step, session };
          break;
        }
      }
      if (!found && !/\b[45]\d\d\b/.test(ownText)) {
        const named = /\bwith ([A-Za-z0-9.-]{3,255})\s*$/.exec(ownText)?.[1] ?? null;
        const session = sessionFor(sessions, domainOf(recipient), named);
        const failure = session ? failureOf(session) : null;
        if (session && failure) found = { ...failure, session };
      }
      let diagnostic: string;
      if (found) {
        diagnostic = found.reply;
        const command = commandOf(found.step);
        if (command) matter.command = command;
        if (found.session.host) matter.remoteMta = found.session.host;
      } else if (/\b[45]\d\d\b/.test(ownText)) {
        diagnostic = ownText;
      } else {
        const domain = domainOf(recipient);
        const hostLine = hostLines.find((h) => h.host === domain || h.host.endsWith('.' + domain) || domain.endsWith('.' + h.host));
        diagnostic = hostLine ? hostLine.text : ownText;
        if (hostLine) matter.remoteMta = hostLine.host;
      }
      if (diagnostic) matter.diagnosticCode = diagnostic;
      return matter;
    });
    if (recipients.length === 0) return null;
    return { mta: 'v5sendmail', kind: 'bounce', recipients };
  },
};
