/**
 * One SMTP probe of one MX address: connect, read the greeting, EHLO, STARTTLS (RFC 3207)
 * with the peer's certificate chain, EHLO again, optionally MAIL FROM:<> and RCPT TO the
 * postmaster (then RSET), QUIT. It never sends DATA, so it never sends a message. Every line
 * sent and received is kept, with its time, as the transcript; every outcome is a value.
 *
 * Trust and names are kept apart: the TLS handshake never fails on the certificate
 * (`rejectUnauthorized: false`); whether the chain verifies against the trust store (plus
 * `ca`) is recorded, and the host-name match is judged later from the recorded names, so a
 * replay judges the same.
 * @module
 */
import net from 'node:net';
import tls from 'node:tls';
import { StringDecoder } from 'node:string_decoder';

export interface SmtpProbeLimits {
  connectTimeoutMs: number;
  readTimeoutMs: number;
  probeTimeoutMs: number;
  maxReplyLines: number;
  maxLineLength: number;
  maxChainCertificates: number;
}

export interface SmtpProbeRequest {
  /** The MX host name (TLS SNI, and the name the certificate must match). */
  host: string;
  address: string;
  port: number;
  /** The EHLO argument; default: the address literal of the local end (RFC 5321 section 4.1.4). */
  ehloName?: string | null;
  /** Ask RCPT TO:<postmaster@rcptDomain> after MAIL FROM:<> (only with --probe-rcpt). */
  rcptDomain?: string | null;
  limits: SmtpProbeLimits;
}

export interface SmtpTranscriptLine {
  at: string;
  /** Milliseconds since the probe began. */
  ms: number;
  dir: 'sent' | 'received' | 'event';
  text: string;
}

export interface SmtpReply {
  code: number;
  lines: string[];
}

export interface SmtpCertificateInfo {
  subject: string;
  commonName: string | null;
  /** The raw subjectAltName string as Node gives it ("DNS:a.example, DNS:b.example"). */
  subjectAltName: string | null;
  altNames: string[];
  issuer: string;
  validFrom: string;
  validTo: string;
  fingerprint256: string;
  /** The DER certificate in base64 (for DANE matching and as evidence). */
  der: string;
}

export interface SmtpTlsInfo {
  protocol: string | null;
  cipher: string | null;
  /** The chain verified against the trust store (plus --ca-file). */
  authorized: boolean;
  authorizationError: string | null;
  /** Leaf first. */
  chain: SmtpCertificateInfo[];
}

export const SMTP_PROBE_OUTCOMES = ['completed', 'unreachable', 'timeout', 'banner-rejected', 'tls-failed', 'protocol-error'] as const;
export type SmtpProbeOutcome = (typeof SMTP_PROBE_OUTCOMES)[number];
export type SmtpProbeStage = 'connect' | 'banner' | 'ehlo' | 'starttls' | 'tls' | 'ehlo-tls' | 'rcpt' | 'quit';
export type SmtpTimings = Partial<Record<SmtpProbeStage | 'total', number>>;

export interface SmtpProbeResult {
  host: string;
  address: string;
  port: number;
  startedAt: string;
  outcome: SmtpProbeOutcome;
  /** Where a failure happened, and why. */
  stage: SmtpProbeStage | null;
  error: string | null;
  banner: SmtpReply | null;
  ehlo: SmtpReply | null;
  /** EHLO keywords (upper case) and their parameters, from the EHLO before STARTTLS. */
  extensions: Record<string, string>;
  tls: SmtpTlsInfo | null;
  ehloAfterTls: SmtpReply | null;
  rcpt: { mail: SmtpReply | null; rcpt: SmtpReply | null } | null;
  timings: SmtpTimings;
  transcript: SmtpTranscriptLine[];
}

/** The SMTP seam of CheckContext: the network, or a replay. Never throws. */
export interface SmtpProber {
  probe(request: SmtpProbeRequest): Promise<SmtpProbeResult>;
}

