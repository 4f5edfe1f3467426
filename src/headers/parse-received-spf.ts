/**
 * Received-SPF (RFC 7208 section 9.1): `result (comment) key=value; key=value`, where the keys
 * are client-ip, envelope-from, helo, problem, receiver, identity and mechanism (and
 * Microsoft 365's `pr=`).
 * @module
 */
import { parseResultSegments } from './parse-authentication-results.js';
import type { ReceivedSpf } from './types.js';

export function parseReceivedSpf(value: string, headerIndex = 0): ReceivedSpf {
  const out: ReceivedSpf = { result: null, comment: null, receiver: null, clientIp: null, envelopeFrom: null, helo: null, pairs: {}, trusted: true, headerIndex, raw: value };
  const items = parseResultSegments(value).flat();
  const first = items[0];
  if (first && first.key === null && first.value) {
    out.result = first.value.toLowerCase();
    if (first.comments.length > 0) out.comment = first.comments.join('; ');
  }
  for (const item of items) {
    if (item.key === null) continue;
    const key = item.key.toLowerCase();
    if (!(key in out.pairs)) out.pairs[key] = item.value;
  }
  out.receiver = out.pairs['receiver'] ?? null;
  out.clientIp = out.pairs['client-ip'] ?? null;
  out.envelopeFrom = out.pairs['envelope-from'] ?? null;
  out.helo = out.pairs['helo'] ?? null;
  return out;
}
