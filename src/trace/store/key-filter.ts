/**
 * A Bloom filter of the message keys one import has written: "certainly not written" lets the
 * SQLite writer skip looking a key up when the store was empty before the import, which is the
 * usual first, large import. Fixed size (KEY_FILTER_BITS), so memory does not grow with the
 * file; false positives only cost a look-up. Two 32-bit FNV-1a hashes of the key's UTF-16 code
 * units, combined as h1 + i*h2 (Kirsch and Mitzenmacher, "Less hashing, same performance",
 * 2006) for KEY_FILTER_HASHES bits.
 * @see https://doi.org/10.1007/11841036_42
 * @module
 */

/** 2^27 bits = 16 MiB: under 1 % false positives up to about 10 million keys (3 hashes). */
export const KEY_FILTER_BITS = 2 ** 27;
export const KEY_FILTER_HASHES = 3;

export class KeyFilter {
  private readonly words = new Uint32Array(KEY_FILTER_BITS / 32);

  /** Adds the key; returns false when it was certainly not there before. */
  addAndCheck(key: string): boolean {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    h2 |= 1;
    let present = true;
    for (let i = 0; i < KEY_FILTER_HASHES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & (KEY_FILTER_BITS - 1);
      const word = bit >>> 5;
      const mask = 1 << (bit & 31);
      const value = this.words[word] as number;
      if ((value & mask) === 0) {
        present = false;
        this.words[word] = value | mask;
      }
    }
    return present;
  }
}