class ProbeFailure extends Error {
  constructor(readonly outcome: SmtpProbeOutcome, message: string) {
    super(message);
  }
}

/** The line reader of one conversation; the socket is swapped for its TLS wrapper after STARTTLS. */
class Conversation {
  private socket: net.Socket;
  private decoder = new StringDecoder('utf8');
  private partial = '';
  private readonly lines: string[] = [];
  private wake: (() => void) | null = null;
  private failure: ProbeFailure | null = null;
  private readonly onData = (chunk: Buffer): void => this.receive(chunk);
  private readonly onError = (error: Error): void => this.fail(new ProbeFailure('protocol-error', (error as NodeJS.ErrnoException).code ?? error.message));
  private readonly onClose = (): void => this.fail(new ProbeFailure('protocol-error', 'connection closed by the server'));

  constructor(socket: net.Socket, private readonly limits: SmtpProbeLimits, private readonly log: (dir: SmtpTranscriptLine['dir'], text: string) => void) {
    this.socket = socket;
    this.attach(socket);
  }

  attach(socket: net.Socket): void {
    this.socket = socket;
    socket.on('data', this.onData).on('error', this.onError).on('close', this.onClose);
  }

  /** Stops reading the plain socket; what the server sent after its 220 is discarded (RFC 3207 section 4.2). */
  detach(): net.Socket {
    this.socket.off('data', this.onData).off('error', this.onError).off('close', this.onClose);
    this.partial = '';
    this.lines.length = 0;
    this.decoder = new StringDecoder('utf8');
    return this.socket;
  }

  fail(failure: ProbeFailure): void {
    this.failure ??= failure;
    this.wake?.();
  }

  private receive(chunk: Buffer): void {
    const parts = (this.partial + this.decoder.write(chunk)).split('\n');
    this.partial = parts.pop() ?? '';
    for (const part of parts) {
      const line = part.replace(/\r$/, '');
      this.log('received', line.slice(0, this.limits.maxLineLength));
      if (line.length > this.limits.maxLineLength) return this.fail(new ProbeFailure('protocol-error', `reply line longer than ${this.limits.maxLineLength} characters`));
      this.lines.push(line);
    }
    if (this.partial.length > this.limits.maxLineLength) this.fail(new ProbeFailure('protocol-error', `reply line longer than ${this.limits.maxLineLength} characters`));
    if (this.lines.length > this.limits.maxReplyLines) this.fail(new ProbeFailure('protocol-error', `more than ${this.limits.maxReplyLines} reply lines`));
    this.wake?.();
  }

