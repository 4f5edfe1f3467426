/**
 * `maildoctor diagnose INPUT`: one bounce (any input `explain` takes: .eml, .msg, an mbox or
 * maildir holding one message, `-` for standard input or pasted text) analysed, then only the
 * live checks its cause calls for, then the verdict and the three notes. Human text, --json
 * (issue 6's shape) or --markdown; --offline stops after the analysis; --dns-server, --record
 * and --replay, the SMTP and HTTPS options and the blocklists work as in `check` (the run is
 * set up by check's own builders). Exit codes as for explain: 0 done, 1 only with --fail-on
 * reached, 2 for usage and input errors.
 * @module
 */
import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import { createCheckContext } from '../../checks/context.js';
import { DEFAULT_CHECK_TIMEOUT_MS } from '../../checks/check-limits.js';
import { ToolkitError } from '../../core/errors.js';
import { diagnoseBounce } from '../../diagnose/diagnose-bounce.js';
import { diagnosisJson } from '../../diagnose/diagnosis-json.js';
import { renderDiagnosisMarkdown } from '../../diagnose/render-diagnosis-markdown.js';
import { renderDiagnosisText } from '../../diagnose/render-diagnosis-text.js';
import { readRecording, writeRecording } from '../../io/dns/recording-resolver.js';
import { checkOperands, readInputs, type InputMessage } from '../../io/input/read-inputs.js';
import { styleFor } from '../../report/style.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import type { CliIo } from '../output.js';
import { startProgress, type Progress } from '../progress.js';
import { addBlocklistOptions, checkCommon, checkHttpsOptions, chooseLists, httpsFetcher, setUp, smtpSetup, type DomainOptions } from './check.js';

interface DiagnoseCliOptions extends DomainOptions {
  markdown?: boolean;
  offline?: boolean;
}

/** The recording's target kind: a replay must be of the same bounce. */
const RECORDING_KIND = 'diagnose';

function checkOptions(options: DiagnoseCliOptions): { failOn: 'hard' | 'any' | null; timeoutMs: number } {
  if (options.json && options.markdown) throw new ToolkitError('usage', 'choose one of --json and --markdown');
  if (options.failOn !== undefined && options.failOn !== 'hard' && options.failOn !== 'any') throw new ToolkitError('usage', `--fail-on must be hard or any, not ${options.failOn}`);
  if (options.offline) {
    const live = (['dnsServer', 'record', 'replay', 'smtpPort', 'httpsPort', 'caFile', 'ehlo', 'probeRcpt', 'blocklist', 'blocklistFile', 'timeout'] as const).filter((k) => options[k] !== undefined);
    if (live.length > 0) throw new ToolkitError('usage', `--offline makes no lookups and no connections: leave out ${live.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}`);
    return { failOn: (options.failOn as 'hard' | 'any' | undefined) ?? null, timeoutMs: DEFAULT_CHECK_TIMEOUT_MS };
  }
  // check's own validation of --dns-server, --record/--replay and --timeout (its --fail-on is not ours).
  const { timeoutMs } = checkCommon({ ...options, failOn: undefined });
  return { failOn: (options.failOn as 'hard' | 'any' | undefined) ?? null, timeoutMs };
}

/** The one message of the input; several (an mbox, a directory) are a usage error. */
function readOne(input: string, io: CliIo): InputMessage {
  checkOperands([input]);
  const messages = readInputs([input], io.readStdin);
  const first = messages.next();
  if (first.done) throw new ToolkitError('input-unreadable', `${input}: holds no message`);
  if (!messages.next().done) throw new ToolkitError('usage', `${input} holds more than one message: diagnose takes one bounce (give its file, or use explain for many)`);
  return first.value;
}

