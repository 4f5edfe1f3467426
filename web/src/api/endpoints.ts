/**
 * One function per API route the pages call, with the request each sends. Routes that later
 * versions of the server add (`POST /api/diagnose`, `GET /api/trace/message`,
 * `GET /api/trace/report`) are called the same way; on a server without them the call fails
 * as not-available and the page says so.
 * @module
 */
import { apiJson, queryString } from './api-client.js';
import type {
  CheckReportJson, CodeEntryJson, DiagnosisJson, ExplainResultJson, HeadersResultJson, TraceMessageJson, TraceQueryResultJson, TraceReportJson,
} from './api-types.js';

/** A message to analyse: pasted text, or the bytes of a chosen file. */
export interface MessageSource {
  name: string;
  /** Pasted text (sent as text/plain) or file bytes (sent as application/octet-stream: an Outlook .msg is binary). */
  content: string | ArrayBuffer;
}

function messageRequest(source: MessageSource): { body: BodyInit; contentType: string } {
  return typeof source.content === 'string'
    ? { body: source.content, contentType: 'text/plain; charset=utf-8' }
    : { body: source.content, contentType: 'application/octet-stream' };
}

export function explainBounce(source: MessageSource, signal?: AbortSignal): Promise<ExplainResultJson[]> {
  return apiJson({ method: 'POST', path: '/api/explain' + queryString({ name: source.name }), ...messageRequest(source), ...(signal ? { signal } : {}) });
}

/** `POST /api/diagnose`: the body as for explain; one diagnosis (an array is read as its first entry). */
export async function diagnoseBounce(source: MessageSource, signal?: AbortSignal): Promise<DiagnosisJson> {
  const answer = await apiJson<DiagnosisJson | DiagnosisJson[]>({ method: 'POST', path: '/api/diagnose' + queryString({ name: source.name }), ...messageRequest(source), ...(signal ? { signal } : {}) });
  const first = Array.isArray(answer) ? answer[0] : answer;
  if (!first) throw new Error('the server answered no diagnosis');
  return first;
}

export function analyzeHeaders(source: MessageSource, signal?: AbortSignal): Promise<HeadersResultJson> {
  return apiJson({ method: 'POST', path: '/api/headers' + queryString({ name: source.name }), ...messageRequest(source), ...(signal ? { signal } : {}) });
}

export function searchCodes(query: string, signal?: AbortSignal): Promise<CodeEntryJson[]> {
  return apiJson({ method: 'GET', path: '/api/codes' + queryString({ q: query.trim() }), ...(signal ? { signal } : {}) });
}

export interface CheckDomainRequest {
  domain: string;
  selectors?: string[];
  smtp?: boolean;
  probeRcpt?: boolean;
}

export interface CheckPathRequest {
  from: string;
  to: string;
  ip?: string;
  helo?: string;
  smtp?: boolean;
}

export type CheckRequest = { kind: 'domain'; body: CheckDomainRequest } | { kind: 'path'; body: CheckPathRequest } | { kind: 'ip'; body: { ip: string } };

export function runCheck(request: CheckRequest, signal?: AbortSignal): Promise<CheckReportJson> {
  return apiJson({ method: 'POST', path: `/api/check/${request.kind}`, body: JSON.stringify(request.body), contentType: 'application/json', ...(signal ? { signal } : {}) });
}

export interface TraceFilters {
  sender?: string;
  recipient?: string;
  domain?: string;
  status?: string;
  since?: string;
  until?: string;
  subject?: string;
  messageId?: string;
  direction?: string;
  limit?: number;
}

export function queryTrace(filters: TraceFilters, signal?: AbortSignal): Promise<TraceQueryResultJson> {
  return apiJson({ method: 'GET', path: '/api/trace/query' + queryString({ ...filters }), ...(signal ? { signal } : {}) });
}

export function traceReport(range: { since?: string; until?: string; top?: number }, signal?: AbortSignal): Promise<TraceReportJson> {
  return apiJson({ method: 'GET', path: '/api/trace/report' + queryString(range), ...(signal ? { signal } : {}) });
}

/** `GET /api/trace/message?id=`: by Message-ID, message trace id or network message id. */
export function traceMessage(id: string, signal?: AbortSignal): Promise<TraceMessageJson> {
  return apiJson({ method: 'GET', path: '/api/trace/message' + queryString({ id }), ...(signal ? { signal } : {}) });
}
