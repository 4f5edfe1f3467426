/**
 * SPF record text -> terms (RFC 7208 sections 4.6, 5, 6 and the ABNF of section 12). Pure.
 * Every problem that makes receivers return permerror is listed with the term and the reason;
 * the terms that could be read are returned all the same, so the tree can still be shown.
 * @module
 */
import { parseIp } from '../../core/ip-address.js';
import { MAX_POLICY_RECORD_CHARS } from '../check-limits.js';
import { validateMacroString } from './expand-spf-macro.js';

export type SpfQualifier = '+' | '-' | '~' | '?';
export const SPF_MECHANISMS = ['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists'] as const;
export type SpfMechanismName = (typeof SPF_MECHANISMS)[number];

export interface SpfMechanism {
  kind: 'mechanism';
  /** The term as written. */
  text: string;
  qualifier: SpfQualifier;
  name: SpfMechanismName;
  /** include, exists (required), a, mx, ptr (optional): the domain-spec, macros unexpanded. */
  domainSpec?: string;
  /** ip4/ip6: the network address. */
  network?: string;
  /** CIDR prefix for IPv4 (ip4, a, mx) and IPv6 (ip6, a, mx). */
  cidr4?: number;
  cidr6?: number;
}

export interface SpfModifier {
  kind: 'modifier';
  text: string;
  name: string;
  value: string;
}

export type SpfTerm = SpfMechanism | SpfModifier;

export interface SpfProblem {
  code: 'spf.syntax-error' | 'spf.unknown-mechanism';
  term: string;
  reason: string;
}

export interface ParsedSpf {
  record: string;
  /** All terms in order (mechanisms and modifiers). */
  terms: SpfTerm[];
  mechanisms: SpfMechanism[];
  redirect: SpfModifier | null;
  exp: SpfModifier | null;
  problems: SpfProblem[];
}

/** Whether a TXT record is an SPF record: "v=spf1" followed by a space or the end (RFC 7208 section 4.5). */
export function isSpfRecord(text: string): boolean {
  return /^v=spf1(?: |$)/i.test(text);
}

const QUALIFIERS = '+-~?';
const MODIFIER = /^([a-z][a-z0-9_.-]*)=(.*)$/i;
const CIDR4 = /^(?:0|[1-9]\d?)$/;
const CIDR6 = /^(?:0|[1-9]\d{0,2})$/;
const TOPLABEL = /^(?:[a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9])$/i;

/** Checks a domain-spec (RFC 7208 section 12: macro-string domain-end); null when valid. */
export function domainSpecProblem(spec: string): string | null {
  if (spec === '') return 'the domain is missing';
  const macroProblem = validateMacroString(spec, false);
  if (macroProblem) return macroProblem;
  if (/%\{[a-z]+[0-9]*r?[-.+,/_=]*\}$/i.test(spec)) return null;
  const literal = spec.replace(/\.$/, '');
  const dot = literal.lastIndexOf('.');
  if (dot < 0) return `"${spec}" is not a domain name (one label)`;
  const top = literal.slice(dot + 1);
  if (!TOPLABEL.test(top)) return `"${top}" cannot end a domain name`;
  if (!spec.includes('%') && literal.split('.').some((label) => label === '' || label.length > 63)) return `"${spec}" has an empty or too long label`;
  return null;
}

/** Splits "domain/24//64" into the domain-spec and the CIDR lengths (section 5.3, 5.4). */
function splitDualCidr(rest: string): { spec: string; cidr4?: string; cidr6?: string } {
  const m = /^(.*?)(?:\/([^/]*))?(?:\/\/([^/]*))?$/.exec(rest);
  const out: { spec: string; cidr4?: string; cidr6?: string } = { spec: m?.[1] ?? rest };
  if (m?.[2] !== undefined) out.cidr4 = m[2];
  if (m?.[3] !== undefined) out.cidr6 = m[3];
  return out;
}

