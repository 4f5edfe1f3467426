/**
 * The status-code knowledge base: every Exchange Online NDR code (kb/codes/exchange-online.json)
 * and every enhanced status code of the IANA registry (kb/codes/enhanced-status.json), with
 * look-ups by code, by code range, and by the text of a pasted error line.
 * @module
 */
import exchangeOnline from '../ndr/kb/codes/exchange-online.json' with { type: 'json' };
import enhancedStatus from '../ndr/kb/codes/enhanced-status.json' with { type: 'json' };
import { ENHANCED_STATUS_PATTERN, normalizeStatus, parseEnhancedStatus } from '../core/smtp-status.js';
import type { CodeEntry, CodeFamily } from './types.js';

type RawEntry = Omit<CodeEntry, 'family' | 'reasonIsSpecific' | 'permanent' | 'registryName' | 'rfc' | 'codeTo' | 'replyCodes' | 'signature'> & {
  codeTo?: string | null; replyCodes?: string[]; signature?: string[]; reasonIsSpecific?: boolean;
  permanent?: boolean | null; registryName?: string | null; rfc?: string | null;
};

function load(entries: RawEntry[], family: CodeFamily): CodeEntry[] {
  return entries.map((e) => ({
    ...e,
    family,
    codeTo: e.codeTo ?? null,
    replyCodes: e.replyCodes ?? [],
    signature: (e.signature ?? []).map((s) => s.toLowerCase()),
    reasonIsSpecific: e.reasonIsSpecific ?? false,
    permanent: e.permanent ?? null,
    registryName: e.registryName ?? null,
    rfc: e.rfc ?? null,
  }));
}

const EXO: CodeEntry[] = load((exchangeOnline as { entries: RawEntry[] }).entries, 'exchange-online');
const REGISTRY: CodeEntry[] = load((enhancedStatus as { entries: RawEntry[] }).entries, 'enhanced-status');
const registryByKey = new Map<string, CodeEntry>();
for (const entry of REGISTRY) if (entry.code) registryByKey.set(entry.code.toUpperCase(), entry);

export function allCodeEntries(): readonly CodeEntry[] {
  return [...EXO, ...REGISTRY];
}

/** The registry row for a concrete status (`5.1.1` -> `X.1.1`), or its subject fallback (`X.1.*`). */
export function registryEntryFor(status: string): CodeEntry | null {
  const parsed = parseEnhancedStatus(status);
  if (!parsed) return null;
  return registryByKey.get(`X.${parsed.subject}.${parsed.detail}`) ?? registryByKey.get(`X.${parsed.subject}.*`) ?? null;
}

/** Whether an Exchange Online entry covers the status (exact code, or inside its range). */
function exoCovers(entry: CodeEntry, status: string): boolean {
  if (!entry.code) return false;
  if (!entry.codeTo) return entry.code === status;
  const from = parseEnhancedStatus(entry.code);
  const to = parseEnhancedStatus(entry.codeTo);
  const s = parseEnhancedStatus(status);
  if (!from || !to || !s) return false;
  return s.klass === from.klass && s.subject === from.subject && s.detail >= from.detail && s.detail <= to.detail;
}

/** Signature phrases of the entry found in the text (lower-case). */
function signatureHits(entry: CodeEntry, textLower: string): number {
  let hits = 0;
  for (const phrase of entry.signature) if (textLower.includes(phrase)) hits++;
  return hits;
}

/**
 * Exchange Online entries for a status, best first: when a code has several meanings, those
 * whose signature phrases occur in the text come first; when none occurs, all are returned in
 * the knowledge base's order.
 */
export function exchangeEntriesFor(status: string, text = ''): CodeEntry[] {
  const candidates = EXO.filter((e) => exoCovers(e, status));
  if (candidates.length <= 1 || !text) return candidates;
  const lower = text.toLowerCase();
  const scored = candidates.map((entry, index) => ({ entry, index, hits: signatureHits(entry, lower) }));
  const best = Math.max(...scored.map((s) => s.hits));
  if (best === 0) return candidates;
  return scored.filter((s) => s.hits === best).map((s) => s.entry);
}

