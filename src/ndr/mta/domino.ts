/**
 * HCL (formerly IBM/Lotus) Domino reports, subject "DELIVERY FAILURE: <reason>":
 *
 *   Your message
 *
 *     Subject: Hello
 *
 *   was not delivered to:
 *
 *     bob@example.org
 *
 *   because:
 *
 *     User bob (bob@example.org) not listed in Domino Directory
 *
 * often followed by a DSN part whose Diagnostic-Code is "X-Notes; <the same reason>". Domino
 * translates the reason into the server's language; its own directory-lookup texts decide
 * the reason.
 * @module
 */
import type { Reason } from '../classify/reasons.js';
import { deliveryStatusOf, recipientsFromDsn } from '../formats/rfc3464-dsn.js';
import { addressesIn } from '../report-text.js';
import type { BounceMessage, MtaParser, RecipientMatter } from '../types.js';

/** Domino's router texts for a recipient that the directory does not know (English, French, Japanese). */
const DIRECTORY_MISS: [RegExp, Reason][] = [
  [/not listed in (?:the )?Domino Directory|not listed in public Name & Address Book|non répertorié dans l'annuaire Domino|Domino ディレクトリには見つかりません/i, 'userunknown'],
];

function isDomino(msg: BounceMessage): boolean {
  return /^DELIVERY[ _]FAILURE:/i.test(msg.subject.trim()) && /^\s*was not delivered to:\s*$/im.test(msg.text);
}

export const dominoParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'domino',
  description: 'HCL/IBM Domino (Lotus Notes) delivery failure reports',
  hint: (msg) => /^DELIVERY[ _]FAILURE:/i.test(msg.subject.trim()),
  parse(msg) {
    if (!isDomino(msg)) return null;
    const recipients: RecipientMatter[] = [];
    let current: RecipientMatter | null = null;
    let section: 'none' | 'to' | 'because' = 'none';
    const because: string[] = [];
    const flush = (): void => {
      if (current && because.length > 0) current.diagnosticCode = because.join(' ').replace(/\s+/g, ' ').trim();
      because.length = 0;
    };
    for (const raw of msg.text.split('\n')) {
      const line = raw.trim();
      if (/^was not delivered to:$/i.test(line)) {
        flush();
        section = 'to';
        current = null;
        continue;
      }
      if (/^because:$/i.test(line)) {
        section = 'because';
        continue;
      }
      if (!line) {
        if (section === 'because' && because.length > 0) {
          flush();
          section = 'none';
        }
        continue;
      }
      if (section === 'to' && !current) {
        const address = addressesIn(line)[0];
        if (address && recipients.length < 1000) {
          current = { recipient: address, action: 'failed' };
          recipients.push(current);
        }
      } else if (section === 'because') {
        because.push(line);
      } else if (/^-{2,}|^Content-Type:/i.test(line)) {
        section = 'none';
      }
    }
    flush();
    const dsn = deliveryStatusOf(msg);
    const dsnRecipients = dsn ? recipientsFromDsn(dsn) : [];
    for (const matter of recipients) {
      const twin = dsnRecipients.find((r) => r.recipient.toLowerCase() === matter.recipient.toLowerCase());
      if (twin?.status) matter.status = twin.status;
      if (twin?.reportingMta) matter.reportingMta = twin.reportingMta;
      if (!matter.diagnosticCode && twin?.diagnosticCode) matter.diagnosticCode = twin.diagnosticCode;
      const text = matter.diagnosticCode ?? '';
      for (const [pattern, reason] of DIRECTORY_MISS) {
        const m = pattern.exec(text);
        if (m) {
          matter.reason = reason;
          matter.ruleId = 'domino.not-in-directory';
          matter.evidence = m[0];
          break;
        }
      }
    }
    if (recipients.length === 0) return null;
    return { mta: 'domino', kind: 'bounce', recipients };
  },
};
