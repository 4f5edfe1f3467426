/**
 * Automatic replies (RFC 3834): out-of-office and vacation messages. They say the message
 * arrived; the entry carries the reason `vacation` for the replying address.
 * @module
 */
import { header } from '../../mime/header-lines.js';
import type { MtaParser } from '../types.js';
import { cleanAddress } from './parse-delivery-status.js';

/** Subject prefixes of automatic replies in the languages seen in real mail. */
const AUTOREPLY_SUBJECT = /^(?:auto(?:matic)?[ -]?(?:reply|response|antwort|respuesta|réponse|risposta)|out of (?:the )?office|abwesenheit|absence|r[ée]ponse automatique|risposta automatica|respuesta autom[áa]tica|automatisch antwoord|resposta autom[áa]tica|自動応答|不在|vacation|on vacation|away from|i am away|i'?m away|autoreply|auto:)/i;

export const rfc3834Parser: MtaParser = {
  id: 'rfc3834',
  description: 'Automatic reply (RFC 3834): out of office, vacation',
  parse(msg) {
    const autoSubmitted = (header(msg.headers, 'auto-submitted') ?? '').toLowerCase();
    const subject = msg.subject.trim();
    const signals = [
      autoSubmitted.startsWith('auto-replied'),
      header(msg.headers, 'x-autoreply') !== null,
      header(msg.headers, 'x-autorespond') !== null,
      /auto[_-]?reply/i.test(header(msg.headers, 'precedence') ?? ''),
      /^(?:oof|autoreply)/i.test(header(msg.headers, 'x-auto-response-suppress') ?? '') && AUTOREPLY_SUBJECT.test(subject),
      AUTOREPLY_SUBJECT.test(subject),
    ];
    if (!signals.some(Boolean)) return null;
    // Auto-Submitted alone is not enough: bounces carry it too (RFC 3834 section 5).
    if (!AUTOREPLY_SUBJECT.test(subject) && !signals[1] && !signals[2] && !signals[3]) return null;
    const from = header(msg.headers, 'from') ?? '';
    const address = cleanAddress(/<([^<>]+)>/.exec(from)?.[1] ?? from);
    return {
      mta: 'rfc3834',
      kind: 'autoreply',
      recipients: [{ recipient: address, reason: 'vacation', ruleId: 'rfc3834.auto-replied', evidence: subject.slice(0, 120) }],
    };
  },
};