  private async nextLine(timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) return line;
      if (this.failure) throw this.failure;
      const left = deadline - Date.now();
      if (left <= 0) throw new ProbeFailure('timeout', `no reply within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** One reply, multi-line included (RFC 5321 section 4.2.1). */
  async reply(): Promise<SmtpReply> {
    const lines: string[] = [];
    for (;;) {
      const line = await this.nextLine(this.limits.readTimeoutMs);
      const match = /^(\d{3})([ -]|$)/.exec(line);
      if (!match) throw new ProbeFailure('protocol-error', `not an SMTP reply: ${JSON.stringify(line.slice(0, 80))}`);
      lines.push(line);
      if (lines.length > this.limits.maxReplyLines) throw new ProbeFailure('protocol-error', `more than ${this.limits.maxReplyLines} reply lines`);
      if (match[2] !== '-') return { code: Number(match[1]), lines };
    }
  }

  async command(line: string): Promise<SmtpReply> {
    this.log('sent', line);
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }
}

/** EHLO keywords and parameters (RFC 5321 section 4.1.1.1), from every line but the first. */
export function parseEhloExtensions(reply: SmtpReply | null): Record<string, string> {
  const extensions: Record<string, string> = {};
  for (const line of reply?.lines.slice(1) ?? []) {
    const [keyword, ...params] = line.slice(4).trim().split(/\s+/);
    if (keyword && /^[A-Za-z0-9][A-Za-z0-9-]*$/.test(keyword)) extensions[keyword.toUpperCase()] = params.join(' ');
  }
  return extensions;
}

function certificateChain(socket: tls.TLSSocket, max: number): SmtpCertificateInfo[] {
  const chain: SmtpCertificateInfo[] = [];
  let cert: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (cert && cert.raw && !seen.has(cert.fingerprint256) && chain.length < max) {
    seen.add(cert.fingerprint256);
    const flat = (x: tls.Certificate | undefined): string => Object.entries(x ?? {}).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`).join(', ');
    const cn = cert.subject?.CN;
    chain.push({
      subject: flat(cert.subject),
      commonName: (Array.isArray(cn) ? cn[0] : cn) ?? null,
      subjectAltName: cert.subjectaltname ?? null,
      altNames: (cert.subjectaltname ?? '').split(/,\s*/).filter((n) => n.startsWith('DNS:')).map((n) => n.slice(4).toLowerCase()),
      issuer: flat(cert.issuer),
      validFrom: new Date(cert.valid_from).toISOString(),
      validTo: new Date(cert.valid_to).toISOString(),
      fingerprint256: cert.fingerprint256,
      der: cert.raw.toString('base64'),
    });
    cert = cert.issuerCertificate;
  }
  return chain;
}

/** The network prober; `ca` (PEM) is trusted besides Node's root store. */
export function createSmtpProber(options: { ca?: string | null } = {}): SmtpProber {
  const ca = options.ca ? [...tls.rootCertificates, options.ca] : undefined;
  return { probe: (request) => probeSmtp(request, ca) };
}

