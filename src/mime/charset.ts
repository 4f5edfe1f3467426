/**
 * Byte-to-text decoding for the charsets real bounces use (UTF-8, ISO-8859-x, Windows-125x,
 * ISO-2022-JP, Shift_JIS, EUC-JP, GB2312/GBK, Big5, KOI8-R ...). Node's WHATWG TextDecoder
 * knows all of them (full ICU); unknown or bogus labels fall back to UTF-8 when the bytes are
 * valid UTF-8 and to Windows-1252 otherwise, so no input can make decoding fail.
 * @module
 */

import { TextDecoder } from 'node:util';

const decoders = new Map<string, TextDecoder | null>();

/** Labels seen in real mail that the WHATWG encoding standard spells differently. */
const LABEL_ALIASES: Record<string, string> = {
  'x-sjis': 'shift_jis',
  'sjis': 'shift_jis',
  'shift-jis': 'shift_jis',
  'x-euc-jp': 'euc-jp',
  'ks_c_5601-1987': 'euc-kr',
  'iso-2022-jp-2': 'iso-2022-jp',
  'iso-2022-jp-3': 'iso-2022-jp',
  'cp932': 'shift_jis',
  'windows-31j': 'shift_jis',
  'utf8': 'utf-8',
  'ascii': 'windows-1252',
  'us-ascii': 'windows-1252',
  'unknown-8bit': 'windows-1252',
  'x-unknown': 'windows-1252',
};

function decoderFor(label: string): TextDecoder | null {
  const key = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  const cached = decoders.get(key);
  if (cached !== undefined) return cached;
  let decoder: TextDecoder | null = null;
  try {
    decoder = new TextDecoder(LABEL_ALIASES[key] ?? key, { fatal: false });
  } catch {
    decoder = null;
  }
  if (decoders.size < 256) decoders.set(key, decoder);
  return decoder;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const windows1252 = new TextDecoder('windows-1252');
const iso2022jp = new TextDecoder('iso-2022-jp');

/** Whether a byte string (one char per byte) holds any byte above 0x7f. */
function hasHighBytes(binary: string): boolean {
  return /[^\x00-\x7f]/.test(binary);
}

/** Decodes bytes in the named charset; best effort for missing or unknown labels. */
export function decodeBytes(bytes: Uint8Array, charset: string | null | undefined): string {
  if (charset) {
    // ISO-2022-JP is 7-bit (RFC 1468); 8-bit bytes in a part so labelled are usually UTF-8.
    if (/2022/.test(charset) && bytes.some((b) => b > 0x7f)) {
      try {
        return strictUtf8.decode(bytes);
      } catch {
        // not UTF-8 either: fall through to the label
      }
    }
    const decoder = decoderFor(charset);
    if (decoder) {
      if (decoder.encoding === 'windows-1252' && charset.toLowerCase().includes('ascii')) {
        return decodeUnlabelled(bytes);
      }
      return decoder.decode(bytes);
    }
  }
  return decodeUnlabelled(bytes);
}

/** Decodes bytes whose charset is unknown: ISO-2022-JP escapes, then UTF-8, then Windows-1252. */
export function decodeUnlabelled(bytes: Uint8Array): string {
  // ISO-2022-JP is 7-bit and recognisable by its escape sequences (RFC 1468).
  const sample = bytes.length > 4096 ? bytes.subarray(0, 4096) : bytes;
  for (let i = 0; i + 2 < sample.length; i++) {
    if (sample[i] === 0x1b && sample[i + 1] === 0x24 && (sample[i + 2] === 0x42 || sample[i + 2] === 0x40)) {
      return iso2022jp.decode(bytes);
    }
  }
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return windows1252.decode(bytes);
  }
}

/** Decodes a binary string (one char per byte), leaving pure ASCII untouched for speed. */
export function decodeBinaryString(binary: string, charset: string | null | undefined): string {
  if (!hasHighBytes(binary) && !binary.includes('\x1b')) {
    if (!charset) return binary;
    const lower = charset.toLowerCase();
    if (!lower.includes('2022') && !lower.includes('utf-7') && !lower.includes('utf-16')) return binary;
  }
  return decodeBytes(Buffer.from(binary, 'latin1'), charset);
}
