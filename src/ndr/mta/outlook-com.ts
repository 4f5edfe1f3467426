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
  // Exchange Online tenants send from postmaster@<their own domain>; the consumer service from
  // its own mail domains (hotmail.com, outlook.com, live.com, msn.com and their mail. hosts).
  const fromPostmaster = /postmaster@(?:mail\.)?(?:hotmail|outlook|live|msn)\.[a-z.]+/i.test(msg.from);
  const smtpsvc = rawHeaders(msg.headers, 'received').slice(0, 3).some((r) => /Microsoft SMTPSVC/i.test(r) && CONSUMER_HOST.test(r));
  return fromPostmaster || (smtpsvc && /postmaster@/i.test(msg.from));
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
