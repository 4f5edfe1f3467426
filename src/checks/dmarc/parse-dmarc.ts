/**
 * DMARC record text -> tags and policy (RFC 7489 section 6.3 and the ABNF of section 6.4).
 * Pure. Every tag is validated; problems are returned as finding codes with their data, and
 * invalid values fall back to the defaults, as receivers do (section 6.3: "syntax errors in
 * the remainder of the record SHOULD be discarded in favor of default values").
 * @module
 */
import { isValidDomainName, normalizeDomain } from '../../core/domain-name.js';
import { MAX_POLICY_RECORD_CHARS } from '../check-limits.js';
import type { FindingCode } from '../types.js';

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';
export type DmarcAlignment = 'r' | 's';

export interface DmarcUri {
  uri: string;
  scheme: string;
  /** For mailto: the address and its domain. */
  address: string | null;
  domain: string | null;
  /** The !size limit as written (10m), if any. */
  maxSize: string | null;
  valid: boolean;
}

export interface DmarcProblem {
  code: FindingCode;
  vars: Record<string, unknown>;
}

export interface ParsedDmarc {
  record: string;
  tags: { name: string; value: string }[];
  /** p=; null when missing or invalid. */
  p: DmarcPolicy | null;
  /** sp=; null when absent (then p applies to subdomains). */
  sp: DmarcPolicy | null;
  /** np= (DMARCbis draft, non-existent subdomains); null when absent. */
  np: DmarcPolicy | null;
  adkim: DmarcAlignment;
  aspf: DmarcAlignment;
  pct: number;
  rua: DmarcUri[];
  ruf: DmarcUri[];
  fo: string[];
  rf: string[];
  ri: number;
  problems: DmarcProblem[];
}

/** RFC 7489 section 6.3: the record starts with v=DMARC1 (value matched exactly). */
export function isDmarcRecord(text: string): boolean {
  return /^[vV][ \t]*=[ \t]*DMARC1[ \t]*(?:;|$)/.test(text);
}

const KNOWN = new Set(['v', 'p', 'sp', 'adkim', 'aspf', 'pct', 'rua', 'ruf', 'fo', 'rf', 'ri']);
const DRAFT = new Set(['np', 'psd', 't']);
const POLICIES: readonly string[] = ['none', 'quarantine', 'reject'];
const TAG = /^([a-z][a-z0-9_]*)[ \t]*=[ \t]*(.*)$/i;

/** Parses one rua/ruf URI (section 6.2: URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ]). */
export function parseDmarcUri(text: string): DmarcUri {
  const trimmed = text.trim();
  const m = /^(.*?)(?:!(\d+[kmgt]?))?$/i.exec(trimmed);
  const uri = m?.[1] ?? trimmed;
  const maxSize = m?.[2] ?? null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase() ?? '';
  const result: DmarcUri = { uri: trimmed, scheme, address: null, domain: null, maxSize, valid: false };
  if (scheme === 'mailto') {
    const address = decodeURIComponent(uri.slice('mailto:'.length).split('?')[0] ?? '');
    const at = address.lastIndexOf('@');
    const domain = at > 0 ? normalizeDomain(address.slice(at + 1)) : '';
    result.address = address;
    result.domain = domain || null;
    result.valid = at > 0 && !/\s/.test(address) && isValidDomainName(domain) && domain.includes('.');
  } else if (scheme !== '') {
    // Other schemes are allowed by the RFC but receivers send to mailto only in practice.
    result.valid = /^[a-z][a-z0-9+.-]*:\S+$/i.test(uri);
  }
  return result;
}

function policyValue(tag: string, value: string, name: string, problems: DmarcProblem[]): DmarcPolicy | null {
  const v = value.toLowerCase();
  if (POLICIES.includes(v)) return v as DmarcPolicy;
  problems.push({ code: 'dmarc.invalid-tag', vars: { name, tag, value, reason: 'must be none, quarantine or reject' } });
  return null;
}

