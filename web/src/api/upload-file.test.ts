/**
 * The upload of a trace export with a scripted XMLHttpRequest: progress is reported from the
 * upload events, then "importing" until the answer; the token is made sure of with a small
 * request first; a 401 during the upload asks for the token and sends the file again; the
 * NDJSON answer's progress lines, read from the partial responseText, report rows imported.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setTokenPrompter } from './token-prompt.js';
import { forgetToken, saveToken } from './token-store.js';
import { uploadTraceExport, type UploadProgress } from './upload-file.js';

const TOKEN = 'upload-token-0123456789ab';
const RESULT = { file: 'trace.csv', format: 'exo-message-trace', rows: 3, imported: 3, updated: 0, unchanged: 0, skipped: 0, skippedRows: [] };

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

let sent: Sent[];
/** The status each upload answers, in turn. */
let statuses: number[];
/** When set, the 200 answer is NDJSON: these chunks of text arrive one after the other. */
let ndjsonChunks: string[] | null;

class FakeXhr {
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null; onload: (() => void) | null } = { onprogress: null, onload: null };
  onload: (() => void) | null = null;
  onprogress: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  responseText = '';
  private url = '';
  private headers: Record<string, string> = {};
  open(_method: string, url: string): void {
    this.url = url;
  }
  setRequestHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }
  getResponseHeader(): string {
    if (this.status === 0) return null as unknown as string;
    if (this.status === 200) return ndjsonChunks ? 'application/x-ndjson; charset=utf-8' : 'application/json';
    return 'application/problem+json';
  }
  abort(): void {
    this.onabort?.();
  }
  send(body: { size: number }): void {
    sent.push({ url: this.url, headers: { ...this.headers }, body });
    queueMicrotask(() => {
      this.status = statuses.shift() ?? 200;
      if (this.status === 200) {
        this.upload.onprogress?.({ loaded: body.size / 2, total: body.size, lengthComputable: true });
        this.upload.onprogress?.({ loaded: body.size, total: body.size, lengthComputable: true });
        this.upload.onload?.();
        if (ndjsonChunks) {
          for (const chunk of ndjsonChunks) {
            this.responseText += chunk;
            this.onprogress?.();
          }
        } else {
          this.responseText = JSON.stringify(RESULT);
        }
      } else {
        this.responseText = JSON.stringify({ title: 'Token required', detail: 'x', code: 'unauthorized', status: 401 });
      }
      this.onload?.();
    });
  }
}

beforeEach(() => {
  sent = [];
  statuses = [];
  ndjsonChunks = null;
  forgetToken();
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  vi.stubGlobal('fetch', vi.fn(async (_url: string, init?: RequestInit) => {
    const ok = new Headers(init?.headers).get('authorization') === `Bearer ${TOKEN}`;
    return new Response(JSON.stringify(ok ? { rows: [], count: 0, limit: 1, more: false } : { title: 'Token required', detail: 'x', code: 'unauthorized', status: 401 }), { status: ok ? 200 : 401, headers: { 'content-type': 'application/json' } });
  }));
});

afterEach(() => {
  setTokenPrompter(null);
  vi.unstubAllGlobals();
});

const file = (): File => new File(['a'.repeat(1000)], 'trace export.csv', { type: 'text/csv' });

describe('uploadTraceExport', () => {
  it('reports the upload progress, then importing, and answers the import result', async () => {
    saveToken(TOKEN);
    const progress: UploadProgress[] = [];
    const result = await uploadTraceExport(file(), { culture: 'de-DE', onProgress: (p) => progress.push(p) });
    expect(result).toEqual(RESULT);
    expect(progress).toEqual([
      { phase: 'uploading', loaded: 500, total: 1000 },
      { phase: 'uploading', loaded: 1000, total: 1000 },
      { phase: 'importing', loaded: 1000, total: 1000 },
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe('/api/trace/import?name=trace+export.csv&culture=de-DE');
    expect(sent[0]!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'content-type': 'application/octet-stream' });
  });

  it('asks for NDJSON and reports the rows imported from the progress lines, then answers the result line', async () => {
    saveToken(TOKEN);
    ndjsonChunks = [
      '{"type":"progress","rows":2000,"file":"trace export.csv"}\n{"type":"prog',
      'ress","rows":12000,"file":"trace export.csv"}\n',
      `${JSON.stringify({ type: 'result', ...RESULT })}\n`,
    ];
    const progress: UploadProgress[] = [];
    const result = await uploadTraceExport(file(), { onProgress: (p) => progress.push(p) });
    expect(result).toEqual(RESULT);
    expect(sent[0]!.headers['accept']).toContain('application/x-ndjson');
    const rows = progress.filter((p) => p.rows !== undefined);
    expect(rows.map((p) => p.rows)).toEqual([2000, 12000]);
    expect(rows.every((p) => p.phase === 'importing' && p.loaded === 1000)).toBe(true);
  });

  it('an error line of the NDJSON answer is the failure of its problem details', async () => {
    saveToken(TOKEN);
    ndjsonChunks = [`${JSON.stringify({ type: 'error', problem: { status: 422, code: 'unreadable-input', title: 'Input not readable', detail: 'trace export.csv: not a message-trace export' } })}\n`];
    await expect(uploadTraceExport(file(), { onProgress: () => undefined })).rejects.toMatchObject({ status: 422, code: 'unreadable-input' });
  });

  it('an NDJSON answer cut off before its result line is a network failure', async () => {
    saveToken(TOKEN);
    ndjsonChunks = ['{"type":"progress","rows":2000,"file":"trace export.csv"}\n'];
    await expect(uploadTraceExport(file(), { onProgress: () => undefined })).rejects.toMatchObject({ kind: 'network' });
  });

  it('asks for the token before sending the file when the server wants one', async () => {
    const asked: boolean[] = [];
    setTokenPrompter(async (retry) => {
      asked.push(retry);
      return TOKEN;
    });
    await uploadTraceExport(file(), { onProgress: () => undefined });
    expect(asked).toEqual([false]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });

  it('sends the file again after a 401 during the upload, with the new token', async () => {
    saveToken(TOKEN);
    statuses = [401, 200];
    const asked: boolean[] = [];
    setTokenPrompter(async (retry) => {
      asked.push(retry);
      return TOKEN;
    });
    await uploadTraceExport(file(), { onProgress: () => undefined });
    expect(asked).toEqual([true]);
    expect(sent).toHaveLength(2);
  });

  it('fails as token-declined when the person cancels', async () => {
    setTokenPrompter(async () => null);
    await expect(uploadTraceExport(file(), { onProgress: () => undefined })).rejects.toMatchObject({ kind: 'token-declined' });
    expect(sent).toHaveLength(0);
  });
});
