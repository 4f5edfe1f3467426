/**
 * Exchange Online / Microsoft 365 (and EOP) NDRs: the new layout ("Your message to ... couldn't
 * be delivered", owner strip, "More Info for Email Admins"), the older "Delivery has failed to
 * these recipients or groups" layout, retry histories and the 5.1.351 wrapper, in any language.
 * Layouts: learn.microsoft.com/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online
 * @module
 */
import type { BounceMessage, MtaParser } from '../types.js';
import { extractMicrosoftReport } from './microsoft-report.js';
import { hasExchangeHeaders, hasExchangeText, isExchangeOnline } from './microsoft-signals.js';

export const exchangeOnlineParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'exchange-online',
  description: 'Exchange Online / Microsoft 365 NDRs (all layouts and languages)',
  hint: (msg) => hasExchangeHeaders(msg) && isExchangeOnline(msg),
  parse(msg) {
    if (!(hasExchangeHeaders(msg) || hasExchangeText(msg))) return null;
    if (!isExchangeOnline(msg)) return null;
    if (!hasExchangeText(msg) && !msg.headers.some((h) => h.name === 'x-ms-exchange-message-is-ndr')) return null;
    return extractMicrosoftReport(msg, 'exchange-online');
  },
};