async function probeSmtp(request: SmtpProbeRequest, ca: string[] | undefined): Promise<SmtpProbeResult> {
  const { limits } = request;
  const started = Date.now();
  const result: SmtpProbeResult = {
    host: request.host, address: request.address, port: request.port, startedAt: new Date(started).toISOString(),
    outcome: 'completed', stage: null, error: null, banner: null, ehlo: null, extensions: {}, tls: null, ehloAfterTls: null, rcpt: null, timings: {}, transcript: [],
  };
  const log = (dir: SmtpTranscriptLine['dir'], text: string): void => {
    const now = Date.now();
    result.transcript.push({ at: new Date(now).toISOString(), ms: now - started, dir, text });
  };
  // An object, so that the stage moved on by step() is seen as such in catch and finally.
  const at: { stage: SmtpProbeStage; since: number } = { stage: 'connect', since: Date.now() };
  const step = (next: SmtpProbeStage): void => {
    result.timings[at.stage] = Date.now() - at.since;
    at.stage = next;
    at.since = Date.now();
  };
  const sockets: net.Socket[] = [];
  let conversation: Conversation | null = null;
  const overall = setTimeout(() => conversation?.fail(new ProbeFailure('timeout', `probe took longer than ${limits.probeTimeoutMs} ms`)), limits.probeTimeoutMs);
  try {
    log('event', `connect ${request.address} port ${request.port}`);
    const plain = await new Promise<net.Socket>((resolve, reject) => {
      const socket = net.connect({ host: request.address, port: request.port });
      sockets.push(socket);
      const timer = setTimeout(() => reject(new ProbeFailure('unreachable', `no connection within ${Math.min(limits.connectTimeoutMs, limits.probeTimeoutMs)} ms`)), Math.min(limits.connectTimeoutMs, limits.probeTimeoutMs));
      socket.once('connect', () => (clearTimeout(timer), resolve(socket)));
      socket.once('error', (error: NodeJS.ErrnoException) => (clearTimeout(timer), reject(new ProbeFailure('unreachable', error.code ?? error.message))));
    });
    conversation = new Conversation(plain, limits, log);
    step('banner');
    result.banner = await conversation.reply();
    if (result.banner.code !== 220) throw new ProbeFailure('banner-rejected', `greeting ${result.banner.code}`);
    step('ehlo');
    const local = plain.localAddress ?? '127.0.0.1';
    const ehloName = request.ehloName ?? (net.isIPv6(local) ? `[IPv6:${local}]` : `[${local}]`);
    result.ehlo = await conversation.command(`EHLO ${ehloName}`);
    if (result.ehlo.code !== 250) {
      // An old or strict server: HELO still tells whether it takes mail (RFC 5321 section 3.2).
      const helo = await conversation.command(`HELO ${ehloName}`);
      if (helo.code !== 250) throw new ProbeFailure('protocol-error', `EHLO ${result.ehlo.code}, HELO ${helo.code}`);
    }
    result.extensions = parseEhloExtensions(result.ehlo.code === 250 ? result.ehlo : null);
    if ('STARTTLS' in result.extensions) {
      step('starttls');
      const ready = await conversation.command('STARTTLS');
      if (ready.code !== 220) throw new ProbeFailure('tls-failed', `STARTTLS answered ${ready.code}`);
      step('tls');
      const bare = conversation.detach();
      const secure = await new Promise<tls.TLSSocket>((resolve, reject) => {
        const socket = tls.connect({
          socket: bare,
          ...(net.isIP(request.host) ? {} : { servername: request.host }),
          rejectUnauthorized: false,
          checkServerIdentity: () => undefined,
          minVersion: 'TLSv1',
          ...(ca ? { ca } : {}),
        });
        sockets.push(socket);
        const timer = setTimeout(() => reject(new ProbeFailure('tls-failed', `no TLS handshake within ${limits.readTimeoutMs} ms`)), limits.readTimeoutMs);
        socket.once('secureConnect', () => (clearTimeout(timer), resolve(socket)));
        socket.once('error', (error: NodeJS.ErrnoException) => (clearTimeout(timer), reject(new ProbeFailure('tls-failed', error.code ?? error.message))));
      });
      const cipher = secure.getCipher();
      const authorizationError = secure.authorizationError ? String(secure.authorizationError) : null;
      result.tls = { protocol: secure.getProtocol(), cipher: cipher?.standardName ?? cipher?.name ?? null, authorized: secure.authorized, authorizationError, chain: certificateChain(secure, limits.maxChainCertificates) };
      log('event', `TLS ${result.tls.protocol ?? '?'} ${result.tls.cipher ?? '?'}; certificate ${result.tls.chain[0]?.subject ?? '(none)'}; ${secure.authorized ? 'trusted' : `not trusted (${authorizationError})`}`);
      conversation.attach(secure);
      step('ehlo-tls');
      result.ehloAfterTls = await conversation.command(`EHLO ${ehloName}`);
    }
    if (request.rcptDomain) {
      step('rcpt');
      const mail = await conversation.command('MAIL FROM:<>');
      result.rcpt = { mail, rcpt: null };
      if (mail.code === 250) result.rcpt.rcpt = await conversation.command(`RCPT TO:<postmaster@${request.rcptDomain}>`);
      await conversation.command('RSET');
    }
    step('quit');
    await conversation.command('QUIT').catch(() => null);
  } catch (error) {
    const failure = error instanceof ProbeFailure ? error : new ProbeFailure('protocol-error', (error as Error).message);
    if (result.stage === null && at.stage !== 'quit') {
      result.outcome = failure.outcome;
      result.stage = at.stage;
      result.error = failure.message;
      log('event', `${failure.outcome} at ${at.stage}: ${failure.message}`);
    }
    if (failure.outcome === 'banner-rejected' && conversation) await conversation.command('QUIT').catch(() => null);
  } finally {
    clearTimeout(overall);
    result.timings[at.stage] ??= Date.now() - at.since;
    result.timings.total = Date.now() - started;
    for (const socket of sockets) socket.destroy();
  }
  return result;
}
