/**
 * Get-BlockedSenderAddress: users restricted from sending for outbound spam (usually a
 * compromised account). Every message from them is refused with 550 5.1.8 "Access denied,
 * bad outbound sender" until they are unblocked.
 * Source: https://learn.microsoft.com/defender-office-365/outbound-spam-restore-restricted-users;
 * exchange-online-cmdlets.md section 8.
 * @module
 */
import { configFinding, type ConfigFinding, type ConfigSubject } from './config-findings.js';
import { readDate, readText, type ValueReader } from './export-values.js';
import type { ExportObject } from './read-powershell-json.js';

export interface BlockedSender {
  subject: ConfigSubject;
  sender: string;
  reason: string | null;
  since: string | null;
}

export function readBlockedSender(obj: ExportObject, reader: ValueReader): BlockedSender {
  return {
    subject: reader.subject,
    sender: (readText(obj, 'SenderAddress') ?? '(no address)').toLowerCase(),
    reason: readText(obj, 'Reason'),
    since: readDate(obj, 'CreatedDatetime') ?? readDate(obj, 'ChangedDatetime'),
  };
}

export function evaluateBlockedSenders(senders: readonly BlockedSender[]): ConfigFinding[] {
  return senders.map((s) => configFinding('m365.sender-restricted', s.subject, {
    sender: s.sender,
    reason: s.reason ? `: ${s.reason}` : '',
    since: s.since ? `, since ${s.since}` : '',
  }));
}
