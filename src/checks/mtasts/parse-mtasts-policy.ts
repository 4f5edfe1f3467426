/**
 * The MTA-STS policy file (RFC 8461 section 3.2): lines of `key: value` ending in CRLF or LF,
 * with `version: STSv1`, `mode: enforce|testing|none`, `max_age: <seconds>` (at most
 * 31557600) and one `mx:` line per allowed MX host or `*.` pattern; unknown keys are
 * extensions and ignored. Pure; never throws.
 * @module
 */

export const MTA_STS_MODES = ['enforce', 'testing', 'none'] as const;
export type MtaStsMode = (typeof MTA_STS_MODES)[number];

/** Largest max_age allowed (RFC 8461 section 3.2: about one year). */
export const MAX_MTA_STS_MAX_AGE = 31_557_600;
/** Most policy lines read; a real policy has a handful. */
export const MAX_MTA_STS_POLICY_LINES = 1_000;

export interface ParsedMtaStsPolicy {
  version: string | null;
  mode: MtaStsMode | null;
  maxAge: number | null;
  /** The mx patterns, in order, lower case. */
  mx: string[];
  extensions: Record<string, string>;
  /** How the lines end: all CRLF, all LF, or both (both are allowed). */
  lineEndings: 'crlf' | 'lf' | 'mixed' | 'none';
  /** Usable by a sender. */
  valid: boolean;
  /** What makes it invalid, in plain words. */
  problems: string[];
}

const FIELD_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Whether an mx value is `["*."] Domain` (RFC 8461 section 3.2 with the Domain of RFC 5321
 * section 4.1.2): letters, digits and hyphens in labels, at least two labels.
 */
export function isMxPattern(value: string): boolean {
  const host = value.startsWith('*.') ? value.slice(2) : value;
  if (host.length === 0 || host.length > 253) return false;
  const labels = host.toLowerCase().split('.');
  return labels.length >= 2 && labels.every((l) => LABEL.test(l));
}

/**
 * Whether an MX host matches a policy pattern (RFC 8461 section 4.1): exactly, or for
 * `*.example.com` any name with exactly one more label (not example.com itself, not a.b.example.com).
 */
export function matchesMxPattern(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const p = pattern.toLowerCase().replace(/\.$/, '');
  if (!p.startsWith('*.')) return h === p;
  const suffix = p.slice(1);
  if (!h.endsWith(suffix)) return false;
  const first = h.slice(0, h.length - suffix.length);
  return first.length > 0 && !first.includes('.');
}

export function parseMtaStsPolicy(text: string): ParsedMtaStsPolicy {
  const policy: ParsedMtaStsPolicy = { version: null, mode: null, maxAge: null, mx: [], extensions: {}, lineEndings: 'none', valid: false, problems: [] };
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  policy.lineEndings = crlf > 0 && lf > 0 ? 'mixed' : crlf > 0 ? 'crlf' : lf > 0 ? 'lf' : 'none';
  if (text.charCodeAt(0) === 0xfeff) policy.problems.push('it starts with a byte order mark');
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  // The last delimiter is optional: a final empty "line" is just the end of the file.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const seen = new Set<string>();
  lines.slice(0, MAX_MTA_STS_POLICY_LINES).forEach((raw, i) => {
    const at = `line ${i + 1}`;
    if (raw.includes('\r')) {
      policy.problems.push(`${at} has a bare CR (lines end in CRLF or LF)`);
      return;
    }
    const line = raw.replace(/[ \t]+$/, '');
    // Blank lines are outside the ABNF, but senders skip them; not worth failing a policy for.
    if (line === '') return;
    const colon = line.indexOf(':');
    const key = colon < 0 ? '' : line.slice(0, colon);
    if (colon < 0 || !FIELD_NAME.test(key)) {
      policy.problems.push(`${at} "${line.slice(0, 60)}" is not "key: value"`);
      return;
    }
    const value = line.slice(colon + 1).replace(/^[ \t]+/, '');
    if (key !== 'mx' && seen.has(key)) {
      policy.problems.push(`${key} appears more than once (${at})`);
      return;
    }
    seen.add(key);
    switch (key) {
      case 'version':
        policy.version = value;
        if (value !== 'STSv1') policy.problems.push(`version is "${value}", not STSv1`);
        break;
      case 'mode':
        if ((MTA_STS_MODES as readonly string[]).includes(value)) policy.mode = value as MtaStsMode;
        else policy.problems.push(`mode "${value}" is not enforce, testing or none`);
        break;
      case 'max_age':
        if (!/^\d{1,10}$/.test(value)) policy.problems.push(`max_age "${value}" is not a number of seconds`);
        else if (Number(value) > MAX_MTA_STS_MAX_AGE) policy.problems.push(`max_age ${value} is over the maximum ${MAX_MTA_STS_MAX_AGE}`);
        else policy.maxAge = Number(value);
        break;
      case 'mx':
        if (isMxPattern(value)) policy.mx.push(value.toLowerCase());
        else policy.problems.push(`mx "${value}" is not a host name or *. pattern`);
        break;
      default:
        policy.extensions[key] = value;
    }
  });
  if (lines.length > MAX_MTA_STS_POLICY_LINES) policy.problems.push(`more than ${MAX_MTA_STS_POLICY_LINES} lines`);
  if (!seen.has('version')) policy.problems.push('version is missing');
  if (!seen.has('mode')) policy.problems.push('mode is missing');
  if (!seen.has('max_age')) policy.problems.push('max_age is missing');
  if (policy.mode !== 'none' && policy.mx.length === 0 && !policy.problems.some((p) => p.startsWith('mx '))) policy.problems.push('no mx line');
  policy.valid = policy.problems.length === 0;
  return policy;
}
