/**
 * The SMTP part of `--record` and `--replay`: every probe of a run kept with its transcript,
 * and a prober that answers from those, with no network.
 *
 * Section of the recording file, beside `dns` (its own version):
 * ```json
 * "smtp": {
 *   "version": 1,
 *   "probes": [
 *     { "host": "mx1.contoso.example", "address": "192.0.2.25", "port": 25,
 *       "startedAt": "2026-03-01T10:00:00.120Z", "outcome": "completed", "stage": null, "error": null,
 *       "banner": { "code": 220, "lines": ["220 mx1.contoso.example ESMTP"] },
 *       "ehlo": { "code": 250, "lines": ["250-mx1.contoso.example", "250 STARTTLS"] },
 *       "extensions": { "STARTTLS": "" },
 *       "tls": { "protocol": "TLSv1.3", "cipher": "TLS_AES_256_GCM_SHA384", "authorized": true,
 *                "authorizationError": null, "chain": [{ "subject": "CN=mx1.contoso.example", "der": "MII...", ... }] },
 *       "ehloAfterTls": { ... }, "rcpt": null,
 *       "timings": { "connect": 3, "banner": 5, "ehlo": 1, "starttls": 1, "tls": 12, "ehlo-tls": 1, "quit": 1, "total": 24 },
 *       "transcript": [{ "at": "...", "ms": 0, "dir": "event", "text": "connect 192.0.2.25 port 25" },
 *                      { "at": "...", "ms": 8, "dir": "received", "text": "220 mx1.contoso.example ESMTP" }, ...] }
 *   ]
 * }
 * ```
 * A replayed probe of a host and address that is not in the file is `unreachable` with the
 * error "not in the recording".
 * @module
 */
import { ToolkitError } from '../../core/errors.js';
import { SMTP_PROBE_OUTCOMES, type SmtpProbeRequest, type SmtpProbeResult, type SmtpProber } from './smtp-probe.js';

export const SMTP_RECORDING_VERSION = 1;

export interface SmtpRecording {
  version: typeof SMTP_RECORDING_VERSION;
  probes: SmtpProbeResult[];
}

const keyOf = (r: { host: string; address: string }): string => `${r.host}|${r.address}`;

/** A prober that keeps every result, for `--record`. */
export class RecordingSmtpProber implements SmtpProber {
  private readonly results = new Map<string, SmtpProbeResult>();

  constructor(private readonly inner: SmtpProber) {}

  async probe(request: SmtpProbeRequest): Promise<SmtpProbeResult> {
    const result = await this.inner.probe(request);
    if (!this.results.has(keyOf(request))) this.results.set(keyOf(request), structuredClone(result));
    return result;
  }

  toRecording(): SmtpRecording {
    return { version: SMTP_RECORDING_VERSION, probes: [...this.results.values()] };
  }
}

/** A prober answering from a recording, by MX host and address. */
export function replaySmtpProber(recording: SmtpRecording | undefined): SmtpProber {
  const probes = recording?.probes ?? [];
  return {
    probe: async (request) => {
      const found = probes.find((p) => keyOf(p) === keyOf(request));
      if (found) return structuredClone(found);
      return {
        host: request.host, address: request.address, port: request.port, startedAt: new Date(0).toISOString(),
        outcome: 'unreachable', stage: 'connect', error: 'not in the recording', banner: null, ehlo: null, extensions: {}, tls: null, ehloAfterTls: null, rcpt: null, timings: {}, transcript: [],
      };
    },
  };
}

/** Checks the `smtp` section of a recording; throws ToolkitError naming what is wrong. */
export function validateSmtpRecording(value: unknown, file: string): SmtpRecording {
  const invalid = (why: string): never => {
    throw new ToolkitError('input-unreadable', `${file} is not a maildoctor recording: ${why}`);
  };
  const r = value as Partial<SmtpRecording> | null;
  if (!r || typeof r !== 'object') return invalid('"smtp" is not an object');
  if (r.version !== SMTP_RECORDING_VERSION) invalid(`"smtp" version ${String(r.version)} is not supported (this maildoctor reads version ${SMTP_RECORDING_VERSION})`);
  if (!Array.isArray(r.probes)) return invalid('"smtp.probes" is not a list');
  r.probes.forEach((p, i) => {
    const probe = p as Partial<SmtpProbeResult> | null;
    if (!probe || typeof probe.host !== 'string' || typeof probe.address !== 'string' || typeof probe.port !== 'number') invalid(`smtp.probes[${i}] has no host, address or port`);
    if (!(SMTP_PROBE_OUTCOMES as readonly unknown[]).includes(probe!.outcome)) invalid(`smtp.probes[${i}] has no known outcome`);
    if (!Array.isArray(probe!.transcript) || typeof probe!.extensions !== 'object' || typeof probe!.timings !== 'object') invalid(`smtp.probes[${i}] has no transcript, extensions or timings`);
    if (probe!.tls !== null && (typeof probe!.tls !== 'object' || !Array.isArray(probe!.tls.chain))) invalid(`smtp.probes[${i}] "tls" has no chain`);
  });
  return r as SmtpRecording;
}
