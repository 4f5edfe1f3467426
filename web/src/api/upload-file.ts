/**
 * Uploads one trace export to `POST /api/trace/import` with XMLHttpRequest, whose upload
 * events report progress (fetch has none for request bodies). The body is the file itself,
 * streamed by the browser. Before a large file is sent, the token is made sure of with a
 * small request, so that a refused token costs no upload. The upload accepts the route's
 * NDJSON answer (`Accept: application/x-ndjson`): while the server stores the rows it sends
 * progress lines, read from the partial `responseText` in `onprogress`, and the result (or
 * the problem) is the last line.
 * @module
 */
import { apiJson, authorizationHeader, failureOf404, queryString, renewToken } from './api-client.js';
import type { TraceImportResultJson } from './api-types.js';
import { ApiFailure, failureOfAnswer, networkFailure, tokenDeclined } from './api-problem.js';
import { createNdjsonReader } from './ndjson-lines.js';
import { currentToken } from './token-store.js';

export interface UploadProgress {
  phase: 'uploading' | 'importing';
  loaded: number;
  total: number;
  /** While importing: the rows the server has stored so far, when it said. */
  rows?: number;
  /** While importing: rows per second since the upload ended. */
  rowsPerSecond?: number;
}

const NDJSON = 'application/x-ndjson';

interface ImportLine {
  type?: string;
  rows?: number;
  problem?: { status?: number };
}

export interface UploadOptions {
  culture?: string;
  dateFormat?: string;
  onProgress(progress: UploadProgress): void;
  signal?: AbortSignal;
}

interface XhrAnswer {
  status: number;
  contentType: string | null;
  text: string;
}

function send(file: File, url: string, options: UploadOptions): Promise<XhrAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    // The NDJSON answer when the server has it; older servers answer JSON (and problems are always JSON).
    xhr.setRequestHeader('accept', `${NDJSON}, application/json;q=0.9`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    for (const [name, value] of Object.entries(authorizationHeader())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => options.onProgress({ phase: 'uploading', loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    // The body is sent; the server now reads it into the database.
    let importFrom = performance.now();
    xhr.upload.onload = () => {
      importFrom = performance.now();
      options.onProgress({ phase: 'importing', loaded: file.size, total: file.size });
    };
    const reader = createNdjsonReader();
    xhr.onprogress = () => {
      if (xhr.status !== 200 || !xhr.getResponseHeader('content-type')?.includes(NDJSON)) return;
      let lines: unknown[];
      try {
        lines = reader.next(xhr.responseText);
      } catch {
        return; // A broken line: the answer is judged whole in onload.
      }
      const last = lines.filter((line): line is ImportLine => (line as ImportLine)?.type === 'progress' && typeof (line as ImportLine).rows === 'number').pop();
      if (!last?.rows) return;
      const seconds = (performance.now() - importFrom) / 1000;
      options.onProgress({ phase: 'importing', loaded: file.size, total: file.size, rows: last.rows, ...(seconds > 0 ? { rowsPerSecond: last.rows / seconds } : {}) });
    };
    xhr.onload = () => resolve({ status: xhr.status, contentType: xhr.getResponseHeader('content-type'), text: xhr.responseText });
    xhr.onerror = () => reject(networkFailure(new Error('the upload was interrupted')));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

export async function uploadTraceExport(file: File, options: UploadOptions): Promise<TraceImportResultJson> {
  // A cheap request first: asks for the token now if the server needs one.
  await apiJson({ method: 'GET', path: '/api/trace/query?limit=1', ...(options.signal ? { signal: options.signal } : {}) });
  const path = '/api/trace/import' + queryString({ name: file.name, culture: options.culture, dateFormat: options.dateFormat });
  for (;;) {
    const hadToken = currentToken() !== null;
    const answer = await send(file, path, options);
    if (answer.status === 401) {
      if (await renewToken(hadToken)) continue;
      throw tokenDeclined();
    }
    if (answer.status < 200 || answer.status >= 300) {
      const failure = failureOfAnswer(answer.status, answer.contentType, answer.text);
      throw answer.status === 404 ? await failureOf404({ method: 'POST', path }, failure) : failure;
    }
    try {
      if (!answer.contentType?.includes(NDJSON)) return JSON.parse(answer.text) as TraceImportResultJson;
      const last = createNdjsonReader().end(answer.text).pop() as ImportLine | undefined;
      if (last?.type === 'error' && last.problem) throw failureOfAnswer(last.problem.status ?? 500, 'application/problem+json', JSON.stringify(last.problem));
      if (last?.type !== 'result') throw new Error('the answer ended before the import did');
      const { type: _type, ...result } = last;
      return result as unknown as TraceImportResultJson;
    } catch (error) {
      throw error instanceof ApiFailure ? error : networkFailure(error);
    }
  }
}
