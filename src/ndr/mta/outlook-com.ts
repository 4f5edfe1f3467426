/**
 * Outlook.com / Hotmail (consumer) delivery status notifications: "This is an automatically
 * generated Delivery Status Notification", sent by postmaster of the hotmail/outlook mail
 * domains through Microsoft SMTPSVC hosts (BLU004-OMC..., SNT004-MC...).
 * @module
 */
import { rawHeaders } from '../../mime/header-lines.js';
import type { BounceMessage, MtaParser } from '../types.js';
import { extractMicrosoftReport } from './microsoft-report.js';
import { CONSUMER_HOST } from './microsoft-signals.js';

function isOutlookCom(msg: BounceMessage): boolean {
  const fromPostmaster = /postmaster@(?:[\w-]+\.)*(?:hotmail|outlook|live|msn)\b/i.test(msg.from);
  const smtpsvc = rawHeaders(msg.headers, 'received').slice(0, 3).some((r) => /Microsoft SMTPSVC/i.test(r) && CONSUMER_HOST.test(r));
  return fromPostmaster && (smtpsvc || /Delivery Status Notification/i.test(msg.subject));
}

export const outlookComParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'outlook-com',
  description: 'Outlook.com / Hotmail consumer delivery status notifications',
  hint: isOutlookCom,
  parse(msg) {
    if (!isOutlookCom(msg)) return null;
    return extractMicrosoftReport(msg, 'outlook-com');
  },
};
