/**
 * The MTA-STS TXT record at `_mta-sts.<domain>` (RFC 8461 section 3.1):
 * `v=STSv1; id=<1*32 ALPHA/DIGIT>` plus optional extension fields. Pure.
 * @module
 */

export interface ParsedMtaStsRecord {
  record: string;
  /** Usable by a sender: the version first, exactly one valid id, every field well formed. */
  valid: boolean;
  id: string | null;
  /** Extension fields (ignored by senders). */
  extensions: Record<string, string>;
  /** What makes it invalid, in plain words. */
  problems: string[];
}

const VERSION = /^v[ \t]*=[ \t]*STSv1$/;
const ID = /^[A-Za-z0-9]{1,32}$/;
const EXTENSION_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const EXTENSION_VALUE = /^[\x21-\x3a\x3c\x3e-\x7e]+$/;

/**
 * Whether a TXT record is an MTA-STS record at all: senders discard records that do not start
 * with "v=STSv1" before counting (section 3.1). Case-sensitive, as the ABNF's %s says.
 */
export function isMtaStsRecord(text: string): boolean {
  return /^v[ \t]*=[ \t]*STSv1(?:[ \t;]|$)/.test(text);
}

export function parseMtaStsRecord(record: string): ParsedMtaStsRecord {
  const result: ParsedMtaStsRecord = { record, valid: false, id: null, extensions: {}, problems: [] };
  const parts = record.split(';').map((p) => p.replace(/^[ \t]+|[ \t]+$/g, ''));
  // One trailing ";" is allowed (sts-text-record ends in [";"]).
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (!VERSION.test(parts[0] ?? '')) result.problems.push('it does not start with v=STSv1');
  let ids = 0;
  for (const part of parts.slice(1)) {
    const eq = part.indexOf('=');
    if (part === '' || eq < 0) {
      result.problems.push(part === '' ? 'an empty field (";;")' : `"${part}" is not name=value`);
      continue;
    }
    const name = part.slice(0, eq).replace(/[ \t]+$/, '');
    const value = part.slice(eq + 1).replace(/^[ \t]+/, '');
    if (name === 'id') {
      ids += 1;
      if (ids > 1) result.problems.push('id appears more than once');
      else if (!ID.test(value)) result.problems.push(`id "${value}" is not 1 to 32 letters or digits`);
      else result.id = value;
    } else if (!EXTENSION_NAME.test(name) || !EXTENSION_VALUE.test(value)) {
      result.problems.push(`"${part}" is not a valid field`);
    } else {
      result.extensions[name] = value;
    }
  }
  if (ids === 0) result.problems.push('the id field is missing');
  result.valid = result.problems.length === 0;
  return result;
}
