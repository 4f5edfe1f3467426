/**
 * `maildoctor check domain DOMAIN` (MX, SPF, DMARC, DKIM, MTA-STS, TLS-RPT), `maildoctor check path
 * --from A --to B [--ip IP]` (both ends of one message and the sending IP, with DMARC alignment)
 * and `maildoctor check ip IP` (reverse DNS, blocklists): live DNS checks with --dns-server, evidence with --record,
 * offline replay with --replay, text or --json, and --fail-on for scripts. Exit 0 whenever
 * the checks ran, whatever they found; 1 only when --fail-on is reached; 2 for usage errors.
 * The run's set-up (resolver, record/replay, HTTPS, SMTP, blocklists) is exported for
 * `diagnose`, which builds its checks' context the same way.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { checkDomain } from '../../checks/check-domain.js';
import { checkIp } from '../../checks/check-ip.js';
import { checkPath, pathTarget, type DkimSignatureRef } from '../../checks/check-path.js';
import { DEFAULT_CHECK_TIMEOUT_MS } from '../../checks/check-limits.js';
import { createCheckContext } from '../../checks/context.js';
import { DNSBL_LISTS, compileDnsblLists, selectDnsblLists, type DnsblList } from '../../checks/dnsbl/dnsbl-lists.js';
import type { CheckReport, Verdict } from '../../checks/types.js';
import { isMailDomain, normalizeDomain } from '../../core/domain-name.js';
import { ToolkitError } from '../../core/errors.js';
import { formatIp, parseIp } from '../../core/ip-address.js';
import { analyzeMessageHeaders } from '../../headers/analyze-headers.js';
import { analyzeBounce } from '../../ndr/analyze-bounce.js';
import { fixedClock, systemClock, type Clock } from '../../io/clock.js';
import { RecordingResolver, readRecording, replayResolver, writeRecording, type Recording } from '../../io/dns/recording-resolver.js';
import type { DnsResolver } from '../../io/dns/resolver.js';
import { DEFAULT_HTTPS_TIMEOUT_MS, createHttpsFetcher, type HttpsFetcher } from '../../io/http/fetch-text.js';
import { RecordingFetcher, replayFetcher } from '../../io/http/recording-fetcher.js';
import { createSmtpProber, type SmtpProber } from '../../io/smtp/smtp-probe.js';
import { RecordingSmtpProber, replaySmtpProber } from '../../io/smtp/smtp-recording.js';
import type { SmtpProbeSettings } from '../../checks/smtp/check-smtp.js';
import { DEFAULT_QUERY_TIMEOUT_MS, DEFAULT_QUERY_TRIES, SystemResolver, parseDnsServer } from '../../io/dns/system-resolver.js';
import { checkReportJson } from '../../report/render-check-json.js';
import { renderCheckText } from '../../report/render-check-text.js';
import { styleFor } from '../../report/style.js';
import { readCaFile } from '../read-ca-file.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import type { CliIo } from '../output.js';

export interface CommonOptions {
  dnsServer?: string;
  record?: string;
  replay?: string;
  json?: boolean;
  failOn?: string;
  timeout?: string;
}

export interface BlocklistOptions {
  blocklist?: string[];
  blocklistFile?: string;
}

export interface DomainOptions extends CommonOptions, BlocklistOptions {
  selector?: string[];
  httpsPort?: string;
  caFile?: string;
  smtpPort?: string;
  probeRcpt?: boolean;
  ehlo?: string;
  /** false with --no-smtp. */
  smtp?: boolean;
}

interface PathOptions extends DomainOptions {
  from?: string;
  to?: string;
  ip?: string;
  helo?: string;
  dkimSignatureFrom?: string;
}

interface IpOptions extends CommonOptions, BlocklistOptions {}

const FAILING: Record<'warn' | 'fail', readonly Verdict[]> = { fail: ['fail'], warn: ['fail', 'warn', 'inconclusive'] };

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

