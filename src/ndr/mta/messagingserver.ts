/**
 * Oracle Communications Messaging Server (formerly Sun Java System / Sun ONE Messaging Server,
 * iPlanet, PMDF) reports, subject "Delivery Notification: Delivery has failed":
 *
 *   This report relates to a message you sent with the following header fields:
 *     ...
 *   Your message cannot be delivered to the following recipients:
 *
 *     Recipient address: bob@example.org
 *     Original address: alias@example.org
 *     Reason: Remote SMTP server has rejected address
 *     Diagnostic code: smtp;550 5.1.1 <bob@example.org>... User unknown
 *     Remote system: dns;mx.example.org (TCP|192.0.2.1|25|...)
 *
 * plus a DSN part. The Recipient address can be an internal source route
 * ("@ims.example.net:bob@server"); the Original address is then the real one. The Reason line
 * says which SMTP step failed.
 * @module
 */
import { deliveryStatusOf, recipientsFromDsn } from '../formats/rfc3464-dsn.js';
import { typedValue } from '../formats/parse-delivery-status.js';
import type { BounceMessage, MtaParser, RecipientMatter } from '../types.js';

const START = /^\s*Your message cannot be delivered to the following recipients:|^\s*Your message has been (?:delayed|enqueued and undeliverable)[^\n]*following recipients:/im;

function isMessagingServer(text: string): boolean {
  return /This report relates to a message you sent with the following header fields:/i.test(text) && START.test(text);
}

function isPlainAddress(value: string): boolean {
  return /^[^\s@:<>]+@[^\s@:<>]+$/.test(value);
}

export const messagingServerParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'messagingserver',
  description: 'Oracle/Sun Messaging Server (iPlanet, PMDF) delivery notifications',
  hint: (msg) => /^Delivery Notification: /i.test(msg.subject),
  parse(msg) {
    // Some of these reports declare a multipart type but carry no boundary: the body is the text.
    const text = msg.text;
    if (!isMessagingServer(text)) return null;
    const start = text.search(START);
    const recipients: (RecipientMatter & { listed: string })[] = [];
    let current: (RecipientMatter & { listed: string }) | null = null;
    for (const raw of text.slice(start).split('\n').slice(1)) {
      const m = /^\s{1,8}(Recipient address|Original address|Reason|Diagnostic code|Remote system):\s*(.*)$/i.exec(raw);
      if (!m) {
        if (/^\S/.test(raw) && recipients.length > 0) break;
        continue;
      }
      const name = (m[1] ?? '').toLowerCase();
      const value = (m[2] ?? '').trim();
      if (name === 'recipient address') {
        if (recipients.length >= 1000) break;
        current = { recipient: isPlainAddress(value) ? value : '', listed: value, action: 'failed' };
        recipients.push(current);
        continue;
      }
      if (!current) continue;
      if (name === 'original address') {
        current.originalRecipient = value;
        if (!current.recipient && isPlainAddress(value)) current.recipient = value;
      } else if (name === 'reason') {
        current.evidence = value;
        if (/rejected address|does not like recipient/i.test(value)) current.command = 'RCPT';
        else if (/MAIL FROM/i.test(value)) current.command = 'MAIL';
        else if (/DATA|message content/i.test(value)) current.command = 'DATA';
      } else if (name === 'diagnostic code') {
        current.diagnosticCode = typedValue(value).value;
      } else if (name === 'remote system') {
        current.remoteMta = typedValue(value).value.split(/[\s(]/)[0] ?? '';
      }
    }
    const dsn = deliveryStatusOf(msg);
    const dsnRecipients = dsn ? recipientsFromDsn(dsn) : [];
    const out: RecipientMatter[] = [];
    recipients.forEach((entry, index) => {
      const { listed, evidence, ...matter } = entry;
      const twin = dsnRecipients.find((r) => [listed, matter.recipient].includes(r.recipient) || (r.originalRecipient && r.originalRecipient === matter.originalRecipient))
        ?? (dsnRecipients.length === recipients.length ? dsnRecipients[index] : undefined);
      if (twin?.status) matter.status = twin.status;
      if (twin?.action) matter.action = twin.action;
      if (twin?.reportingMta) matter.reportingMta = twin.reportingMta;
      if (twin?.date) matter.date = twin.date;
      if (!matter.recipient && twin?.originalRecipient && isPlainAddress(twin.originalRecipient)) matter.recipient = twin.originalRecipient;
      // Without a remote reply, the Reason line is the server's own explanation.
      if (!matter.diagnosticCode && evidence) matter.diagnosticCode = evidence;
      if (matter.recipient) out.push(matter);
    });
    if (out.length === 0) return null;
    return { mta: 'messagingserver', kind: out.every((r) => r.action === 'delayed') ? 'delay' : 'bounce', recipients: out };
  },
};
