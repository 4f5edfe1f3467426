/**
 * BIGLOBE mail reports (biglobe.ne.jp, and the cable operators whose mail BIGLOBE runs:
 * inacatv.ne.jp, tmtv.ne.jp, ttv.ne.jp): From `postmaster@biglobe.ne.jp`, Subject "Returned mail:
 * ..." (or "Undeliverable Mail"), an ISO-2022-JP text that may open with a Japanese sentence
 * ("...送信できませんでした。"), then two sections:
 *
 *        ----- The following addresses had delivery problems -----
 *     bob@example.biglobe.ne.jp
 *
 *        ----- Non-delivered information -----
 *     The number of messages in recipient's mailbox exceeded the local limit.
 *
 * and the returned original as message/rfc822. The non-delivered information is BIGLOBE's own
 * fixed sentence, said once for every address listed above it, and decides the reason: "Mail
 * Delivery Failed... User unknown" is BIGLOBE's reception filter (read as `filtered`, as the
 * reference does), the mailbox sentence means `mailboxfull`. Other words, or a quoted remote
 * reply, go to the classifier.
 * @module
 */
import { textBeforeOriginal } from '../report-text.js';
import type { BounceMessage, MtaParser, RecipientMatter } from '../types.js';
import { applyOwnWords, type OwnWordsRule } from './own-words.js';

const BIGLOBE_SENDER = /\b(?:postmaster|mailer-daemon)@(?:[a-z0-9-]+\.)*(?:biglobe|inacatv|tmtv|ttv)\.ne\.jp\b/i;
const ADDRESSES_MARK = /^\s*-{3,}\s*The following addresses had delivery problems\s*-{3,}\s*$/im;
const INFO_MARK = /^\s*-{3,}\s*Non-delivered information\s*-{3,}\s*$/i;
/** The Japanese heading of the same notice ("... could not be sent"). */
const JAPANESE_MARK = /(?:送信|配送|配信)できませんでした/;
const ADDRESS_ONLY = /^\s*<?([^<>\s@]{1,320}@[^<>\s@]{1,255}?)>?:?\s*$/;
const MAX_LINES = 2_000;
const MAX_INFO_LINES = 10;

const OWN_WORDS: OwnWordsRule[] = [
  { id: 'biglobe.user-unknown-filter', pattern: /\bMail Delivery Failed\.{2,}\s*User unknown\b/i, reason: 'filtered' },
  { id: 'biglobe.mailbox-limit', pattern: /\bThe number of messages in recipient'?s mailbox exceeded the local limit\b/i, reason: 'mailboxfull' },
  { id: 'biglobe.mailbox-full', pattern: /(?:メールボックス|受信ボックス)(?:の容量)?が(?:いっぱい|一杯|満杯)|(?:メールボックス|受信ボックス)の容量を超え/, reason: 'mailboxfull' },
  { id: 'biglobe.address-not-found', pattern: /宛先(?:の)?(?:メール)?アドレスが(?:存在しません|見つかりません)|存在しない(?:メール)?アドレス/, reason: 'userunknown' },
];
const HAS_REPLY = /(?:^|[\s:;(<])[2-5]\d\d(?:[ -]|$)|\b[245]\.\d{1,3}\.\d{1,3}\b/;

export function isBiglobeReport(msg: BounceMessage): boolean {
  if (!BIGLOBE_SENDER.test(msg.from)) return false;
  const text = msg.text.slice(0, 32 * 1024);
  return ADDRESSES_MARK.test(text) || (JAPANESE_MARK.test(text) && /@/.test(text));
}

/** The addresses listed and the information lines that follow them. */
function readSections(text: string): { addresses: string[]; info: string } {
  const lines = text.split('\n', MAX_LINES);
  const mark = lines.findIndex((line) => ADDRESSES_MARK.test(line));
  const addresses: string[] = [];
  const info: string[] = [];
  let inInfo = false;
  for (const raw of lines.slice(mark >= 0 ? mark + 1 : 0)) {
    const line = raw.trim();
    if (INFO_MARK.test(line)) {
      inInfo = true;
      continue;
    }
    if (inInfo) {
      if (!line) {
        if (info.length > 0) break;
        continue;
      }
      if (info.length < MAX_INFO_LINES) info.push(line);
      continue;
    }
    const address = ADDRESS_ONLY.exec(line)?.[1];
    if (address && !addresses.some((a) => a.toLowerCase() === address.toLowerCase())) addresses.push(address);
    if (addresses.length >= 1_000) break;
  }
  if (mark < 0 && info.length === 0) {
    // The Japanese-only notice: its sentences before the first address are the information.
    for (const raw of lines) {
      const line = raw.trim();
      if (ADDRESS_ONLY.test(line)) break;
      if (line && info.length < MAX_INFO_LINES) info.push(line);
    }
  }
  return { addresses, info: info.join(' ').replace(/\s+/g, ' ').trim() };
}

export const biglobeParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'biglobe',
  description: 'BIGLOBE "Returned mail" reports (biglobe.ne.jp and the operators it serves)',
  hint: (msg) => BIGLOBE_SENDER.test(msg.from),
  parse(msg) {
    if (!isBiglobeReport(msg)) return null;
    const text = textBeforeOriginal(msg.text);
    const { addresses, info } = readSections(text);
    if (addresses.length === 0) return null;
    const recipients: RecipientMatter[] = addresses.map((recipient) => {
      const matter: RecipientMatter = { recipient, action: 'failed' };
      if (info) matter.diagnosticCode = info;
      if (!HAS_REPLY.test(info)) applyOwnWords(matter, info || text.slice(0, 4_096), OWN_WORDS);
      return matter;
    });
    return { mta: 'biglobe', kind: 'bounce', recipients };
  },
};