export function checkCommon(options: CommonOptions): { timeoutMs: number; failOn: 'warn' | 'fail' | null } {
  if (options.failOn !== undefined && options.failOn !== 'warn' && options.failOn !== 'fail') {
    throw new ToolkitError('usage', `--fail-on must be warn or fail, not ${options.failOn}`);
  }
  if (options.record && options.replay) throw new ToolkitError('usage', 'choose one of --record and --replay');
  if (options.replay && options.dnsServer) throw new ToolkitError('usage', '--replay answers from the file: --dns-server cannot be used with it');
  if (options.dnsServer) parseDnsServer(options.dnsServer);
  let timeoutMs = DEFAULT_CHECK_TIMEOUT_MS;
  if (options.timeout !== undefined) {
    const seconds = Number(options.timeout);
    if (!/^\d+(\.\d+)?$/.test(options.timeout) || !(seconds > 0) || seconds > 3600) throw new ToolkitError('usage', `--timeout must be a number of seconds from 0.1 to 3600, not ${options.timeout}`);
    timeoutMs = Math.round(seconds * 1000);
  }
  return { timeoutMs, failOn: (options.failOn as 'warn' | 'fail' | undefined) ?? null };
}

export interface RunSetup {
  resolver: DnsResolver;
  clock: Clock;
  recorder: RecordingResolver | null;
  system: SystemResolver | null;
  recording: Recording | null;
}

export function setUp(options: CommonOptions, kind: string, target: string, timeoutMs: number): RunSetup {
  if (options.replay) {
    const recording = readRecording(options.replay);
    if (recording.target.kind !== kind || recording.target.name !== target) {
      throw new ToolkitError('usage', `${options.replay} records "check ${recording.target.kind} ${recording.target.name}", not "check ${kind} ${target}"`);
    }
    return { resolver: replayResolver(recording, options.replay), clock: fixedClock(new Date(recording.recordedAt)), recorder: null, system: null, recording };
  }
  const system = new SystemResolver({
    ...(options.dnsServer ? { servers: [options.dnsServer] } : {}),
    timeoutMs: Math.min(DEFAULT_QUERY_TIMEOUT_MS, Math.max(100, Math.floor(timeoutMs / 2))),
    tries: DEFAULT_QUERY_TRIES,
  });
  const recorder = options.record ? new RecordingResolver(system) : null;
  return { resolver: recorder ?? system, clock: systemClock, recorder, system, recording: null };
}

function finish(report: CheckReport, setup: RunSetup, options: CommonOptions, targetOptions: Record<string, unknown>, failOn: 'warn' | 'fail' | null, io: CliIo, setExit: (code: number) => void, sections: Partial<Recording> = {}): void {
  setup.system?.cancel();
  if (setup.recorder && options.record) {
    writeRecording(options.record, { ...setup.recorder.toRecording(new Date(report.at), { kind: report.kind, name: report.target, options: targetOptions }), ...sections });
  }
  if (options.json) io.stdout.write(JSON.stringify(checkReportJson(report), null, 2) + '\n');
  else io.stdout.write(renderCheckText(report, styleFor(io.stdout as NodeJS.WriteStream, io.env)) + '\n');
  setExit(failOn && FAILING[failOn].includes(report.verdict) ? EXIT_FINDINGS : EXIT_OK);
}

function addCommonOptions(command: Command): Command {
  return command
    .option('--dns-server <host[:port]>', 'ask this resolver (an IP address, optionally with a port; [v6]:port) instead of the system one')
    .option('--record <file>', 'write every DNS answer and the time of the run to FILE (JSON), for --replay and as evidence')
    .option('--replay <file>', 'answer from a --record file, with no network, and evaluate at the recorded time')
    .option('--json', 'print the report as JSON')
    .option('--fail-on <level>', 'exit 1 when the verdict is fail (fail), or fail, warn or inconclusive (warn)')
    .option('--timeout <seconds>', `overall time limit (default ${DEFAULT_CHECK_TIMEOUT_MS / 1000})`);
}

