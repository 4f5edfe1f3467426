/**
 * How large the refused message was, as far as the bounce tells: the sizes a server writes in
 * its reply (Postfix "message size 15728640 exceeds size limit 10485760", Exim "read=...
 * max=...", "size of message is N", "N bytes exceeds ... M bytes"), else the returned copy of
 * the original when the bounce carries it whole (a lower bound: a relay may cut it). Pure.
 * @module
 */
import type { MimeEntity } from '../mime/parse-message.js';

export interface MessageSize {
  /** Bytes, or null when the bounce does not tell. */
  size: number | null;
  /** Whether `size` is only a lower bound (the returned copy). */
  atLeast: boolean;
  /** Where it came from, in words. */
  source: string | null;
  /** A limit the server's reply names, in bytes. */
  statedLimit: number | null;
}

const UNIT: Record<string, number> = { '': 1, b: 1, byte: 1, bytes: 1, k: 1024, kb: 1024, kib: 1024, m: 1_048_576, mb: 1_048_576, mib: 1_048_576, g: 1_073_741_824, gb: 1_073_741_824, gib: 1_073_741_824 };
const AMOUNT = String.raw`(\d{1,12}(?:[.,]\d{1,3})?)\s?(bytes?|b|kib|kb|k|mib|mb|m|gib|gb|g)?\b`;
const MAX_SCANNED_CHARS = 2000;

function bytes(amount: string | undefined, unit: string | undefined): number | null {
  if (!amount) return null;
  const factor = UNIT[(unit ?? '').toLowerCase()];
  const value = Number(amount.replace(',', '.'));
  return factor && Number.isFinite(value) ? Math.round(value * factor) : null;
}

interface SizePattern {
  pattern: RegExp;
  /** Group numbers of the size's amount and unit, and of the limit's. */
  size: [number, number] | null;
  limit: [number, number] | null;
}

/** Tried in order; the first that matches decides. */
const PATTERNS: readonly SizePattern[] = [
  // Postfix smtp(8): "message size 15728640 exceeds size limit 10485760 of server ..."
  { pattern: new RegExp(String.raw`message size ${AMOUNT} exceeds size limit ${AMOUNT}`, 'i'), size: [1, 2], limit: [3, 4] },
  // Exim: "message too big: read=15728640 max=10485760"
  { pattern: new RegExp(String.raw`read=${AMOUNT}\s+max=${AMOUNT}`, 'i'), size: [1, 2], limit: [3, 4] },
  // "size of message is 41943040, and maximum allowed is 36700160" / "message size is 12 MB ... limit 10 MB"
  { pattern: new RegExp(String.raw`(?:size of (?:the )?message|message size|message length) (?:is |was |of )?${AMOUNT}[^\d]{0,60}?(?:max(?:imum)?|limit)[^\d]{0,30}${AMOUNT}`, 'i'), size: [1, 2], limit: [3, 4] },
  // "15728640 bytes exceeds the limit of 10485760 bytes"
  { pattern: new RegExp(String.raw`${AMOUNT}[^\d]{0,20}(?:exceeds|is larger than|is over)[^\d]{0,40}${AMOUNT}`, 'i'), size: [1, 2], limit: [3, 4] },
  { pattern: new RegExp(String.raw`(?:size limit|maximum (?:message )?size|max(?:imum)? allowed)(?: is| of)?:? ${AMOUNT}`, 'i'), size: null, limit: [1, 2] },
  { pattern: new RegExp(String.raw`(?:size of (?:the )?message|message size|message length) (?:is |was |of )?${AMOUNT}`, 'i'), size: [1, 2], limit: null },
];

/** The sizes a server's reply states. */
export function sizesInReply(reply: string): { size: number | null; limit: number | null } {
  const text = reply.slice(0, MAX_SCANNED_CHARS);
  for (const { pattern, size, limit } of PATTERNS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const s = size ? bytes(m[size[0]], m[size[1]]) : null;
    const l = limit ? bytes(m[limit[0]], m[limit[1]]) : null;
    // A bare number is only taken as bytes when it is large enough to be a message size.
    if ((s ?? l ?? 0) >= 1024 || (size && m[size[1]]) || (limit && m[limit[1]])) return { size: s, limit: l };
  }
  return { size: null, limit: null };
}

/** The size of a returned copy on the wire (CRLF line ends), or null when it carries no body. */
export function returnedCopySize(original: MimeEntity | null): number | null {
  if (!original || original.rawBody.trim() === '') return null;
  const headerBytes = original.headers.reduce((sum, h) => sum + h.name.length + 2 + Buffer.byteLength(h.value, 'latin1') + 2, 0);
  const body = original.rawBody;
  let lines = 0;
  for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) lines++;
  return headerBytes + 2 + body.length + lines;
}

export function findMessageSize(reply: string | null, original: MimeEntity | null): MessageSize {
  const stated = sizesInReply(reply ?? '');
  if (stated.size !== null) return { size: stated.size, atLeast: false, source: "the receiving server's reply", statedLimit: stated.limit };
  const copy = returnedCopySize(original);
  if (copy !== null) return { size: copy, atLeast: true, source: 'the returned copy of the original (at least)', statedLimit: stated.limit };
  return { size: null, atLeast: false, source: null, statedLimit: stated.limit };
}
