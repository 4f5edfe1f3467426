/**
 * maildoctor: why an email did not arrive, and what to do about it.
 * @module
 */
export * from './ndr/index.js';
export { lookupCodes, allCodeEntries } from './codes/lookup-code.js';
export type { Actor, CodeEntry } from './codes/types.js';