/** --https-port and --ca-file, checked before anything runs. */
export function checkHttpsOptions(options: DomainOptions): { port: number | undefined; ca: string | undefined } {
  if (options.replay && (options.httpsPort !== undefined || options.caFile !== undefined)) {
    throw new ToolkitError('usage', '--replay answers the HTTPS fetches from the file: leave out --https-port and --ca-file');
  }
  let port: number | undefined;
  if (options.httpsPort !== undefined) {
    port = Number(options.httpsPort);
    if (!/^\d{1,5}$/.test(options.httpsPort) || port < 1 || port > 65535) throw new ToolkitError('usage', `--https-port must be a port number from 1 to 65535, not ${options.httpsPort}`);
  }
  let ca: string | undefined;
  if (options.caFile !== undefined) ca = readCaFile(options.caFile);
  return { port, ca };
}

/** The HTTPS fetch of a domain run: the recording's answers in a replay, else the network (recorded with --record). */
export function httpsFetcher(https: { port: number | undefined; ca: string | undefined }, setup: RunSetup, record: boolean, timeoutMs: number): { fetch: HttpsFetcher; recorder: RecordingFetcher | null } {
  if (setup.recording) return { fetch: replayFetcher(setup.recording.https), recorder: null };
  const live = createHttpsFetcher({
    ...(https.port !== undefined ? { port: https.port } : {}),
    ...(https.ca !== undefined ? { ca: https.ca } : {}),
    timeoutMs: Math.min(DEFAULT_HTTPS_TIMEOUT_MS, Math.max(100, Math.floor(timeoutMs / 2))),
  });
  const recorder = record ? new RecordingFetcher(live) : null;
  return { fetch: recorder?.fetch ?? live, recorder };
}

/**
 * The SMTP side of a domain run: the settings (false with --no-smtp) and the prober, which is
 * the recording's in a replay (with the recording's settings), else the network (recorded
 * with --record; --ca-file trusted besides the system store).
 */
export function smtpSetup(options: DomainOptions, setup: RunSetup, ca: string | undefined): { settings: SmtpProbeSettings | false; prober: SmtpProber | null; recorder: RecordingSmtpProber | null } {
  if (setup.recording) {
    if (options.smtpPort !== undefined || options.probeRcpt || options.ehlo !== undefined || options.smtp === false) {
      throw new ToolkitError('usage', '--replay uses the SMTP settings of the recording: leave out --smtp-port, --probe-rcpt, --ehlo and --no-smtp');
    }
    const recorded = setup.recording.target.options?.['smtp'] as SmtpProbeSettings | false | undefined;
    return { settings: recorded ?? false, prober: replaySmtpProber(setup.recording.smtp), recorder: null };
  }
  let port = 25;
  if (options.smtpPort !== undefined) {
    port = Number(options.smtpPort);
    if (!/^\d{1,5}$/.test(options.smtpPort) || port < 1 || port > 65535) throw new ToolkitError('usage', `--smtp-port must be a port number from 1 to 65535, not ${options.smtpPort}`);
  }
  // The EHLO argument goes on the wire: a host name or an address literal, nothing else.
  if (options.ehlo !== undefined && !/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.?)+$|^\[[0-9A-Fa-f.:Iv]+\]$/.test(options.ehlo)) {
    throw new ToolkitError('usage', `--ehlo must be a host name or an address literal such as [192.0.2.1], not ${JSON.stringify(options.ehlo)}`);
  }
  if (options.smtp === false) return { settings: false, prober: null, recorder: null };
  const live = createSmtpProber({ ca: ca ?? null });
  const recorder = options.record ? new RecordingSmtpProber(live) : null;
  return { settings: { port, ehloName: options.ehlo ?? null, probeRcpt: Boolean(options.probeRcpt) }, prober: recorder ?? live, recorder };
}

