/**
 * MXLogic (McAfee SaaS Email Protection) reports. The mxl_mta writes Exim's bounce text, with
 * the reply on the address line:
 *
 *     This message was created automatically by mail delivery software.
 *
 *     A message that you have sent could not be delivered to one or more
 *     recipients.  This is a permanent error.  The following address failed:
 *
 *       <bob@example.org>: 550 5.1.1 <bob@example.org>: Recipient address rejected: ...
 *
 * and marks it with its own header fields (X-MX-Bounce, X-MXL-NoteHash), Message-IDs
 * `<mxl~...>`, and `mxl_mta-<version>` in Received fields.
 * @module
 */
import { header, rawHeaders } from '../../mime/header-lines.js';
import { textBeforeOriginal } from '../report-text.js';
import type { BounceMessage, MtaParser, RecipientMatter } from '../types.js';

const LIST_START = /The following address(?:\(es\)|es)? failed:?\s*$/im;
const ADDRESS_LINE = /^\s+<?([^<>\s:]{1,320}@[^<>\s:]{1,255})>?:\s*(.*)$/;
const COPY_MARK = /^(?:Included is a copy of the message header:|-{5,}|-{2,}\s*(?:This is a copy|The header of the original))/;

export function isMxLogicReport(msg: BounceMessage): boolean {
  if (header(msg.headers, 'x-mx-bounce') !== null || header(msg.headers, 'x-mxl-notehash') !== null) return true;
  if (/^<?mxl~/i.test(header(msg.headers, 'message-id') ?? '')) return true;
  if (/@[\w.-]{0,100}\bmxlogic\.net\b/i.test(msg.from)) return true;
  return rawHeaders(msg.headers, 'received').slice(0, 3).some((r) => /\(mxl_mta-[\d.-]{1,20}\)/.test(r)) && LIST_START.test(msg.text);
}

export const mxLogicParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'mxlogic',
  description: 'MXLogic (McAfee SaaS) reports in Exim\'s layout (X-MX-Bounce, <mxl~...> ids)',
  hint: isMxLogicReport,
  parse(msg) {
    if (!isMxLogicReport(msg)) return null;
    const text = textBeforeOriginal(msg.text);
    const start = LIST_START.exec(text);
    if (!start) return null;
    const recipients: RecipientMatter[] = [];
    let current: RecipientMatter | null = null;
    for (const line of text.slice(start.index + start[0].length).split('\n', 2_000)) {
      if (COPY_MARK.test(line.trim())) break;
      const m = ADDRESS_LINE.exec(line);
      if (m?.[1]) {
        current = { recipient: m[1], action: 'failed' };
        if (m[2]?.trim()) current.diagnosticCode = m[2].trim();
        recipients.push(current);
      } else if (current && /^\s{2,}\S/.test(line) && !/^\s*<[^>]+>\s*$/.test(line)) {
        current.diagnosticCode = `${current.diagnosticCode ?? ''} ${line.trim()}`.trim();
      } else if (line.trim() === '') {
        current = null;
      }
    }
    return recipients.length > 0 ? { mta: 'mxlogic', kind: 'bounce', recipients } : null;
  },
};
