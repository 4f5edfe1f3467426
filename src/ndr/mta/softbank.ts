/**
 * SoftBank mobile mail reports: notices sent by SoftBank's own mail servers (`*.softbank.ne.jp`)
 * for softbank.ne.jp (S!Mail / MMS, and the older vodafone.ne.jp addresses) and i.softbank.jp,
 * From `MAILER-DAEMON@softbank.ne.jp`, Subject "Non Delivery Notification". The notice is a
 * multipart/report: a short text part in Japanese (ISO-2022-JP) with the carrier's fixed
 * sentence, sometimes followed by the recipient in angle brackets, e.g.
 *
 *     送信先のサーバーメールボックスが一杯でお届けできませんでした。
 *     <bob@softbank.ne.jp>
 *
 * and a delivery-status part with Final-Recipient, Action and Status only (no Diagnostic-Code).
 *
 * Recognised by the sender's domain only (a failure at SoftBank's servers reported by another
 * MTA is that MTA's report). The delivery-status part gives recipients and statuses; the
 * carrier's sentence is the diagnostic and, when no remote server reply (SMTP code) is quoted,
 * decides the reason through the small table below; a sentence it does not know ("...エラーのため
 * お届けできませんでした") is left to the classifier with the status.
 * @module
 */
import { deliveryStatusOf, diagnosticsFromText, kindFromActions, recipientsFromDsn } from '../formats/rfc3464-dsn.js';
import { looksLikeReport, textBeforeOriginal } from '../report-text.js';
import type { BounceMessage, MtaParser, NdrExtract, RecipientMatter } from '../types.js';
import { scanTextForFailures } from './generic-text.js';
import { applyOwnWords, type OwnWordsRule } from './own-words.js';

/** The report's sender: SoftBank's own mail domains. */
const SOFTBANK_SENDER = /\b(?:mailer-daemon|postmaster)@(?:[a-z0-9-]+\.)*(?:softbank\.ne\.jp|softbank\.jp)\b/i;
/** A remote server's reply code or enhanced status in a diagnostic. */
const HAS_REPLY = /(?:^|[\s:;(<])[2-5]\d\d(?:[ -]|$)|\b[245]\.\d{1,3}\.\d{1,3}\b/;

/** The carrier's fixed Japanese (and English) sentences, used when no SMTP reply is quoted. */
const OWN_WORDS: OwnWordsRule[] = [
  { id: 'softbank.size-too-large', pattern: /(?:メール|メッセージ)(?:の)?サイズが(?:大きすぎ|制限を超え)|サイズ制限を超え/, reason: 'emailtoolarge' },
  { id: 'softbank.mailbox-full', pattern: /(?:メールボックス|受信ボックス|受信BOX)(?:の容量)?が(?:いっぱい|一杯|満杯)|(?:メールボックス|受信ボックス)の容量を超え/, reason: 'mailboxfull' },
  { id: 'softbank.reception-refused', pattern: /受信拒否|受信を拒否|迷惑メール(?:フィルター?|設定|ブロック)|指定受信/, reason: 'filtered' },
  { id: 'softbank.address-not-found', pattern: /(?:宛先|送信先)(?:の)?(?:メール)?アドレスが(?:存在しません|見つかりません)|存在しない(?:メール)?アドレス|宛先不明/, reason: 'userunknown' },
  { id: 'softbank.not-delivered-in-time', pattern: /一定時間内に(?:配送|配信|送信)できませんでした|(?:配送|配信)期限を(?:過ぎ|超え)/, reason: 'expired' },
];

export function isSoftBankReport(msg: BounceMessage): boolean {
  return SOFTBANK_SENDER.test(msg.from) && looksLikeReport(msg);
}

function decide(matter: RecipientMatter, preface: string): void {
  if (matter.reason) return;
  const words = matter.diagnosticCode ?? '';
  if (HAS_REPLY.test(words)) return;
  // The carrier's sentence is said once for all the recipients listed.
  applyOwnWords(matter, `${words} ${preface}`.trim(), OWN_WORDS);
}

export const softBankParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'softbank',
  description: 'SoftBank mobile mail reports (softbank.ne.jp, i.softbank.jp), Japanese and English',
  hint: (msg) => SOFTBANK_SENDER.test(msg.from) && /^Non Delivery Notification\b/i.test(msg.subject),
  parse(msg) {
    if (!isSoftBankReport(msg)) return null;
    const text = textBeforeOriginal(msg.text);
    const report = deliveryStatusOf(msg);
    let recipients: RecipientMatter[] = [];
    if (report) {
      recipients = recipientsFromDsn(report);
      diagnosticsFromText(msg, report, recipients);
      recipients = recipients.filter((r) => r.recipient);
    }
    if (recipients.length === 0) {
      recipients = scanTextForFailures(msg, text).filter((r) => r.recipient).map((r) => ({ ...r, action: 'failed' as const }));
    }
    if (recipients.length === 0) return null;
    const preface = text.slice(0, 4_096);
    // The carrier's sentence: the text's first lines that are not an address.
    const sentence = preface.split('\n').map((l) => l.trim()).filter((l) => l && !l.includes('@')).slice(0, 3).join(' ');
    for (const matter of recipients) {
      if (matter.action === 'delivered') continue;
      if (!matter.diagnosticCode && sentence) matter.diagnosticCode = sentence;
      decide(matter, preface);
    }
    const extract: NdrExtract = { mta: 'softbank', kind: kindFromActions(recipients), recipients };
    if (report?.perMessage.reportingMta) extract.reportingMta = report.perMessage.reportingMta;
    return extract;
  },
};