/** Parses a DMARC record found at `name` (for the messages). Never throws. */
export function parseDmarc(record: string, name: string): ParsedDmarc {
  const parsed: ParsedDmarc = {
    record,
    tags: [],
    p: null,
    sp: null,
    np: null,
    adkim: 'r',
    aspf: 'r',
    pct: 100,
    rua: [],
    ruf: [],
    fo: ['0'],
    rf: ['afrf'],
    ri: 86_400,
    problems: [],
  };
  const text = record.slice(0, MAX_POLICY_RECORD_CHARS);
  const seen = new Set<string>();
  const parts = text.split(';').map((s) => s.trim());
  parts.forEach((part, index) => {
    if (part === '') return;
    const m = TAG.exec(part);
    if (!m) {
      parsed.problems.push({ code: 'dmarc.syntax-error', vars: { name, reason: `"${part}" is not tag=value` } });
      return;
    }
    const tag = (m[1] ?? '').toLowerCase();
    const value = (m[2] ?? '').trim();
    parsed.tags.push({ name: tag, value });
    if (seen.has(tag)) {
      parsed.problems.push({ code: 'dmarc.duplicate-tag', vars: { name, tag } });
      return;
    }
    seen.add(tag);
    if (tag === 'v') {
      if (index !== 0 || value !== 'DMARC1') parsed.problems.push({ code: 'dmarc.syntax-error', vars: { name, reason: 'v=DMARC1 must be the first tag, written exactly so' } });
      return;
    }
    if (index === 0) parsed.problems.push({ code: 'dmarc.syntax-error', vars: { name, reason: 'the record must start with v=DMARC1' } });
    const invalid = (reason: string): void => {
      parsed.problems.push({ code: 'dmarc.invalid-tag', vars: { name, tag, value, reason } });
    };
    switch (tag) {
      case 'p':
        parsed.p = policyValue(tag, value, name, parsed.problems);
        break;
      case 'sp':
        parsed.sp = policyValue(tag, value, name, parsed.problems);
        break;
      case 'np':
        parsed.np = policyValue(tag, value, name, parsed.problems);
        break;
      case 'adkim':
      case 'aspf':
        if (/^[rs]$/i.test(value)) parsed[tag] = value.toLowerCase() as DmarcAlignment;
        else invalid('must be r (relaxed) or s (strict)');
        break;
      case 'pct':
        if (/^\d{1,3}$/.test(value) && Number(value) <= 100) parsed.pct = Number(value);
        else invalid('must be a whole number from 0 to 100');
        break;
      case 'ri':
        if (/^\d{1,10}$/.test(value) && Number(value) <= 0xffffffff) parsed.ri = Number(value);
        else invalid('must be a number of seconds');
        break;
      case 'fo': {
        const options = value.split(':').map((s) => s.trim());
        if (options.every((o) => /^[01ds]$/i.test(o))) parsed.fo = options.map((o) => o.toLowerCase());
        else invalid('must be 0, 1, d or s, separated by colons');
        break;
      }
      case 'rf': {
        const formats = value.split(':').map((s) => s.trim().toLowerCase());
        if (formats.every((f) => f === 'afrf' || f === 'iodef')) parsed.rf = formats;
        else invalid('must be afrf');
        break;
      }
      case 'rua':
      case 'ruf': {
        const uris = value.split(',').filter((u) => u.trim() !== '').map(parseDmarcUri);
        for (const uri of uris) if (!uri.valid) parsed.problems.push({ code: 'dmarc.report-uri-invalid', vars: { name, tag, uri: uri.uri } });
        parsed[tag] = uris;
        break;
      }
      case 'psd':
      case 't':
        if (!/^[ynu]$/i.test(value)) invalid(tag === 't' ? 'must be y or n' : 'must be y, n or u');
        break;
      default:
        if (!KNOWN.has(tag) && !DRAFT.has(tag)) parsed.problems.push({ code: 'dmarc.unknown-tag', vars: { name, tag } });
    }
    if (DRAFT.has(tag)) parsed.problems.push({ code: 'dmarc.draft-tag', vars: { name, tag } });
  });
  return parsed;
}
