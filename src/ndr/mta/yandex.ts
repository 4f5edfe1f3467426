/**
 * Yandex.Mail delivery reports (From `mailer-daemon@yandex.ru`, Subject "Недоставленное
 * сообщение"). Yandex's outgoing servers (`forward*.mail.yandex.net`) run a Postfix that brands its
 * own fields: the delivery-status part carries `X-Yandex-Queue-ID` / `X-Yandex-Sender` and
 * Postfix's own diagnostics have the type `X-Yandex`; the message has `X-Yandex-*` headers. The
 * text is a Russian preface ("Это письмо отправлено почтовым сервером yandex.ru.") followed by
 * Postfix's English template ("This is the mail system at host yandex.ru.") and one block per
 * recipient:
 *
 *     <bob@example.org>: host mx.example.org[192.0.2.25] said: 550 5.1.1 <bob@example.org>...
 *         User Unknown (in reply to RCPT TO command)
 *
 * The delivery-status part gives recipients, actions and statuses; the text blocks give the whole
 * remote reply, the remote host and the SMTP command (read as Postfix's, postfix-text.ts).
 * @module
 */
import { header } from '../../mime/header-lines.js';
import { deliveryStatusOf, kindFromActions, recipientsFromDsn } from '../formats/rfc3464-dsn.js';
import { textBeforeOriginal } from '../report-text.js';
import type { BounceMessage, MtaParser, NdrExtract, RecipientMatter } from '../types.js';
import { readPostfixText, type PostfixTextRecipient } from './postfix-text.js';

/** Yandex's own per-message fields in the delivery-status part. */
const YANDEX_FIELD = /^X-Yandex-(?:Queue-ID|Sender):/im;
const YANDEX_DIAGNOSTIC = /^Diagnostic-Code:\s*X-Yandex\s*;/im;
/** The report's sender: Yandex's mailer-daemon (yandex.ru, yandex.com, yandex.com.tr, ya.ru, ...). */
const YANDEX_SENDER = /\bmailer-daemon@(?:[a-z0-9-]+\.)*(?:yandex\.(?:ru|net|com|com\.tr|by|kz|ua|uz|az|com\.am|com\.ge|co\.il|kg|lt|lv|md|tj|tm|ee|fr)|ya\.ru)\b/i;
/** The Russian preface and the English template line of the notice. */
const YANDEX_TEXT = /почтовым сервером\s+\S*yandex|This is the mail system at host\s+(?:[\w-]+\.)*yandex\./i;

function hasYandexHeaders(msg: BounceMessage): boolean {
  return msg.headers.some((h) => h.name.startsWith('x-yandex-'));
}

export function isYandexReport(msg: BounceMessage): boolean {
  const fields = msg.deliveryStatus ?? '';
  if (YANDEX_FIELD.test(fields) || YANDEX_DIAGNOSTIC.test(fields)) return true;
  const text = msg.text.slice(0, 16 * 1024);
  return (YANDEX_SENDER.test(msg.from) || hasYandexHeaders(msg)) && YANDEX_TEXT.test(text);
}

/** Completes one recipient from its Postfix text block: the whole reply, the host, the command. */
function applyText(matter: RecipientMatter, text: PostfixTextRecipient | undefined): void {
  if (!text) return;
  if (text.reply) matter.diagnosticCode = text.reply;
  else if (!matter.diagnosticCode && text.text) matter.diagnosticCode = text.text;
  if (text.command && !matter.command) matter.command = text.command;
  if (text.remoteHost && !matter.remoteMta) matter.remoteMta = text.remoteHost;
}

function matchText(matter: RecipientMatter, texts: readonly PostfixTextRecipient[], single: boolean): PostfixTextRecipient | undefined {
  const wanted = [matter.recipient, matter.originalRecipient].filter(Boolean).map((a) => (a as string).toLowerCase());
  return texts.find((t) => wanted.includes(t.recipient.toLowerCase()) || (t.alias !== null && wanted.includes(t.alias.toLowerCase())))
    ?? (single && texts.length === 1 ? texts[0] : undefined);
}

export const yandexParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'yandex',
  description: 'Yandex.Mail delivery reports (a Postfix branded X-Yandex, Russian and English text)',
  hint: (msg) => YANDEX_SENDER.test(msg.from) || header(msg.headers, 'x-yandex-uniq') !== null,
  parse(msg) {
    if (!isYandexReport(msg)) return null;
    const texts = readPostfixText(textBeforeOriginal(msg.text));
    const report = deliveryStatusOf(msg);
    let recipients: RecipientMatter[] = [];
    if (report) {
      recipients = recipientsFromDsn(report).filter((r) => r.recipient);
      for (const matter of recipients) {
        if (matter.reason === 'delivered') continue;
        applyText(matter, matchText(matter, texts, recipients.length === 1));
      }
    }
    if (recipients.length === 0) {
      recipients = texts.map((text) => {
        const matter: RecipientMatter = { recipient: text.recipient, action: 'failed' };
        if (text.alias) matter.originalRecipient = text.alias;
        applyText(matter, text);
        return matter;
      });
    }
    if (recipients.length === 0) return null;
    const reportingMta = report?.perMessage.reportingMta;
    const extract: NdrExtract = { mta: 'yandex', kind: kindFromActions(recipients), recipients };
    if (reportingMta) extract.reportingMta = reportingMta;
    return extract;
  },
};
