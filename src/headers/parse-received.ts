/**
 * One Received header into its clauses (RFC 5321 section 4.4: from, by, via, with, id, for and
 * the date after the last `;`), with the comment conventions of the MTAs that write them:
 * Postfix and Gmail `(rdns [ip])`, Exim `([ip] helo=name)`, Sendmail `(may be forged)`, qmail
 * `(HELO name) (ip)`, Microsoft `(ip)` and `Microsoft SMTP Server (version=TLS1_2, cipher=...)`.
 * Pure, linear, and never throws: what cannot be read stays null.
 * @module
 */
import { isIP } from 'node:net';
import { MAX_HEADER_VALUE_CHARS } from '../core/limits.js';
import { findTrailingDate, parseMailDate } from './parse-mail-date.js';
import type { ReceivedHeader, TlsInfo } from './types.js';

type ClauseName = 'from' | 'by' | 'via' | 'with' | 'id' | 'for';

const CLAUSES: ReadonlySet<string> = new Set(['from', 'by', 'via', 'with', 'id', 'for']);

interface Clause {
  words: string[];
  comments: string[];
}

/** Most nested parentheses followed in a comment; deeper text stays in the comment. */
const MAX_COMMENT_DEPTH = 8;

/** Splits the clause text into words and (possibly nested) comments. An unclosed comment runs to the end. */
function tokenize(text: string): { type: 'word' | 'comment'; text: string }[] {
  const tokens: { type: 'word' | 'comment'; text: string }[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    // The same whitespace class as the word scan below, or a form feed would never advance.
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(') {
      let depth = 0;
      let j = i;
      for (; j < text.length; j++) {
        const c = text[j];
        if (c === '\\') j++;
        else if (c === '(') depth = Math.min(depth + 1, MAX_COMMENT_DEPTH);
        else if (c === ')' && --depth === 0) break;
      }
      tokens.push({ type: 'comment', text: text.slice(i + 1, Math.min(j, text.length)).trim() });
      i = j + 1;
      continue;
    }
    let j = i + 1;
    while (j < text.length && !/[\s(]/.test(text[j] ?? '')) j++;
    tokens.push({ type: 'word', text: text.slice(i, j) });
    i = j;
  }
  return tokens;
}

/** Index of the last `;` outside comments, or -1. */
function lastSemicolon(text: string): number {
  let depth = 0;
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (c === ';' && depth === 0) last = i;
  }
  return last;
}

function bareIp(text: string): string | null {
  const t = text.replace(/^\[|\]$/g, '').replace(/^ipv6:/i, '').replace(/[.,;]$/, '');
  return isIP(t) ? t.toLowerCase() : null;
}

/** The first IP in a comment: `[192.0.2.1]`, `[IPv6:2001:db8::1]`, or a bare `192.0.2.1`. */
function ipInText(text: string): string | null {
  for (const m of text.matchAll(/\[([^\]\s]{2,60})\]/g)) {
    const ip = bareIp(m[1] ?? '');
    if (ip) return ip;
  }
  for (const word of text.split(/[\s,;=()]+/)) {
    const ip = bareIp(word);
    if (ip) return ip;
  }
  return null;
}

function cleanHost(word: string | undefined): string | null {
  if (!word) return null;
  const host = word.replace(/[;,]+$/, '').replace(/\.$/, '');
  return host || null;
}

interface FromInfo {
  helo: string | null;
  reverseName: string | null;
  reverseDns: ReceivedHeader['reverseDns'];
  mayBeForged: boolean;
  fromIp: string | null;
}

function readFrom(clause: Clause | undefined): FromInfo {
  const info: FromInfo = { helo: null, reverseName: null, reverseDns: 'not-shown', mayBeForged: false, fromIp: null };
  if (!clause) return info;
  const first = clause.words[0] ?? null;
  const firstIp = first ? bareIp(first) : null;
  const firstIsName = Boolean(first && !firstIp && first.toLowerCase() !== 'unknown' && !first.startsWith('['));
  const texts = [...clause.comments, ...clause.words.slice(1)];
  for (const text of texts) {
    if (/may be forged/i.test(text)) info.mayBeForged = true;
    info.fromIp ??= ipInText(text);
  }
  info.fromIp ??= firstIp;
  let heloInComment: string | null = null;
  for (const text of texts) {
    const m = /\b(?:helo=|helo\s+|ehlo\s+)([^\s)\]]+)/i.exec(text);
    if (m?.[1]) {
      heloInComment = cleanHost(m[1]);
      break;
    }
  }
  if (heloInComment) {
    // Exim and qmail: the clause's first word is the reverse name (or "unknown"/[ip] without one).
    info.helo = heloInComment;
    if (firstIsName) {
      info.reverseName = cleanHost(first ?? undefined);
      info.reverseDns = 'shown';
    } else {
      info.reverseDns = 'missing';
    }
    return info;
  }
  info.helo = firstIsName ? cleanHost(first ?? undefined) : null;
  for (const comment of clause.comments) {
    // Postfix, Sendmail and Gmail: "(reverse-name [ip])", with "unknown" when there is no PTR.
    const m = /^(?:[^\s@]+@)?([^\s[\]()]+)\s+\[[^\]]+\]/.exec(comment);
    if (m?.[1]) {
      const name = cleanHost(m[1]);
      if (name && name.toLowerCase() === 'unknown') info.reverseDns = 'missing';
      else if (name && !bareIp(name)) {
        info.reverseName = name;
        info.reverseDns = 'shown';
      }
      break;
    }
  }
  return info;
}

