/**
 * Content-Transfer-Encoding decoding (RFC 2045 section 6) on binary strings (one char per
 * byte). Lenient like real mail readers: bad base64 characters are skipped, broken
 * quoted-printable escapes are kept as they are.
 * @module
 */

/** Decodes quoted-printable (RFC 2045 section 6.7) into a binary string. */
export function decodeQuotedPrintable(binary: string): string {
  return binary
    .replace(/=[ \t]*\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Decodes base64 (RFC 2045 section 6.8) into a binary string. */
export function decodeBase64(binary: string): string {
  return Buffer.from(binary.replace(/[^A-Za-z0-9+/]/g, ''), 'base64').toString('latin1');
}

/** Applies the named transfer encoding; identity for 7bit, 8bit, binary and unknown values. */
export function decodeTransferEncoding(binary: string, encoding: string): string {
  switch (encoding) {
    case 'quoted-printable':
      return decodeQuotedPrintable(binary);
    case 'base64':
      return decodeBase64(binary);
    default:
      return binary;
  }
}