function readBlocklistFile(file: string): DnsblList[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ToolkitError(code === 'ENOENT' ? 'input-missing' : 'input-unreadable', `cannot read the blocklist file ${file}: ${code ?? (error as Error).message}`);
  }
  return compileDnsblLists(data, file);
}

export function addBlocklistOptions(command: Command, asked: string): Command {
  return command
    .option('--blocklist <names>', `blocklists to ask ${asked}: ids or zones, "default" or "all" (repeatable or comma-separated; known: ${DNSBL_LISTS.map((l) => l.id).join(', ')})`, collect)
    .option('--blocklist-file <file>', 'a JSON file of blocklists in the shape of src/checks/dnsbl/lists.json, used instead of the built-in ones');
}

function refuseBlocklistsInReplay(options: CommonOptions & BlocklistOptions): void {
  if (options.replay && (options.blocklist || options.blocklistFile)) {
    throw new ToolkitError('usage', '--replay uses the blocklists of the recording: leave out --blocklist and --blocklist-file');
  }
}

/**
 * The blocklists of a run: --blocklist-file (all of it unless --blocklist), --blocklist, or the
 * default set; in a replay, the recording's (none for a recording that kept no lists).
 */
export function chooseLists(options: CommonOptions & BlocklistOptions, recording: Recording | null): DnsblList[] {
  refuseBlocklistsInReplay(options);
  if (recording) {
    const recorded = recording.target.options?.['lists'];
    return recorded === undefined ? [] : compileDnsblLists({ lists: recorded }, options.replay);
  }
  const available = options.blocklistFile ? readBlocklistFile(options.blocklistFile) : [...DNSBL_LISTS];
  return options.blocklistFile && !options.blocklist ? available : selectDnsblLists(available, options.blocklist ?? []);
}

/** `local@domain` with a usable mail domain, the domain normalised; a usage error otherwise. */
function mailAddress(raw: string | undefined, option: string): string {
  if (raw === undefined) throw new ToolkitError('usage', `${option} is required (an address such as alice@contoso.com)`);
  const text = raw.trim().replace(/^<(.*)>$/, '$1');
  const at = text.lastIndexOf('@');
  const local = text.slice(0, at);
  const domain = normalizeDomain(text.slice(at + 1));
  if (at < 1 || /[\s<>@]/.test(local) || local.length > 64 || !isMailDomain(domain)) throw new ToolkitError('usage', `${option} must be an address such as alice@contoso.com, not ${JSON.stringify(raw)}`);
  return `${local}@${domain}`;
}

/** The d= and s= of the DKIM-Signature fields of a message, or of the original a bounce returns. */
function readDkimSignatures(file: string): DkimSignatureRef[] {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ToolkitError(code === 'ENOENT' ? 'input-missing' : 'input-unreadable', `cannot read ${file}: ${code ?? (error as Error).message}`);
  }
  const fromBounce = analyzeBounce(bytes).original?.dkim ?? [];
  const signatures = fromBounce.length > 0
    ? fromBounce
    : analyzeMessageHeaders(bytes).authentication.dkimSignatures.flatMap((sig) => (sig.domain && sig.selector ? [{ domain: sig.domain, selector: sig.selector }] : []));
  if (signatures.length === 0) throw new ToolkitError('input-unreadable', `${file} has no DKIM-Signature with d= and s=`);
  return signatures.map((sig) => ({ domain: normalizeDomain(sig.domain), selector: sig.selector.toLowerCase() }));
}

