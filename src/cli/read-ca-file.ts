/**
 * `--ca-file`: a PEM file of extra trusted certificates (for a private CA, and for the tests'
 * own CA). Shared by check, diagnose, serve and m365 so that they fail the same way.
 * @module
 */
import { readFileSync } from 'node:fs';
import { ToolkitError } from '../core/errors.js';

/** The file's PEM text; a missing, unreadable or certificate-less file is an input error. */
export function readCaFile(file: string): string {
  let ca: string;
  try {
    ca = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ToolkitError(code === 'ENOENT' ? 'input-missing' : 'input-unreadable', `cannot read the CA file ${file}: ${code ?? (error as Error).message}`);
  }
  if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new ToolkitError('input-unreadable', `${file} holds no PEM certificate`);
  return ca;
}
