/**
 * `m365 config analyze`, the offline part: every export file read (encoding, one object or an
 * array), every object recognised by its properties, read into a typed model and evaluated
 * by the reader of its cmdlet; the cross-cmdlet questions (accepted domains without DKIM)
 * answered with all files together. Pure: the bytes come in, the live checks
 * (check-config-live.ts) take the model from here.
 * @module
 */
import { readAcceptedDomain, evaluateAcceptedDomains, type AcceptedDomain } from './accepted-domain.js';
import { evaluateBlockedSenders, readBlockedSender, type BlockedSender } from './blocked-sender-address.js';
import { configFinding, CMDLET_NAMES, type CmdletName, type ConfigFinding } from './config-findings.js';
import { detectCmdlet } from './detect-cmdlet.js';
import { evaluateDkim, readDkimSigningConfig, type DkimSigningConfig } from './dkim-signing-config.js';
import { noteTruncatedValues, readText, type ValueReader } from './export-values.js';
import { evaluateInboundConnectors, readInboundConnector, type InboundConnector } from './inbound-connector.js';
import { evaluateOutboundConnectors, readOutboundConnector, type OutboundConnector } from './outbound-connector.js';
import { evaluateOutboundSpamPolicies, readOutboundSpamPolicy, type OutboundSpamPolicy } from './outbound-spam-policy.js';
import { readPowershellJson } from './read-powershell-json.js';
import { evaluateRemoteDomains, readRemoteDomain, type RemoteDomain } from './remote-domain.js';
import { evaluateTransportRules, readTransportRule, type TransportRule } from './transport-rule.js';

export interface ConfigInput {
  file: string;
  bytes: Uint8Array;
}

/** The tenant's configuration as far as the exports show it. */
export interface TenantConfig {
  outboundConnectors: OutboundConnector[];
  inboundConnectors: InboundConnector[];
  transportRules: TransportRule[];
  acceptedDomains: AcceptedDomain[];
  remoteDomains: RemoteDomain[];
  /** null: no Get-DkimSigningConfig export among the files. */
  dkim: DkimSigningConfig[] | null;
  outboundSpamPolicies: OutboundSpamPolicy[];
  blockedSenders: BlockedSender[];
}

export interface ConfigFileSummary {
  file: string;
  /** Objects recognised per cmdlet. */
  cmdlets: Partial<Record<CmdletName, number>>;
  unrecognised: number;
  readable: boolean;
}

export interface ConfigAnalysis {
  files: ConfigFileSummary[];
  config: TenantConfig;
  /** Offline findings, in file order then cmdlet order. */
  findings: ConfigFinding[];
}

export interface AnalyzeConfigOptions {
  /** Judge activation and expiry dates of rules at this time. */
  now: Date;
  /** Live checks will follow: leave the CNAME question to DNS. */
  live: boolean;
}

export function readTenantConfig(inputs: readonly ConfigInput[]): { files: ConfigFileSummary[]; config: TenantConfig; notes: ConfigFinding[] } {
  const config: TenantConfig = { outboundConnectors: [], inboundConnectors: [], transportRules: [], acceptedDomains: [], remoteDomains: [], dkim: null, outboundSpamPolicies: [], blockedSenders: [] };
  const notes: ConfigFinding[] = [];
  const files: ConfigFileSummary[] = [];
  for (const input of inputs) {
    const read = readPowershellJson(input.bytes);
    const summary: ConfigFileSummary = { file: input.file, cmdlets: {}, unrecognised: 0, readable: read.ok };
    files.push(summary);
    if (!read.ok) {
      notes.push(configFinding('m365.export-unreadable', { cmdlet: null, identity: null, file: input.file }, { file: input.file, problem: read.problem }));
      continue;
    }
    const unknownProperties = new Set<string>();
    for (const obj of read.objects) {
      const cmdlet = detectCmdlet(obj);
      if (!cmdlet) {
        summary.unrecognised++;
        for (const key of Object.keys(obj).slice(0, 8)) unknownProperties.add(key);
        continue;
      }
      summary.cmdlets[cmdlet] = (summary.cmdlets[cmdlet] ?? 0) + 1;
      const identity = readText(obj, 'Identity') ?? readText(obj, 'Name') ?? readText(obj, 'DomainName') ?? readText(obj, 'Domain') ?? readText(obj, 'SenderAddress');
      const reader: ValueReader = { subject: { cmdlet, identity, file: input.file }, notes };
      noteTruncatedValues(obj, reader);
      switch (cmdlet) {
        case 'Get-OutboundConnector': config.outboundConnectors.push(readOutboundConnector(obj, reader)); break;
        case 'Get-InboundConnector': config.inboundConnectors.push(readInboundConnector(obj, reader)); break;
        case 'Get-TransportRule': config.transportRules.push(readTransportRule(obj, reader)); break;
        case 'Get-AcceptedDomain': config.acceptedDomains.push(readAcceptedDomain(obj, reader)); break;
        case 'Get-RemoteDomain': config.remoteDomains.push(readRemoteDomain(obj, reader)); break;
        case 'Get-DkimSigningConfig': (config.dkim ??= []).push(readDkimSigningConfig(obj, reader)); break;
        case 'Get-HostedOutboundSpamFilterPolicy': config.outboundSpamPolicies.push(readOutboundSpamPolicy(obj, reader)); break;
        case 'Get-BlockedSenderAddress': config.blockedSenders.push(readBlockedSender(obj, reader)); break;
      }
    }
    if (summary.unrecognised > 0) {
      notes.push(configFinding('m365.export-unrecognised', { cmdlet: null, identity: null, file: input.file }, { file: input.file, count: summary.unrecognised, properties: [...unknownProperties].join(', ') || '(none)' }));
    }
  }
  return { files, config, notes };
}

export function analyzeConfig(inputs: readonly ConfigInput[], options: AnalyzeConfigOptions): ConfigAnalysis {
  const { files, config, notes } = readTenantConfig(inputs);
  const findings = [
    ...notes,
    ...evaluateBlockedSenders(config.blockedSenders),
    ...evaluateTransportRules(config.transportRules, options.now),
    ...evaluateOutboundConnectors(config.outboundConnectors),
    ...evaluateInboundConnectors(config.inboundConnectors),
    ...evaluateAcceptedDomains(config.acceptedDomains),
    ...evaluateDkim(config.dkim, config.acceptedDomains, options.live),
    ...evaluateRemoteDomains(config.remoteDomains),
    ...evaluateOutboundSpamPolicies(config.outboundSpamPolicies),
  ];
  return { files, config, findings };
}

/** The cmdlets none of the files held (for the report: what was not looked at). */
export function missingCmdlets(files: readonly ConfigFileSummary[]): CmdletName[] {
  return CMDLET_NAMES.filter((c) => !files.some((f) => (f.cmdlets[c] ?? 0) > 0));
}
