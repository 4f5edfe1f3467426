/**
 * `maildoctor check domain DOMAIN` (MX, SPF, DMARC, DKIM) and `maildoctor check ip IP`
 * (reverse DNS, blocklists): live DNS checks with --dns-server, evidence with --record,
 * offline replay with --replay, text or --json, and --fail-on for scripts. Exit 0 whenever
 * the checks ran, whatever they found; 1 only when --fail-on is reached; 2 for usage errors.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { checkDomain } from '../../checks/check-domain.js';
import { checkIp } from '../../checks/check-ip.js';
import { DEFAULT_CHECK_TIMEOUT_MS } from '../../checks/check-limits.js';
import { createCheckContext } from '../../checks/context.js';
import { DNSBL_LISTS, compileDnsblLists, selectDnsblLists, type DnsblList } from '../../checks/dnsbl/dnsbl-lists.js';
import type { CheckReport, Verdict } from '../../checks/types.js';
import { isMailDomain, normalizeDomain } from '../../core/domain-name.js';
import { ToolkitError } from '../../core/errors.js';
import { formatIp, parseIp } from '../../core/ip-address.js';
import { fixedClock, systemClock, type Clock } from '../../io/clock.js';
import { RecordingResolver, readRecording, replayResolver, writeRecording, type Recording } from '../../io/dns/recording-resolver.js';
import type { DnsResolver } from '../../io/dns/resolver.js';
import { DEFAULT_QUERY_TIMEOUT_MS, DEFAULT_QUERY_TRIES, SystemResolver, parseDnsServer } from '../../io/dns/system-resolver.js';
import { checkReportJson } from '../../report/render-check-json.js';
import { renderCheckText } from '../../report/render-check-text.js';
import { styleFor } from '../../report/style.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import type { CliIo } from '../output.js';

interface CommonOptions {
  dnsServer?: string;
  record?: string;
  replay?: string;
  json?: boolean;
  failOn?: string;
  timeout?: string;
}

interface DomainOptions extends CommonOptions {
  selector?: string[];
}

interface IpOptions extends CommonOptions {
  blocklist?: string[];
  blocklistFile?: string;
}

const FAILING: Record<'warn' | 'fail', readonly Verdict[]> = { fail: ['fail'], warn: ['fail', 'warn', 'inconclusive'] };

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

function checkCommon(options: CommonOptions): { timeoutMs: number; failOn: 'warn' | 'fail' | null } {
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

interface RunSetup {
  resolver: DnsResolver;
  clock: Clock;
  recorder: RecordingResolver | null;
  system: SystemResolver | null;
  recording: Recording | null;
}

function setUp(options: CommonOptions, kind: string, target: string, timeoutMs: number): RunSetup {
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

function finish(report: CheckReport, setup: RunSetup, options: CommonOptions, targetOptions: Record<string, unknown>, failOn: 'warn' | 'fail' | null, io: CliIo, setExit: (code: number) => void): void {
  setup.system?.cancel();
  if (setup.recorder && options.record) {
    writeRecording(options.record, setup.recorder.toRecording(new Date(report.at), { kind: report.kind, name: report.target, options: targetOptions }));
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

export function registerCheck(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const check = program.command('check').description('live DNS checks of a domain (MX, SPF, DMARC, DKIM) or a sending IP (reverse DNS, blocklists)');

  addCommonOptions(
    check
      .command('domain')
      .description('check a domain as a receiver (MX) and as a sender (SPF, DMARC, DKIM)')
      .argument('<domain>', 'the domain, e.g. contoso.com')
      .option('--selector <names>', 'DKIM selectors to check besides the common ones (repeatable or comma-separated)', collect),
  ).action(async (rawDomain: string, options: DomainOptions) => {
    const { timeoutMs, failOn } = checkCommon(options);
    const domain = normalizeDomain(rawDomain);
    if (!isMailDomain(domain)) throw new ToolkitError('usage', `"${rawDomain}" is not a domain name`);
    const setup = setUp(options, 'domain', domain, timeoutMs);
    let selectors = (options.selector ?? []).map((sel) => sel.toLowerCase());
    if (setup.recording) {
      const recorded = (setup.recording.target.options?.['selectors'] as string[] | undefined) ?? [];
      if (options.selector && selectors.join(',') !== recorded.join(',')) throw new ToolkitError('usage', `the recording was made with --selector ${recorded.join(',') || '(none)'}`);
      selectors = recorded;
    }
    const ctx = createCheckContext({ resolver: setup.resolver, clock: setup.clock });
    const report = await checkDomain(ctx, domain, { selectors, timeoutMs });
    finish(report, setup, options, { selectors }, failOn, io, setExit);
  });

  addCommonOptions(
    check
      .command('ip')
      .description('check a sending IP address: reverse DNS (forward-confirmed, not generic) and DNS blocklists')
      .argument('<ip>', 'an IPv4 or IPv6 address')
      .option('--blocklist <names>', `blocklists to ask: ids or zones, "default" or "all" (repeatable or comma-separated; known: ${DNSBL_LISTS.map((l) => l.id).join(', ')})`, collect)
      .option('--blocklist-file <file>', 'a JSON file of blocklists in the shape of src/checks/dnsbl/lists.json, used instead of the built-in ones'),
  ).action(async (rawIp: string, options: IpOptions) => {
    const { timeoutMs, failOn } = checkCommon(options);
    const ip = parseIp(rawIp);
    if (!ip) throw new ToolkitError('usage', `"${rawIp}" is not an IPv4 or IPv6 address`);
    if (options.replay && (options.blocklist || options.blocklistFile)) {
      throw new ToolkitError('usage', '--replay uses the blocklists of the recording: leave out --blocklist and --blocklist-file');
    }
    let lists: DnsblList[] = [];
    if (!options.replay) {
      const available = options.blocklistFile ? readBlocklistFile(options.blocklistFile) : [...DNSBL_LISTS];
      lists = options.blocklistFile && !options.blocklist ? available : selectDnsblLists(available, options.blocklist ?? []);
    }
    const setup = setUp(options, 'ip', formatIp(ip), timeoutMs);
    if (setup.recording) lists = compileDnsblLists({ lists: setup.recording.target.options?.['lists'] }, options.replay);
    const ctx = createCheckContext({ resolver: setup.resolver, clock: setup.clock });
    const report = await checkIp(ctx, ip, { lists, timeoutMs });
    finish(report, setup, options, { lists }, failOn, io, setExit);
  });
}