function parseMechanism(text: string, problems: SpfProblem[]): SpfMechanism | null {
  let body = text;
  let qualifier: SpfQualifier = '+';
  if (QUALIFIERS.includes(body[0] ?? '')) {
    qualifier = body[0] as SpfQualifier;
    body = body.slice(1);
  }
  const m = /^([a-z0-9]+)(.*)$/i.exec(body);
  const name = (m?.[1] ?? '').toLowerCase();
  const rest = m?.[2] ?? '';
  const bad = (reason: string): null => {
    problems.push({ code: 'spf.syntax-error', term: text, reason });
    return null;
  };
  if (!(SPF_MECHANISMS as readonly string[]).includes(name)) {
    problems.push({ code: 'spf.unknown-mechanism', term: text, reason: `"${name || body}" is not a mechanism` });
    return null;
  }
  const mech: SpfMechanism = { kind: 'mechanism', text, qualifier, name: name as SpfMechanismName };
  switch (mech.name) {
    case 'all':
      return rest === '' ? mech : bad('all takes no argument');
    case 'include':
    case 'exists': {
      if (!rest.startsWith(':')) return bad(`${name} needs a domain (${name}:example.com)`);
      const problem = domainSpecProblem(rest.slice(1));
      if (problem) return bad(problem);
      mech.domainSpec = rest.slice(1);
      return mech;
    }
    case 'ptr': {
      if (rest === '') return mech;
      if (!rest.startsWith(':')) return bad('ptr takes ptr or ptr:domain');
      const problem = domainSpecProblem(rest.slice(1));
      if (problem) return bad(problem);
      mech.domainSpec = rest.slice(1);
      return mech;
    }
    case 'a':
    case 'mx': {
      if (rest !== '' && !rest.startsWith(':') && !rest.startsWith('/')) return bad(`${name} takes ${name}, ${name}:domain and /prefix lengths`);
      const { spec, cidr4, cidr6 } = splitDualCidr(rest.startsWith(':') ? rest.slice(1) : rest);
      if (rest.startsWith(':')) {
        const problem = domainSpecProblem(spec);
        if (problem) return bad(problem);
        mech.domainSpec = spec;
      } else if (spec !== '') return bad(`${name} takes ${name}, ${name}:domain and /prefix lengths`);
      if (cidr4 !== undefined) {
        if (!CIDR4.test(cidr4) || Number(cidr4) > 32) return bad(`/${cidr4} is not an IPv4 prefix length (0-32)`);
        mech.cidr4 = Number(cidr4);
      }
      if (cidr6 !== undefined) {
        if (!CIDR6.test(cidr6) || Number(cidr6) > 128) return bad(`//${cidr6} is not an IPv6 prefix length (0-128)`);
        mech.cidr6 = Number(cidr6);
      }
      return mech;
    }
    case 'ip4':
    case 'ip6': {
      if (!rest.startsWith(':')) return bad(`${name} needs an address (${name}:${name === 'ip4' ? '192.0.2.0/24' : '2001:db8::/32'})`);
      const slash = rest.indexOf('/');
      const network = slash < 0 ? rest.slice(1) : rest.slice(1, slash);
      const cidr = slash < 0 ? undefined : rest.slice(slash + 1);
      const ip = parseIp(network);
      const version = name === 'ip4' ? 4 : 6;
      if (!ip || ip.version !== version || (version === 6 && network.includes('.') && !network.includes(':'))) return bad(`"${network}" is not an IPv${version} address`);
      mech.network = network;
      if (cidr !== undefined) {
        const ok = version === 4 ? CIDR4.test(cidr) && Number(cidr) <= 32 : CIDR6.test(cidr) && Number(cidr) <= 128;
        if (!ok) return bad(`/${cidr} is not an IPv${version} prefix length (0-${version === 4 ? 32 : 128})`);
        if (version === 4) mech.cidr4 = Number(cidr);
        else mech.cidr6 = Number(cidr);
      }
      return mech;
    }
  }
}

/** Parses an SPF record (which must start with v=spf1). Never throws. */
export function parseSpf(record: string): ParsedSpf {
  const parsed: ParsedSpf = { record, terms: [], mechanisms: [], redirect: null, exp: null, problems: [] };
  const text = record.length > MAX_POLICY_RECORD_CHARS ? record.slice(0, MAX_POLICY_RECORD_CHARS) : record;
  if (!isSpfRecord(text)) {
    parsed.problems.push({ code: 'spf.syntax-error', term: text.split(' ')[0] ?? '', reason: 'an SPF record starts with v=spf1' });
    return parsed;
  }
  if (text.length < record.length) parsed.problems.push({ code: 'spf.syntax-error', term: '', reason: `the record is longer than ${MAX_POLICY_RECORD_CHARS} characters` });
  // Terms are separated by one or more spaces (RFC 7208 section 12); other white space is an error.
  for (const term of text.slice(6).split(/ +/).filter(Boolean)) {
    if (/[^\x21-\x7e]/.test(term)) {
      parsed.problems.push({ code: 'spf.syntax-error', term, reason: 'contains a character that is not allowed (only printable ASCII, terms separated by spaces)' });
      continue;
    }
    const modifier = MODIFIER.exec(term);
    if (modifier && !/^[+\-~?]/.test(term) && !/^(?:ip4|ip6|a|mx|ptr|include|exists|all)[:/]/i.test(term)) {
      const name = (modifier[1] ?? '').toLowerCase();
      const value = modifier[2] ?? '';
      const mod: SpfModifier = { kind: 'modifier', text: term, name, value };
      if (name === 'redirect' || name === 'exp') {
        if (parsed[name]) {
          parsed.problems.push({ code: 'spf.syntax-error', term, reason: `${name}= may appear only once` });
          continue;
        }
        const problem = domainSpecProblem(value);
        if (problem) {
          parsed.problems.push({ code: 'spf.syntax-error', term, reason: problem });
          continue;
        }
        parsed[name] = mod;
      } else {
        const problem = validateMacroString(value, false);
        if (problem) {
          parsed.problems.push({ code: 'spf.syntax-error', term, reason: problem });
          continue;
        }
      }
      parsed.terms.push(mod);
      continue;
    }
    const mech = parseMechanism(term, parsed.problems);
    if (mech) {
      parsed.terms.push(mech);
      parsed.mechanisms.push(mech);
    }
  }
  return parsed;
}
