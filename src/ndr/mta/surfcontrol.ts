/**
 * SurfControl E-mail Filter reports (`X-Mailer: SurfControl E-mail Filter`, X-SEF-* fields): a
 * multipart/report whose text is a short transcript,
 *
 *     Your message could not be sent.
 *     A transcript of the attempts to send the message follows.
 *     The number of attempts made: 1
 *     Addressed To: bob@example.org
 *
 *     Thu 29 Apr 2010 23:34:45 +0900
 *     Failed to send to identified host,
 *     bob@example.org: [192.0.2.5], 550 bob@example.org... No such user
 *     --- Message non-deliverable.
 *
 * and a delivery-status part with the recipient and the reply. The text line gives the remote
 * host's address.
 * @module
 */
import { header } from '../../mime/header-lines.js';
import { rfc3464Parser } from '../formats/rfc3464-dsn.js';
import type { BounceMessage, MtaParser, NdrExtract, RecipientMatter } from '../types.js';

/** `bob@example.org: [192.0.2.5], 550 ...` */
const HOST_LINE = /^([^\s:<>]{1,320}@[^\s:<>]{1,255}):\s*\[([^\]\s]{1,64})\],\s*(.{1,2000})$/;

export function isSurfControlReport(msg: BounceMessage): boolean {
  const marked = /\bSurfControl\b/i.test(header(msg.headers, 'x-mailer') ?? '') || msg.headers.some((h) => h.name.startsWith('x-sef-'));
  return marked && /^Your message could not be sent\./m.test(msg.text);
}

export const surfControlParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'surfcontrol',
  description: 'SurfControl E-mail Filter reports',
  hint: isSurfControlReport,
  parse(msg) {
    if (!isSurfControlReport(msg)) return null;
    const lines = new Map<string, { host: string; reply: string }>();
    for (const line of msg.text.split('\n', 2_000)) {
      const m = HOST_LINE.exec(line.trim());
      if (m?.[1]) lines.set(m[1].toLowerCase(), { host: m[2] ?? '', reply: (m[3] ?? '').trim() });
    }
    const dsn = rfc3464Parser.parse(msg);
    let recipients: RecipientMatter[] = dsn?.recipients ?? [];
    if (recipients.length === 0) {
      recipients = [...lines.entries()].map(([address, l]) => ({ recipient: address, action: 'failed', diagnosticCode: l.reply }));
    }
    for (const matter of recipients) {
      const line = lines.get(matter.recipient.toLowerCase());
      if (!line) continue;
      if (!matter.remoteMta && line.host) matter.remoteMta = line.host;
      if (!matter.diagnosticCode) matter.diagnosticCode = line.reply;
    }
    const extract: NdrExtract = { ...(dsn ?? { kind: 'bounce' }), mta: 'surfcontrol', recipients };
    return recipients.length > 0 ? extract : null;
  },
};
