/**
 * Exchange Server 2007-2019 on-premises NDRs: "Delivery has failed to these recipients or
 * groups", "Diagnostic information for administrators", "Generating server: <internal host>",
 * `#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##` and `Remote Server at <host> returned`
 * retry lines, in the server's configured language.
 * @module
 */
import type { BounceMessage, MtaParser } from '../types.js';
import { extractMicrosoftReport } from './microsoft-report.js';
import { hasExchangeHeaders, hasExchangeOnlyText, hasExchangeText, isExchangeOnline } from './microsoft-signals.js';

export const exchangeServerParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'exchange-server',
  description: 'Exchange Server 2007-2019 (on-premises) NDRs',
  hint: (msg) => hasExchangeHeaders(msg) && hasExchangeText(msg),
  parse(msg) {
    if (!hasExchangeOnlyText(msg) && !(hasExchangeHeaders(msg) && hasExchangeText(msg))) return null;
    if (isExchangeOnline(msg)) return null;
    return extractMicrosoftReport(msg, 'exchange-server');
  },
};
