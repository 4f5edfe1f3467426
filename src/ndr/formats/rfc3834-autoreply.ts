/**
 * Automatic replies (RFC 3834): out-of-office and vacation messages. They say the message
 * arrived; the entry carries the reason `vacation` for the replying address. An automatic reply
 * that says the mailbox is no longer in use is not a vacation: its words are passed on as the
 * diagnostic and the classifier decides (usually `suspend`).
 * @module
 */
import { header } from '../../mime/header-lines.js';
import type { BounceMessage, MtaParser, RecipientMatter } from '../types.js';
import { cleanAddress } from './parse-delivery-status.js';

/** Subject prefixes of automatic replies in the languages seen in real mail. */
const AUTOREPLY_SUBJECT = /^(?:auto(?:matic)?[ -]?(?:reply|response|respons|antwort|respuesta|réponse|risposta)|out of (?:the )?office|abwesenheit|absence|r[ée]ponse automatique|risposta automatica|respuesta autom[áa]tica|automatisch antwoord|resposta autom[áa]tica|自動応答|不在|vacation|on vacation|away from|i am away|i'?m away|autoreply|auto:)/i;

/** Senders and subjects of delivery reports, which also carry Auto-Submitted (RFC 3834 section 5). */
const REPORT_SENDER = /\b(?:mailer-daemon|postmaster|mail delivery (?:system|subsystem))\b/i;
const REPORT_SUBJECT = /undeliver|delivery (?:status|fail|notification|report|problem|delayed)|returned mail|failure notice|mail delivery|non[- ]?delivery|not delivered|could not be delivered|delivery has failed/i;
/** An enhanced status code in the text is a delivery report's, not a person's words. */
const STATUS_IN_TEXT = /\b[45]\.\d{1,3}\.\d{1,3}\b/;

/** Words of an automatic reply saying that the mailbox itself is gone or switched off. */
const MAILBOX_RETIRED = /\b(?:(?:is|are) no longer (?:in use|active)|has been (?:deactivated|disabled))\b/i;
const MAX_CONTEXT_CHARS = 200;
const MAX_AUTOREPLY_TEXT_CHARS = 4_000;

/** Whether the message is an automatic reply rather than a delivery report. */
function isAutoReply(msg: BounceMessage): boolean {
  const subject = msg.subject.trim();
  const bySubject = AUTOREPLY_SUBJECT.test(subject);
  const byHeader = header(msg.headers, 'x-autoreply') !== null
    || header(msg.headers, 'x-autorespond') !== null
    || /auto[_-]?reply/i.test(header(msg.headers, 'precedence') ?? '');
  if (bySubject || byHeader) return true;
  // Auto-Submitted alone is not enough: delivery reports carry it too (RFC 3834 section 5).
  const autoReplied = (header(msg.headers, 'auto-submitted') ?? '').trim().toLowerCase().startsWith('auto-replied');
  if (!autoReplied || msg.deliveryStatus !== null || msg.reportType !== null) return false;
  if (REPORT_SENDER.test(msg.from) || REPORT_SUBJECT.test(subject)) return false;
  return !STATUS_IN_TEXT.test(msg.text.slice(0, MAX_AUTOREPLY_TEXT_CHARS));
}

/** The paragraph of the reply that says the mailbox is no longer in use, if it says so. */
function retiredMailboxWords(text: string): string | null {
  const m = MAILBOX_RETIRED.exec(text);
  if (!m) return null;
  const paragraphStart = text.lastIndexOf('\n\n', m.index);
  const paragraphEnd = text.indexOf('\n\n', m.index);
  const start = Math.max(paragraphStart < 0 ? 0 : paragraphStart, m.index - MAX_CONTEXT_CHARS);
  const end = Math.min(paragraphEnd < 0 ? text.length : paragraphEnd, m.index + m[0].length + MAX_CONTEXT_CHARS);
  return text.slice(start, end).replace(/\s+/g, ' ').trim();
}

export const rfc3834Parser: MtaParser = {
  id: 'rfc3834',
  description: 'Automatic reply (RFC 3834): out of office, vacation',
  parse(msg) {
    if (!isAutoReply(msg)) return null;
    const from = header(msg.headers, 'from') ?? '';
    const address = cleanAddress(/<([^<>]+)>/.exec(from)?.[1] ?? from);
    const retired = retiredMailboxWords(msg.text.slice(0, MAX_AUTOREPLY_TEXT_CHARS));
    const matter: RecipientMatter = { recipient: address };
    if (retired) {
      matter.diagnosticCode = retired;
    } else {
      matter.reason = 'vacation';
      matter.ruleId = 'rfc3834.auto-replied';
      matter.evidence = msg.subject.trim().slice(0, 120);
    }
    return { mta: 'rfc3834', kind: 'autoreply', recipients: [matter] };
  },
};