function normalizeTlsVersion(family: string, number: string): string {
  const digits = number.replace(/_/g, '.').replace(/^v/i, '');
  return `${family.toUpperCase()} ${digits}`;
}

/** TLS as the comments and `with` clause state it. */
function readTls(texts: readonly string[]): { stated: boolean; tls: TlsInfo | null } {
  let version: string | null = null;
  let cipher: string | null = null;
  let stated = false;
  for (const text of texts) {
    const v = /\b(?:version=|using\s+|^)(TLS|SSL)v?(\d(?:[._]\d)?)\b/i.exec(text);
    if (v?.[1] && v[2]) {
      version ??= normalizeTlsVersion(v[1], v[2]);
      stated = true;
    }
    const c = /\b(?:cipher=|with cipher\s+|^tls\s+)([A-Z0-9_-]{6,})/i.exec(text);
    if (c?.[1]) {
      cipher ??= c[1];
      stated = true;
    }
    if (/^TLS$/i.test(text.trim()) || /Google Transport Security/i.test(text)) stated = true;
  }
  return { stated, tls: stated ? { version, cipher } : null };
}

const TLS_PROTOCOLS = /^(?:E?SMTPS|ESMTPSA|UTF8SMTPSA?|UTF8SMTPS|LMTPS|LMTPSA|HTTPS)$/i;
const PLAIN_PROTOCOLS = /^(?:E?SMTP|ESMTPA|UTF8SMTPA?|LMTP|LMTPA|Microsoft SMTP Server)$/i;
const AUTH_PROTOCOLS = /^(?:ESMTPSA|ESMTPA|UTF8SMTPSA|UTF8SMTPA|LMTPSA|LMTPA)$/i;

function emptyReceived(raw: string): ReceivedHeader {
  return {
    raw, from: null, helo: null, reverseName: null, reverseDns: 'not-shown', mayBeForged: false, fromIp: null,
    by: null, byIp: null, via: null, protocol: null, encrypted: null, tls: null, authenticated: false,
    id: null, for: null, comments: [], dateText: null, date: null, dateProblem: 'missing',
  };
}

/** Parses one Received header value (unfolded). */
export function parseReceived(value: string): ReceivedHeader {
  const raw = value.length > MAX_HEADER_VALUE_CHARS ? value.slice(0, MAX_HEADER_VALUE_CHARS) : value;
  const result = emptyReceived(raw);
  let clauseText = raw;
  let dateText: string | null = null;
  let noSemicolon = false;
  const semi = lastSemicolon(raw);
  if (semi >= 0) {
    clauseText = raw.slice(0, semi);
    dateText = raw.slice(semi + 1).trim() || null;
  } else {
    const at = findTrailingDate(raw);
    if (at >= 0) {
      clauseText = raw.slice(0, at);
      dateText = raw.slice(at).trim();
      noSemicolon = true;
    }
  }
  const clauses = new Map<ClauseName, Clause>();
  const preamble: Clause = { words: [], comments: [] };
  let current: Clause = preamble;
  for (const token of tokenize(clauseText)) {
    if (token.type === 'comment') {
      current.comments.push(token.text);
      result.comments.push(token.text);
      continue;
    }
    const keyword = token.text.toLowerCase();
    if (CLAUSES.has(keyword) && !clauses.has(keyword as ClauseName)) {
      current = { words: [], comments: [] };
      clauses.set(keyword as ClauseName, current);
      continue;
    }
    current.words.push(token.text);
  }
  const fromClause = clauses.get('from');
  result.from = cleanHost(fromClause?.words[0]);
  Object.assign(result, readFrom(fromClause));
  const by = clauses.get('by');
  result.by = cleanHost(by?.words[0]);
  if (result.by && bareIp(result.by)) result.byIp = bareIp(result.by);
  for (const comment of by?.comments ?? []) result.byIp ??= ipInText(comment);
  const via = clauses.get('via');
  if (via && via.words.length > 0) result.via = via.words.join(' ');
  const withClause = clauses.get('with');
  if (withClause && withClause.words.length > 0) {
    const joined = withClause.words.join(' ');
    result.protocol = /^Microsoft SMTP Server\b/i.test(joined) ? 'Microsoft SMTP Server' : (withClause.words[0] ?? null);
  }
  result.id = cleanHost(clauses.get('id')?.words[0]);
  const forClause = clauses.get('for');
  if (forClause) {
    const joined = forClause.words.join(' ');
    result.for = /<([^>]*)>/.exec(joined)?.[1] ?? cleanHost(forClause.words[0]);
  }
  const tlsTexts = [...result.comments, ...(withClause?.words.slice(1) ?? []).join(' ').split(/(?=\btls\b)/i)];
  const { stated, tls } = readTls(tlsTexts);
  result.tls = tls;
  const protocol = result.protocol ?? '';
  if (stated || TLS_PROTOCOLS.test(protocol)) result.encrypted = true;
  else if (PLAIN_PROTOCOLS.test(protocol)) result.encrypted = false;
  result.authenticated = AUTH_PROTOCOLS.test(protocol) || result.comments.some((c) => /^Authenticated sender:/i.test(c));
  result.dateText = dateText;
  if (dateText) {
    const date = parseMailDate(dateText);
    if (date) {
      result.date = noSemicolon ? { ...date, oddities: [...date.oddities, 'no-semicolon'] } : date;
      result.dateProblem = null;
    } else {
      result.dateProblem = 'unparseable';
    }
  }
  return result;
}
