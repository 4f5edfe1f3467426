/**
 * RFC 2047 encoded-word decoding for header values, plus raw 8-bit header bytes (RFC 6532
 * UTF-8 headers, or legacy charsets sent unencoded).
 * @module
 */
import { decodeBinaryString, decodeBytes } from './charset.js';
import { decodeBase64, decodeQuotedPrintable } from './transfer-encoding.js';

const ENCODED_WORD = /=\?([^?\s]{1,64})\?([BbQq])\?([^?\s]*)\?=/g;
const BETWEEN_WORDS = /(=\?[^?\s]{1,64}\?[BbQq]\?[^?\s]*\?=)[ \t\n]+(?==\?[^?\s]{1,64}\?[BbQq]\?[^?\s]*\?=)/g;

/** Decodes a raw header value (binary string) into text. */
export function decodeHeaderValue(raw: string): string {
  let text = raw;
  if (text.includes('=?')) {
    // Whitespace between two adjacent encoded words is not displayed (RFC 2047 section 6.2).
    text = text.replace(BETWEEN_WORDS, '$1');
    // Decode runs of words in the same charset together, so multi-byte characters split across
    // words (common with ISO-2022-JP and UTF-8) come out whole.
    const pieces: string[] = [];
    let last = 0;
    let pendingCharset: string | null = null;
    let pendingBytes = '';
    const flush = (): void => {
      if (pendingCharset !== null) {
        pieces.push(decodeBytes(Buffer.from(pendingBytes, 'latin1'), pendingCharset));
        pendingCharset = null;
        pendingBytes = '';
      }
    };
    for (const m of text.matchAll(ENCODED_WORD)) {
      const index = m.index ?? 0;
      if (index > last) {
        flush();
        pieces.push(decodeBinaryString(text.slice(last, index), null));
      }
      const charset = (m[1] ?? '').replace(/\*.*$/, '');
      const payload = m[3] ?? '';
      const bytes = (m[2] ?? 'B').toUpperCase() === 'B'
        ? decodeBase64(payload)
        : decodeQuotedPrintable(payload.replace(/_/g, ' '));
      if (pendingCharset !== null && pendingCharset.toLowerCase() !== charset.toLowerCase()) flush();
      pendingCharset = charset;
      pendingBytes += bytes;
      last = index + m[0].length;
    }
    flush();
    if (last < text.length) pieces.push(decodeBinaryString(text.slice(last), null));
    return pieces.join('');
  }
  return decodeBinaryString(text, null);
}
