/**
 * Public entry of the header analysis. `analyzeHeaders(fields)` analyses a header block that
 * is already parsed (the bounce analysis passes the returned original's); and
 * `analyzeMessageHeaders(input)` takes a whole input (an .eml, a header block pasted as text,
 * a bounce, a message forwarded as an attachment) and picks the header block to analyse.
 * Neither throws on any input: what cannot be read becomes notes and findings.
 * @module
 */
import type { Finding } from '../core/finding.js';
import { MAX_HEADER_VALUE_CHARS } from '../core/limits.js';
import { header, type HeaderField } from '../mime/header-lines.js';
import { parseMessage } from '../mime/parse-message.js';
import { evaluateAuthentication } from './evaluate-authentication.js';
import { headerFinding } from './findings.js';
import { evaluateMicrosoft } from './microsoft/evaluate-microsoft.js';
import { evaluateFilterStamps } from './other-filters/evaluate-filter-stamps.js';
import { buildReceivedChain } from './received-chain.js';
import { selectHeaderSource, type SelectHeaderOptions } from './select-header-source.js';
import type { HeaderFinding, HeaderReport, HeaderSource } from './types.js';

export interface AnalyzeMessageHeadersOptions extends SelectHeaderOptions {
  /** Largest input analysed, in bytes (default MAX_MESSAGE_BYTES). */
  maxBytes?: number;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Route and Forefront can report the same PTR problem for one IP; it is listed once. */
function dedupe(findings: readonly HeaderFinding[]): HeaderFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const ip = f.code.startsWith('route.ptr-') ? String(f.data?.['ip'] ?? '') : null;
    if (ip === null) return true;
    const key = `${f.code}|${ip}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function emptyReport(source: HeaderSource, notes: Finding[]): HeaderReport {
  return {
    source,
    readable: false,
    message: { subject: null, from: null, to: null, date: null, messageId: null, returnPath: null },
    route: { hops: [], totalSeconds: null, boundaryHop: null },
    authentication: {
      results: [], receivedSpf: [], dkimSignatures: [], arc: { status: 'none', problems: [], instances: [] },
      alignment: { fromDomain: null, fromOrganizationalDomain: null, multipleFrom: false, spf: null, dkim: [], aligned: null },
      spf: null, dkim: null, dmarc: null,
    },
    microsoft: null,
    filters: [],
    findings: [],
    notes,
  };
}

function analyze(input: readonly HeaderField[], source: HeaderSource, notes: Finding[]): HeaderReport {
  if (input.length === 0) {
    if (!notes.some((n) => n.code === 'headers.not-found')) notes.push(headerFinding('headers.not-found', {}));
    return emptyReport(source === 'message' ? 'none' : source, notes);
  }
  let cut = 0;
  // A value that starts on a continuation line is unfolded with a leading space; trim it.
  const fields = input.map((f) => {
    const value = f.value.trim();
    if (value.length <= MAX_HEADER_VALUE_CHARS) return { name: f.name, value };
    cut++;
    return { name: f.name, value: value.slice(0, MAX_HEADER_VALUE_CHARS) };
  });
  if (cut > 0) notes.push(headerFinding('headers.value-cut', { count: cut, limit: MAX_HEADER_VALUE_CHARS }));
  const chain = buildReceivedChain(fields);
  notes.push(...chain.notes);
  const auth = evaluateAuthentication(fields, chain.route);
  const microsoft = evaluateMicrosoft(fields, auth.report, chain.route);
  const filters = evaluateFilterStamps(fields);
  const findings = dedupe([...chain.findings, ...auth.findings, ...microsoft.findings, ...filters.findings])
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
  return {
    source,
    readable: true,
    message: {
      subject: header(fields, 'subject'),
      from: header(fields, 'from'),
      to: header(fields, 'to'),
      date: header(fields, 'date'),
      messageId: header(fields, 'message-id')?.trim() ?? null,
      returnPath: header(fields, 'return-path')?.trim() ?? null,
    },
    route: chain.route,
    authentication: auth.report,
    microsoft: microsoft.report,
    filters: filters.filters,
    findings,
    notes,
  };
}

/** Guards the public entries: a bug in one analyser must not cost the caller the answer. */
function safely(run: () => HeaderReport, source: HeaderSource, notes: Finding[]): HeaderReport {
  try {
    return run();
  } catch (error) {
    const report = emptyReport(source, notes);
    report.notes.push({ code: 'analysis.header-error', severity: 'error', message: `the header analysis failed: ${(error as Error).message} (please report this)` });
    return report;
  }
}

/** Analyses a parsed header block (fields in header order, names lower-case, as parseHeaderBlock gives them). */
export function analyzeHeaders(fields: readonly HeaderField[]): HeaderReport {
  const notes: Finding[] = [];
  return safely(() => analyze(fields, 'message', notes), 'message', notes);
}

/** Analyses an input: the message's own headers, or the returned/attached original's, or a pasted block. */
export function analyzeMessageHeaders(input: Uint8Array | string, options: AnalyzeMessageHeadersOptions = {}): HeaderReport {
  const notes: Finding[] = [];
  return safely(() => {
    const parsed = parseMessage(input, options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes });
    notes.push(...parsed.notes);
    const selection = selectHeaderSource(parsed, options);
    notes.push(...selection.notes);
    return analyze(selection.fields, selection.source, notes);
  }, 'none', notes);
}
