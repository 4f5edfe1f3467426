/**
 * Finding e-mail addresses inside untrusted text in linear time: every quantifier is bounded
 * (local part up to 128 characters, up to 9 labels of up to 63), so long runs of `@`, dots or
 * letters cannot make the search quadratic, as `[^\s]+@[^\s]+` can.
 * @module
 */

const ADDRESS_SOURCE = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,128}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\\.){1,8}[A-Za-z0-9-]{2,63}";

/** A fresh global pattern for `matchAll` (patterns with state must not be shared). */
export function addressPattern(): RegExp {
  return new RegExp(ADDRESS_SOURCE, 'g');
}

const FIRST_ADDRESS = new RegExp(ADDRESS_SOURCE);

/** The first address in a text, or null. */
export function firstAddress(text: string): string | null {
  return FIRST_ADDRESS.exec(text)?.[0] ?? null;
}
