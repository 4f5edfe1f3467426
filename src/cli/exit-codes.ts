/**
 * Exit codes of every command: 0 when the command did its work, whatever it found; 1 only
 * when asked with --fail-on and a result reaches it (or a lookup finds nothing); 2 for usage
 * and input errors.
 * @module
 */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
