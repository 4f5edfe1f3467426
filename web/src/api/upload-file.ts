/**
 * Uploads one trace export to `POST /api/trace/import` with XMLHttpRequest, whose upload
 * events report progress (fetch has none for request bodies). The body is the file itself,
 * streamed by the browser. Before a large file is sent, the token is made sure of with a
 * small request, so that a refused token costs no upload.
 * @module
 */
import { apiJson, authorizationHeader, failureOf404, queryString, renewToken } from './api-client.js';
import type { TraceImportResultJson } from './api-types.js';
import { ApiFailure, failureOfAnswer, networkFailure, tokenDeclined } from './api-problem.js';
import { currentToken } from './token-store.js';

export interface UploadProgress {
  phase: 'uploading' | 'importing';
  loaded: number;
  total: number;
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
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    for (const [name, value] of Object.entries(authorizationHeader())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => options.onProgress({ phase: 'uploading', loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    // The body is sent; the server now reads it into the database.
    xhr.upload.onload = () => options.onProgress({ phase: 'importing', loaded: file.size, total: file.size });
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
      return JSON.parse(answer.text) as TraceImportResultJson;
    } catch (error) {
      throw error instanceof ApiFailure ? error : networkFailure(error);
    }
  }
}