/** The bounce's fingerprint, which names the recording (a replay must be of the same bytes). */
function fingerprint(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}`;
}

export function registerDiagnose(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addBlocklistOptions(
    program
      .command('diagnose')
      .description("diagnose a bounce end to end: the analysis, only the live checks its cause calls for, and a verdict with evidence, who must act, and notes for the user, the admin and the recipient's postmaster")
      .argument('<input>', 'one bounce: a message file (.eml, .msg), an mbox or directory holding one message, or - for standard input (pasted text too)')
      .option('--json', "print the diagnosis as JSON: {bounce, verdict, checks, notes}")
      .option('--markdown', 'print the diagnosis as Markdown, to paste into a ticket')
      .option('--offline', 'stop after the bounce analysis: no DNS, SMTP or HTTPS; the verdict comes from the bounce alone')
      .option('--fail-on <level>', 'exit 1 when a failed recipient is a hard bounce (hard) or when any recipient failed (any)')
      .option('--dns-server <host[:port]>', 'ask this resolver (an IP address, optionally with a port; [v6]:port) instead of the system one')
      .option('--record <file>', 'write every DNS answer, HTTPS fetch and SMTP probe of the run and its time to FILE (JSON), for --replay and as evidence')
      .option('--replay <file>', 'answer from a --record file of the same bounce, with no network, and evaluate at the recorded time')
      .option('--timeout <seconds>', `overall time limit of the live checks (default ${DEFAULT_CHECK_TIMEOUT_MS / 1000})`)
      .option('--smtp-port <port>', 'connect to the MX hosts on this port instead of 25 (test servers)')
      .option('--https-port <port>', 'fetch MTA-STS policies on this port instead of 443 (test servers)')
      .option('--ca-file <file>', 'also trust the CA certificates of this PEM file (MTA-STS policy hosts, STARTTLS of the MX hosts)')
      .option('--ehlo <name>', 'the EHLO name to introduce maildoctor with (default: the address literal of this end)')
      .option('--probe-rcpt', 'for routing failures, also ask the MX MAIL FROM:<> and RCPT TO:<postmaster@DOMAIN> (then RSET; no message is sent)')
      .option('--no-smtp', 'do not connect to the MX hosts (reachability, STARTTLS, SIZE and DANE are not checked)'),
    'about the sending IP',
  ).action(async (input: string, options: DiagnoseCliOptions) => {
    const { failOn, timeoutMs } = checkOptions(options);
    const message = readOne(input, io);
    const bytes = message.bytes;
    const name = fingerprint(bytes);
    let progress: Progress = { tick: () => undefined, stop: () => undefined };
    const hooks = {
      onPlanned: (count: number) => {
        progress = startProgress(io.stderr, count, 'checks');
      },
      onCheckDone: (label: string) => progress.tick(label),
    };
    let report;
    if (options.offline) {
      report = await diagnoseBounce(bytes, { file: message.file });
    } else {
      if (options.replay) {
        const recorded = readRecording(options.replay).target;
        if (recorded.kind !== RECORDING_KIND || recorded.name !== name) throw new ToolkitError('usage', `${options.replay} is not a recording of diagnose for this bounce (it records ${recorded.kind} ${recorded.name})`);
      }
      const httpsOptions = checkHttpsOptions(options);
      const setup = setUp(options, RECORDING_KIND, name, timeoutMs);
      const lists = chooseLists(options, setup.recording);
      const https = httpsFetcher(httpsOptions, setup, Boolean(options.record), timeoutMs);
      const smtp = smtpSetup(options, setup, httpsOptions.ca);
      const ctx = createCheckContext({ resolver: setup.resolver, clock: setup.clock, fetch: https.fetch, smtp: smtp.prober });
      try {
        report = await diagnoseBounce(bytes, { file: message.file, ctx, smtp: smtp.settings, lists, timeoutMs, ...hooks });
      } finally {
        progress.stop();
        setup.system?.cancel();
      }
      if (setup.recorder && options.record) {
        writeRecording(options.record, {
          ...setup.recorder.toRecording(new Date(report.at ?? setup.clock.now().toISOString()), { kind: RECORDING_KIND, name, options: { file: message.file, smtp: smtp.settings, lists } }),
          ...(https.recorder ? { https: https.recorder.toRecording() } : {}),
          ...(smtp.recorder ? { smtp: smtp.recorder.toRecording() } : {}),
        });
      }
    }
    // Signed in to Microsoft 365 (m365 login): an open Exchange Online incident that matches the failure.
    if (!options.offline && !options.replay) report.notes.push(...(await (await import('./m365-diagnose-note.js')).serviceIncidentNotes(report, io, options.caFile)));
    const json = diagnosisJson(report);
    if (options.json) io.stdout.write(JSON.stringify(json, null, 2) + '\n');
    else if (options.markdown) io.stdout.write(renderDiagnosisMarkdown(json) + '\n');
    else io.stdout.write(renderDiagnosisText(json, styleFor(io.stdout as NodeJS.WriteStream, io.env)) + '\n');
    const failing = failOn !== null && report.recipients.some((r) => r.fact.action !== 'delayed' && (failOn === 'any' || r.fact.hardBounce));
    setExit(failing ? EXIT_FINDINGS : EXIT_OK);
  });
}
