/**
 * The HTTPS part of `--record` and `--replay`: every fetch of a run kept as it came back, and
 * a fetcher that answers from those, with no network.
 *
 * Section of the recording file, beside `dns` (its own version, so that the DNS part of a
 * recording stays as it was):
 * ```json
 * "https": {
 *   "version": 1,
 *   "fetches": [
 *     { "ok": true, "url": "https://mta-sts.contoso.example/.well-known/mta-sts.txt",
 *       "address": "192.0.2.80", "status": 200, "headers": { "content-type": "text/plain" },
 *       "body": "version: STSv1\r\nmode: enforce\r\n...", "ms": 12,
 *       "certificate": { "subject": "mta-sts.contoso.example", "issuer": "...", "altNames": [...],
 *                        "validFrom": "...", "validTo": "...", "fingerprint256": "...",
 *                        "trusted": true, "error": null } },
 *     { "ok": false, "url": "...", "address": "...", "code": "timeout", "error": "...",
 *       "certificate": null, "ms": 10000 }
 *   ]
 * }
 * ```
 * A replayed fetch of a URL that is not in the file fails with code `not-recorded`.
 * @module
 */
import { ToolkitError } from '../../core/errors.js';
import { HTTPS_FAILURE_CODES, type HttpsFetcher, type HttpsResult } from './fetch-text.js';

export const HTTPS_RECORDING_VERSION = 1;

export interface HttpsRecording {
  version: typeof HTTPS_RECORDING_VERSION;
  fetches: HttpsResult[];
}

/** A fetcher that keeps the first result per URL and address, for `--record`. */
export class RecordingFetcher {
  readonly fetch: HttpsFetcher;
  private readonly results = new Map<string, HttpsResult>();

  constructor(inner: HttpsFetcher) {
    this.fetch = async (request) => {
      const result = await inner(request);
      const key = `${request.url}|${request.address}`;
      if (!this.results.has(key)) this.results.set(key, structuredClone(result));
      return result;
    };
  }

  toRecording(): HttpsRecording {
    return { version: HTTPS_RECORDING_VERSION, fetches: [...this.results.values()] };
  }
}

/** A fetcher answering from a recording: the same URL (and address, when recorded) gets the same result. */
export function replayFetcher(recording: HttpsRecording | undefined): HttpsFetcher {
  const fetches = recording?.fetches ?? [];
  return async ({ url, address }) => {
    const found = fetches.find((f) => f.url === url && f.address === address) ?? fetches.find((f) => f.url === url);
    if (found) return structuredClone(found);
    return { ok: false, url, address, code: 'not-recorded', error: 'not in the recording', certificate: null, ms: 0 };
  };
}

/** Checks the `https` section of a recording; throws ToolkitError naming what is wrong. */
export function validateHttpsRecording(value: unknown, file: string): HttpsRecording {
  const invalid = (why: string): never => {
    throw new ToolkitError('input-unreadable', `${file} is not a maildoctor recording: ${why}`);
  };
  const r = value as Partial<HttpsRecording> | null;
  if (!r || typeof r !== 'object') invalid('"https" is not an object');
  if (r!.version !== HTTPS_RECORDING_VERSION) invalid(`"https" version ${String(r!.version)} is not supported (this maildoctor reads version ${HTTPS_RECORDING_VERSION})`);
  if (!Array.isArray(r!.fetches)) invalid('"https.fetches" is not a list');
  r!.fetches!.forEach((f, i) => {
    const entry = f as Partial<HttpsResult> | null;
    if (!entry || typeof entry.url !== 'string' || typeof entry.address !== 'string' || typeof entry.ok !== 'boolean') invalid(`https.fetches[${i}] has no url, address or ok`);
    if (entry!.ok === true && (typeof entry!.status !== 'number' || typeof entry!.body !== 'string' || typeof entry!.headers !== 'object')) invalid(`https.fetches[${i}] has no status, headers or body`);
    if (entry!.ok === false && !(HTTPS_FAILURE_CODES as readonly unknown[]).includes(entry!.code)) invalid(`https.fetches[${i}] has no known failure code`);
  });
  return r as HttpsRecording;
}
