/**
 * `maildoctor m365 config analyze FILES...`: the mail-flow configuration of a Microsoft 365
 * tenant, from the JSON its Exchange Online PowerShell cmdlets write, with live checks of
 * smart hosts and DKIM CNAMEs through the same resolver and SMTP set-up as `check`
 * (--dns-server, --smtp-port, --ca-file, --no-smtp); --offline skips them. Exit codes as
 * `check`: 0 whatever was found, 1 when --fail-on is reached, 2 for usage or unreadable files.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createCheckContext } from '../../checks/context.js';
import { ToolkitError } from '../../core/errors.js';
import { analyzeConfig, type ConfigInput } from '../../m365/config/analyze-config.js';
import { checkConfigLive } from '../../m365/config/check-config-live.js';
import { buildConfigReport, configFailOnReached } from '../../m365/config/config-report.js';
import { renderConfigText } from '../../m365/config/render-config-text.js';
import { styleFor } from '../../report/style.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import type { CliIo } from '../output.js';
import { checkCommon, checkHttpsOptions, setUp, smtpSetup, type DomainOptions } from './check.js';

interface AnalyzeOptions extends DomainOptions {
  offline?: boolean;
}

function readInput(file: string): ConfigInput {
  try {
    return { file, bytes: readFileSync(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ToolkitError(code === 'ENOENT' ? 'input-missing' : 'input-unreadable', `cannot read ${file}: ${code ?? (error as Error).message}`);
  }
}

export function registerM365Config(m365: Command, io: CliIo, setExit: (code: number) => void): void {
  const config = m365.command('config').description('the tenant\'s mail-flow configuration, from Exchange Online PowerShell exports');
  config
    .command('analyze')
    .description('analyse the JSON that Get-OutboundConnector, Get-InboundConnector, Get-TransportRule, Get-AcceptedDomain, Get-RemoteDomain, Get-DkimSigningConfig, Get-HostedOutboundSpamFilterPolicy and Get-BlockedSenderAddress write (each piped to ConvertTo-Json -Depth 10); files are recognised by their content')
    .argument('<files...>', 'the JSON exports (UTF-8 or UTF-16; one object or an array each)')
    .option('--offline', 'no live checks (smart hosts, DKIM CNAMEs): only what the files say')
    .option('--dns-server <host[:port]>', 'ask this resolver (an IP address, optionally with a port) instead of the system one')
    .option('--smtp-port <port>', 'connect to the smart hosts on this port instead of 25 (test servers)')
    .option('--ca-file <file>', 'also trust the CA certificates of this PEM file for the smart hosts\' STARTTLS')
    .option('--no-smtp', 'resolve the smart hosts but do not connect to them')
    .option('--json', 'print the report as JSON')
    .option('--fail-on <level>', 'exit 1 when there is an error finding (fail), or an error or a warning (warn)')
    .option('--timeout <seconds>', 'time limit of each DNS question is derived from it (default 30)')
    .action(async (files: string[], options: AnalyzeOptions) => {
      const { timeoutMs, failOn } = checkCommon(options);
      if (options.offline && (options.dnsServer !== undefined || options.smtpPort !== undefined || options.caFile !== undefined)) {
        throw new ToolkitError('usage', '--offline makes no network checks: leave out --dns-server, --smtp-port and --ca-file');
      }
      const https = checkHttpsOptions(options);
      const inputs = files.map(readInput);
      const live = !options.offline;
      const clockNow = new Date();
      const analysis = analyzeConfig(inputs, { now: clockNow, live });
      let liveResult = null;
      let resolver: string | null = null;
      if (live) {
        const setup = setUp(options, 'm365-config', files.join(','), timeoutMs);
        const smtp = smtpSetup(options, setup, https.ca);
        const ctx = createCheckContext({ resolver: setup.resolver, clock: setup.clock, smtp: smtp.prober });
        resolver = setup.resolver.description;
        try {
          liveResult = await checkConfigLive(ctx, analysis.config, { smtpPort: smtp.settings ? smtp.settings.port : 25, smtp: smtp.settings !== false });
        } finally {
          setup.system?.cancel();
        }
      }
      const report = buildConfigReport(analysis, liveResult, clockNow, resolver);
      if (options.json) io.stdout.write(JSON.stringify(report, null, 2) + '\n');
      else io.stdout.write(renderConfigText(report, styleFor(io.stdout as NodeJS.WriteStream, io.env)) + '\n');
      setExit(configFailOnReached(report, failOn) ? EXIT_FINDINGS : EXIT_OK);
    });
}
