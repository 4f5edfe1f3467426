/**
 * Size (5.3.4, 5.2.3, emailtoolarge, exceedlimit): the SIZE limit each recipient MX host
 * advertises in its EHLO reply (RFC 1870), against the original's size as the bounce gives it
 * (find-message-size.ts). Over the limit confirms the bounce; within it points to a lower
 * limit elsewhere (the recipient's mailbox, a gateway in between).
 * @module
 */
import { findingEvidence } from './check-entries.js';
import { entryFor, replyOf, type Conclusion, type EvaluationInput } from './conclusion.js';
import { smallestSizeLimit } from './evaluate-local-checks.js';
import { domainOf } from './plan-checks.js';

/** Bytes in words: 15728640 -> "15 MB (15728640 bytes)". */
export function sizeText(bytes: number, atLeast = false): string {
  const mb = bytes / 1_048_576;
  const rounded = mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10;
  return `${atLeast ? 'at least ' : ''}${mb >= 0.1 ? `${rounded} MB` : `${Math.round(bytes / 1024)} KB`} (${bytes} bytes)`;
}

export function evaluateSizeCause(input: EvaluationInput): Conclusion {
  const { fact, size } = input;
  const domain = domainOf(fact.recipient);
  const smtp = entryFor(input, 'smtp');
  const check = entryFor(input, 'message-size');
  const limit = smallestSizeLimit(smtp);
  const vars: Record<string, unknown> = { recipient: fact.recipient, domain, sender: input.ids.from, reply: replyOf(fact), status: fact.status };
  if (size.size !== null) Object.assign(vars, { size: size.size, sizeText: sizeText(size.size, size.atLeast) });
  if (limit) Object.assign(vars, { limit: limit.limit, limitText: sizeText(limit.limit), host: limit.host });
  const evidence = [...(smtp ? findingEvidence(smtp, ['smtp.size-limit']) : []), ...(check ? findingEvidence(check, ['message-size.over-limit', 'message-size.within-limit']) : [])];
  if (check?.status === 'fail') return { causeId: 'size-over-limit', support: 'confirmed', vars, evidence, ruledOut: [] };
  if (check?.status === 'pass' && !size.atLeast) {
    return { causeId: 'size-within-server-limit', support: 'bounce', vars, evidence, ruledOut: [{ check: 'message-size', target: check.target, status: 'pass', code: 'message-size.within-limit', message: `the MX's own limit (${sizeText(limit?.limit ?? 0)}) did not refuse it` }] };
  }
  if (limit) return { causeId: 'size-limit-known', support: 'bounce', vars, evidence, ruledOut: [] };
  return { causeId: 'size-from-bounce', support: 'bounce', vars, evidence, ruledOut: [] };
}
