/**
 * `--record FILE` and `--replay FILE`: the evidence of a run as JSON, and a resolver that
 * answers from it with no network at all.
 *
 * Recording format (version 1):
 * ```json
 * {
 *   "format": "maildoctor-check-recording",
 *   "version": 1,
 *   "recordedAt": "2026-03-01T10:00:00.000Z",     // the time of the run; a replay evaluates at it
 *   "target": { "kind": "domain", "name": "contoso.example", "options": { "selectors": [] } },
 *   "resolver": "127.0.0.1:5353",                  // where the answers came from
 *   "dns": [                                        // every answer, first one per name and type
 *     { "name": "contoso.example", "type": "MX", "rcode": "NOERROR",
 *       "records": [{ "priority": 0, "exchange": "contoso-example.mail.protection.outlook.com" }],
 *       "authenticated": null }
 *   ]
 * }
 * ```
 * `rcode` is NOERROR, NXDOMAIN, SERVFAIL, REFUSED, TIMEOUT or ERROR (with `error`); records
 * have the shapes of `DnsRecordMap` (TXT as its character strings). Other evidence sits beside
 * `dns` in optional sections with versions of their own, so a file without them stays valid:
 * `https` (the HTTPS fetches, see io/http/recording-fetcher.ts) and `smtp` (the SMTP probes with
 * their transcripts, see io/smtp/smtp-recording.ts).
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ToolkitError } from '../../core/errors.js';
import { validateHttpsRecording, type HttpsRecording } from '../http/recording-fetcher.js';
import { validateSmtpRecording, type SmtpRecording } from '../smtp/smtp-recording.js';
import { DNS_RCODES, DNS_RECORD_TYPES, normalizeQueryName, type DnsAnswer, type DnsRecordType, type DnsResolver } from './resolver.js';
import { ZoneResolver, zoneFromAnswers } from './zone-resolver.js';

export const RECORDING_FORMAT = 'maildoctor-check-recording';
export const RECORDING_VERSION = 1;

export interface RecordingTarget {
  kind: string;
  name: string;
  options?: Record<string, unknown>;
}

export interface Recording {
  format: typeof RECORDING_FORMAT;
  version: typeof RECORDING_VERSION;
  recordedAt: string;
  target: RecordingTarget;
  resolver: string;
  dns: DnsAnswer[];
  /** The HTTPS fetches of the run (MTA-STS policies), when there were any. */
  https?: HttpsRecording;
  /** The SMTP probes of the run, transcripts included, when there were any. */
  smtp?: SmtpRecording;
}

/** Wraps a resolver and keeps the first answer to every question, for `--record`. */
export class RecordingResolver implements DnsResolver {
  readonly description: string;
  private readonly inner: DnsResolver;
  private readonly answers = new Map<string, DnsAnswer>();

  constructor(inner: DnsResolver) {
    this.inner = inner;
    this.description = inner.description;
  }

  async query<T extends DnsRecordType>(name: string, type: T): Promise<DnsAnswer<T>> {
    const answer = await this.inner.query(name, type);
    const key = `${normalizeQueryName(name)}|${type}`;
    if (!this.answers.has(key)) this.answers.set(key, structuredClone(answer));
    return answer;
  }

  /** The recording of everything answered so far. */
  toRecording(recordedAt: Date, target: RecordingTarget): Recording {
    return {
      format: RECORDING_FORMAT,
      version: RECORDING_VERSION,
      recordedAt: recordedAt.toISOString(),
      target,
      resolver: this.inner.description,
      dns: [...this.answers.values()],
    };
  }
}

/** Writes a recording; a file that cannot be written is a usage error. */
export function writeRecording(file: string, recording: Recording): void {
  try {
    writeFileSync(file, JSON.stringify(recording, null, 2) + '\n');
  } catch (error) {
    throw new ToolkitError('input-unreadable', `cannot write the recording ${file}: ${(error as Error).message}`);
  }
}

function invalid(file: string, why: string): never {
  throw new ToolkitError('input-unreadable', `${file} is not a maildoctor recording: ${why}`);
}

/** Checks the shape of a parsed recording; throws ToolkitError naming what is wrong. */
export function validateRecording(value: unknown, file = 'recording'): Recording {
  const r = value as Partial<Recording> | null;
  if (!r || typeof r !== 'object') invalid(file, 'not a JSON object');
  if (r.format !== RECORDING_FORMAT) invalid(file, `"format" is not "${RECORDING_FORMAT}"`);
  if (r.version !== RECORDING_VERSION) invalid(file, `version ${String(r.version)} is not supported (this maildoctor reads version ${RECORDING_VERSION})`);
  if (typeof r.recordedAt !== 'string' || Number.isNaN(Date.parse(r.recordedAt))) invalid(file, '"recordedAt" is not a date');
  if (!r.target || typeof r.target.kind !== 'string' || typeof r.target.name !== 'string') invalid(file, '"target" is missing');
  if (!Array.isArray(r.dns)) invalid(file, '"dns" is not a list');
  r.dns.forEach((a, i) => {
    if (!a || typeof a.name !== 'string' || !(DNS_RECORD_TYPES as readonly string[]).includes(a.type)) invalid(file, `dns[${i}] has no name or type`);
    if (!(DNS_RCODES as readonly string[]).includes(a.rcode) || !Array.isArray(a.records)) invalid(file, `dns[${i}] has no rcode or records`);
    if (a.authenticated !== null && typeof a.authenticated !== 'boolean') invalid(file, `dns[${i}] "authenticated" is not true, false or null`);
  });
  if (r.https !== undefined) validateHttpsRecording(r.https, file);
  if (r.smtp !== undefined) validateSmtpRecording(r.smtp, file);
  return { ...r, resolver: typeof r.resolver === 'string' ? r.resolver : 'unknown' } as Recording;
}

/** Reads and validates a recording file; missing or malformed files are usage errors. */
export function readRecording(file: string): Recording {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ToolkitError(code === 'ENOENT' ? 'input-missing' : 'input-unreadable', `cannot read the recording ${file}: ${code ?? (error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    invalid(file, `not JSON (${(error as Error).message})`);
  }
  return validateRecording(parsed, file);
}

/** A resolver that answers exactly what the recording holds, and ERROR for anything else. */
export function replayResolver(recording: Recording, file = 'recording'): DnsResolver {
  return new ZoneResolver(zoneFromAnswers(recording.dns), { description: `replay of ${file} (recorded via ${recording.resolver})` });
}
