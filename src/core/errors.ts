/**
 * Errors that are thrown: only for usage and configuration mistakes (a missing file, a bad
 * option, an invalid knowledge rule). Everything about untrusted input is a value instead.
 * @module
 */

export type ToolkitErrorCode =
  | 'usage'
  | 'input-missing'
  | 'input-unreadable'
  | 'config'
  | 'knowledge-invalid';

export class ToolkitError extends Error {
  readonly code: ToolkitErrorCode;

  constructor(code: ToolkitErrorCode, message: string) {
    super(message);
    this.name = 'ToolkitError';
    this.code = code;
  }
}
