/**
 * The TLS-RPT record at `_smtp._tls.<domain>` (RFC 8460 section 3):
 * `v=TLSRPTv1; rua=<uri>[,<uri>...]` where each URI is `mailto:` or `https:`; other fields
 * are extensions. Pure.
 * @module
 */
import { firstAddress } from '../../core/email-address.js';

export interface TlsRptDestination {
  uri: string;
  scheme: 'mailto' | 'https' | null;
  valid: boolean;
}

export interface ParsedTlsRpt {
  record: string;
  valid: boolean;
  rua: TlsRptDestination[];
  extensions: Record<string, string>;
  problems: string[];
}

const VERSION = /^v=TLSRPTv1$/;
const EXTENSION_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const EXTENSION_VALUE = /^[\x21-\x3a\x3c\x3e-\x7e]+$/;

/** Senders discard records that do not start with "v=TLSRPTv1" before counting (section 3). */
export function isTlsRptRecord(text: string): boolean {
  return /^v=TLSRPTv1(?:[ \t;]|$)/.test(text);
}

function destination(raw: string): TlsRptDestination {
  const uri = raw.trim();
  if (/^mailto:/i.test(uri)) {
    let address = '';
    try {
      address = decodeURIComponent(uri.slice(7).split('?')[0] ?? '');
    } catch {
      address = '';
    }
    return { uri, scheme: 'mailto', valid: address !== '' && firstAddress(address) === address };
  }
  if (/^https:\/\//i.test(uri)) {
    let valid = false;
    try {
      valid = new URL(uri).hostname.includes('.');
    } catch {
      valid = false;
    }
    return { uri, scheme: 'https', valid };
  }
  return { uri, scheme: null, valid: false };
}

export function parseTlsRpt(record: string): ParsedTlsRpt {
  const result: ParsedTlsRpt = { record, valid: false, rua: [], extensions: {}, problems: [] };
  const parts = record.split(';').map((p) => p.replace(/^[ \t]+|[ \t]+$/g, ''));
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (!VERSION.test(parts[0] ?? '')) result.problems.push('it does not start with v=TLSRPTv1');
  let ruaCount = 0;
  for (const part of parts.slice(1)) {
    const eq = part.indexOf('=');
    if (part === '' || eq < 0) {
      result.problems.push(part === '' ? 'an empty field (";;")' : `"${part}" is not name=value`);
      continue;
    }
    const name = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (name === 'rua') {
      ruaCount += 1;
      if (ruaCount > 1) {
        result.problems.push('rua appears more than once (list every destination in one rua, separated by commas)');
        continue;
      }
      result.rua = value.split(',').map(destination);
      for (const d of result.rua) {
        if (d.scheme === null) result.problems.push(`${d.uri || '(empty)'} is not a mailto: or https: URI`);
        else if (!d.valid) result.problems.push(`${d.uri} is not a valid ${d.scheme} destination`);
      }
    } else if (!EXTENSION_NAME.test(name) || !EXTENSION_VALUE.test(value)) {
      result.problems.push(`"${part}" is not a valid field`);
    } else {
      result.extensions[name] = value;
    }
  }
  if (ruaCount === 0) result.problems.push('rua is missing');
  result.valid = result.problems.length === 0;
  return result;
}