/**
 * The one Exchange Online meaning of a status in this text, or null when the code is not
 * Exchange's or its meanings cannot be told apart by the text.
 */
export function exchangeMeaningFor(status: string, text: string): CodeEntry | null {
  const entries = exchangeEntriesFor(status, text);
  const lower = text.toLowerCase();
  // An entry whose signature says nothing of this text is a different meaning of the same
  // code (servers reuse codes); only trust entries the text confirms, or that need no words.
  const confirmed = entries.filter((e) => e.signature.length === 0 || !lower || signatureHits(e, lower) > 0);
  if (confirmed.length === 1) return confirmed[0] ?? null;
  // Exact codes win over ranges (5.7.705 over 5.7.700-749) when nothing else decides.
  const exact = confirmed.filter((e) => e.codeTo === null);
  return exact.length === 1 && confirmed.every((e) => e === exact[0] || e.signature.length === 0) ? exact[0] ?? null : null;
}

/** Whether the registry has this exact code (not only its subject fallback). */
export function isRegisteredStatus(status: string): boolean {
  const parsed = parseEnhancedStatus(status);
  return parsed !== null && registryByKey.has(`X.${parsed.subject}.${parsed.detail}`);
}

/** Entries whose code-less signature (such as the submission-quota NDR) occurs in the text. */
function textOnlyEntries(textLower: string): CodeEntry[] {
  return EXO.filter((e) => e.code === null && e.signature.some((s) => textLower.includes(s)));
}

/** Every status code written in the query, including both ends of ranges like `5.7.606-649`. */
function statusesInQuery(query: string): { statuses: string[]; ranges: [string, string][] } {
  const statuses: string[] = [];
  const ranges: [string, string][] = [];
  const rangePattern = /\b([245])\.(\d{1,3})\.(\d{1,3})\s*-\s*(?:[245]\.\d{1,3}\.)?(\d{1,3})\b/g;
  for (const m of query.matchAll(rangePattern)) {
    ranges.push([`${m[1]}.${m[2]}.${m[3]}`, `${m[1]}.${m[2]}.${m[4]}`]);
  }
  const global = new RegExp(ENHANCED_STATUS_PATTERN.source, 'g');
  for (const m of query.matchAll(global)) {
    const status = normalizeStatus(m[0]);
    if (status && !statuses.includes(status)) statuses.push(status);
  }
  return { statuses, ranges };
}

/** Looks up a query: a code (`5.7.23`, `550 5.7.23`), a range (`5.7.606-649`), or free text. */
export function lookupCodes(query: string): CodeEntry[] {
  const text = query.trim();
  if (!text) return [];
  const results: CodeEntry[] = [];
  const add = (entry: CodeEntry | null | undefined): void => {
    if (entry && !results.includes(entry)) results.push(entry);
  };
  const { statuses, ranges } = statusesInQuery(text);
  for (const [from, to] of ranges) {
    for (const entry of EXO) {
      if (entry.code === from && (entry.codeTo === to || entry.codeTo === null)) add(entry);
      else if (entry.code && entry.codeTo && exoCovers(entry, from) && exoCovers(entry, to)) add(entry);
    }
  }
  const rest = text.replace(ENHANCED_STATUS_PATTERN, ' ');
  const hasText = /[a-z]{3,}/i.test(rest);
  for (const status of statuses) {
    for (const entry of exchangeEntriesFor(status, hasText ? text : '')) add(entry);
    add(registryEntryFor(status));
  }
  if (statuses.length === 0 && ranges.length === 0 && hasText) {
    const lower = text.toLowerCase();
    for (const entry of textOnlyEntries(lower)) add(entry);
    for (const entry of EXO) if (entry.signature.some((s) => s.length >= 6 && lower.includes(s))) add(entry);
    for (const entry of REGISTRY) if (entry.registryName && lower.includes(entry.registryName.toLowerCase())) add(entry);
  }
  return results;
}

/** Permanent or transient for a concrete status, from the entry or the class digit. */
export function isPermanentFor(entry: CodeEntry, status: string | null): boolean | null {
  if (entry.permanent !== null) return entry.permanent;
  const parsed = status ? parseEnhancedStatus(status) : null;
  return parsed ? parsed.klass === 5 : null;
}