export function registerCheck(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const check = program.command('check').description('live DNS checks of a domain (MX, SPF, DMARC, DKIM), of the path of one message (sender, recipient, sending IP) or of a sending IP (reverse DNS, blocklists)');

  addBlocklistOptions(
    addCommonOptions(
      check
        .command('domain')
        .description('check a domain as a receiver (MX, MTA-STS, TLS-RPT) and as a sender (SPF, DMARC, DKIM)')
        .argument('<domain>', 'the domain, e.g. contoso.com')
        .option('--selector <names>', 'DKIM selectors to check besides the common ones (repeatable or comma-separated)', collect)
        .option('--https-port <port>', 'fetch the MTA-STS policy on this port instead of 443 (test servers)')
        .option('--ca-file <file>', 'also trust the CA certificates of this PEM file for the MTA-STS policy host and the MX hosts (STARTTLS)')
        .option('--smtp-port <port>', 'connect to the MX hosts on this port instead of 25 (test servers)')
        .option('--ehlo <name>', 'the EHLO name to introduce maildoctor with (default: the address literal of this end)')
        .option('--probe-rcpt', 'also ask MAIL FROM:<> and RCPT TO:<postmaster@DOMAIN> (then RSET; no message is ever sent)')
        .option('--no-smtp', 'do not connect to the MX hosts (no SMTP, TLS or DANE certificate checks)'),
    ),
    'about the domain (its domain-type lists)',
  ).action(async (rawDomain: string, options: DomainOptions) => {
    const { timeoutMs, failOn } = checkCommon(options);
    const httpsOptions = checkHttpsOptions(options);
    const domain = normalizeDomain(rawDomain);
    if (!isMailDomain(domain)) throw new ToolkitError('usage', `"${rawDomain}" is not a domain name`);
    refuseBlocklistsInReplay(options);
    const setup = setUp(options, 'domain', domain, timeoutMs);
    const lists = chooseLists(options, setup.recording);
    let selectors = (options.selector ?? []).map((sel) => sel.toLowerCase());
    if (setup.recording) {
      const recorded = (setup.recording.target.options?.['selectors'] as string[] | undefined) ?? [];
      if (options.selector && selectors.join(',') !== recorded.join(',')) throw new ToolkitError('usage', `the recording was made with --selector ${recorded.join(',') || '(none)'}`);
      selectors = recorded;
    }
    const https = httpsFetcher(httpsOptions, setup, Boolean(options.record), timeoutMs);
    const smtp = smtpSetup(options, setup, httpsOptions.ca);
    const ctx = createCheckContext({ resolver: setup.resolver, clock: setup.clock, fetch: https.fetch, smtp: smtp.prober });
    const report = await checkDomain(ctx, domain, { selectors, timeoutMs, smtp: smtp.settings, lists });
    const sections = { ...(https.recorder ? { https: https.recorder.toRecording() } : {}), ...(smtp.recorder ? { smtp: smtp.recorder.toRecording() } : {}) };
    finish(report, setup, options, { selectors, smtp: smtp.settings, lists }, failOn, io, setExit, sections);
  });

  addBlocklistOptions(
    addCommonOptions(
      check
        .command('path')
        .description('check what one message from a sender to a recipient would meet: SPF, DKIM, DMARC and alignment of the sender; MX, SMTP, TLS and policies of the recipient; the sending IP')
        .option('--from <address>', 'the sender (From and envelope sender), e.g. alice@contoso.com')
        .option('--to <address>', 'the recipient, e.g. bob@fabrikam.com')
        .option('--ip <address>', 'the sending IP: SPF evaluated for it, reverse DNS and blocklists (without it: SPF for every range the record allows)')
        .option('--helo <name>', 'the HELO/EHLO name of the sending server (for SPF macros)')
        .option('--dkim-signature-from <file>', 'a message or bounce whose DKIM-Signature d= and s= are checked and aligned')
        .option('--https-port <port>', 'fetch the MTA-STS policy on this port instead of 443 (test servers)')
        .option('--ca-file <file>', 'also trust the CA certificates of this PEM file for the MTA-STS policy host and the MX hosts (STARTTLS)')
        .option('--smtp-port <port>', 'connect to the MX hosts on this port instead of 25 (test servers)')
        .option('--no-smtp', 'do not connect to the MX hosts (no SMTP, TLS or DANE certificate checks)'),
    ),
    'about the From domain (domain-type lists) and the --ip (IP lists)',
  ).action(async (options: PathOptions) => {
    const { timeoutMs, failOn } = checkCommon(options);
    const httpsOptions = checkHttpsOptions(options);
    const from = mailAddress(options.from, '--from');
    const to = mailAddress(options.to, '--to');
    let ip = options.ip === undefined ? null : parseIp(options.ip);
    if (options.ip !== undefined && !ip) throw new ToolkitError('usage', `--ip must be an IPv4 or IPv6 address, not ${JSON.stringify(options.ip)}`);
    let helo = options.helo;
    if (helo !== undefined && !isMailDomain(normalizeDomain(helo))) throw new ToolkitError('usage', `--helo must be a host name such as mail.contoso.com, not ${JSON.stringify(helo)}`);
    let dkimSignatures = options.dkimSignatureFrom ? readDkimSignatures(options.dkimSignatureFrom) : [];
    refuseBlocklistsInReplay(options);
    const setup = setUp(options, 'path', pathTarget(from, to), timeoutMs);
    let lists = chooseLists(options, setup.recording);
    if (setup.recording) {
      // The path of a recording is its own: the same IP, HELO and signatures, or none given.
      const recorded = setup.recording.target.options ?? {};
      const recordedIp = (recorded['ip'] as string | null | undefined) ?? null;
      if (ip && formatIp(ip) !== recordedIp) throw new ToolkitError('usage', `the recording was made with --ip ${recordedIp ?? '(none)'}`);
      ip = recordedIp ? parseIp(recordedIp) : null;
      helo = (recorded['helo'] as string | null | undefined) ?? undefined;
      dkimSignatures = (recorded['dkimSignatures'] as DkimSignatureRef[] | undefined) ?? [];
      // Recordings made before the From domain was checked against domain lists did not ask them.
      if (recorded['domainBlocklists'] !== true) lists = lists.filter((l) => l.type === 'ip');
    }
    const https = httpsFetcher(httpsOptions, setup, Boolean(options.record), timeoutMs);
    const smtp = smtpSetup(options, setup, httpsOptions.ca);
    const ctx = createCheckContext({ resolver: setup.resolver, clock: setup.clock, fetch: https.fetch, smtp: smtp.prober });
    const report = await checkPath(ctx, { from, to, ...(ip ? { ip } : {}), ...(helo ? { helo: normalizeDomain(helo) } : {}), dkimSignatures, lists, timeoutMs, smtp: smtp.settings });
    const sections = { ...(https.recorder ? { https: https.recorder.toRecording() } : {}), ...(smtp.recorder ? { smtp: smtp.recorder.toRecording() } : {}) };
    finish(report, setup, options, { ip: ip ? formatIp(ip) : null, helo: helo ? normalizeDomain(helo) : null, dkimSignatures, lists, domainBlocklists: true, smtp: smtp.settings }, failOn, io, setExit, sections);
  });

  addBlocklistOptions(
    addCommonOptions(
      check
        .command('ip')
        .description('check a sending IP address: reverse DNS (forward-confirmed, not generic) and DNS blocklists')
        .argument('<ip>', 'an IPv4 or IPv6 address'),
    ),
    'about the address (its IP-type lists)',
  ).action(async (rawIp: string, options: IpOptions) => {
    const { timeoutMs, failOn } = checkCommon(options);
    const ip = parseIp(rawIp);
    if (!ip) throw new ToolkitError('usage', `"${rawIp}" is not an IPv4 or IPv6 address`);
    refuseBlocklistsInReplay(options);
    const setup = setUp(options, 'ip', formatIp(ip), timeoutMs);
    const lists = setup.recording ? compileDnsblLists({ lists: setup.recording.target.options?.['lists'] }, options.replay) : chooseLists(options, null);
    const ctx = createCheckContext({ resolver: setup.resolver, clock: setup.clock });
    const report = await checkIp(ctx, ip, { lists, timeoutMs });
    finish(report, setup, options, { lists }, failOn, io, setExit);
  });
}
