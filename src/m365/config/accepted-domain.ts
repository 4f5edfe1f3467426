/**
 * Get-AcceptedDomain: domains whose sending or receiving is switched off, and InternalRelay
 * domains (unknown recipients are passed on through a connector, not refused). The list also
 * tells the DKIM evaluation which domains should be signed.
 * Source: exchange-online-cmdlets.md section 4; microsoft-365-mail-facts.md section 1 (5.1.10).
 * @module
 */
import { configFinding, type ConfigFinding, type ConfigSubject } from './config-findings.js';
import { readBool, readEnum, readText, type ValueReader } from './export-values.js';
import type { ExportObject } from './read-powershell-json.js';

export interface AcceptedDomain {
  subject: ConfigSubject;
  domain: string;
  domainType: 'Authoritative' | 'InternalRelay' | 'ExternalRelay' | null;
  sendingFromDisabled: boolean;
  sendingToDisabled: boolean;
}

export function readAcceptedDomain(obj: ExportObject, reader: ValueReader): AcceptedDomain {
  return {
    subject: reader.subject,
    domain: (readText(obj, 'DomainName') ?? readText(obj, 'Name') ?? '').toLowerCase(),
    domainType: readEnum(obj, 'DomainType', ['Authoritative', 'InternalRelay', 'ExternalRelay'] as const, reader),
    sendingFromDisabled: readBool(obj, 'SendingFromDomainDisabled') === true,
    sendingToDisabled: readBool(obj, 'SendingToDomainDisabled') === true,
  };
}

/** The tenant's own routing domains (MOERA), signed by Microsoft 365 automatically. */
export function isMicrosoftOnlineDomain(domain: string): boolean {
  return /\.(?:onmicrosoft\.com|onmicrosoft\.us|partner\.onmschina\.cn)$/i.test(domain) || /\.mail\.onmicrosoft\.com$/i.test(domain);
}

export function evaluateAcceptedDomains(domains: readonly AcceptedDomain[]): ConfigFinding[] {
  const out: ConfigFinding[] = [];
  for (const d of domains) {
    if (d.sendingFromDisabled) out.push(configFinding('m365.domain-sending-disabled', d.subject, { domain: d.domain }));
    if (d.sendingToDisabled && !isMicrosoftOnlineDomain(d.domain)) out.push(configFinding('m365.domain-receiving-disabled', d.subject, { domain: d.domain }));
    if (d.domainType === 'InternalRelay') out.push(configFinding('m365.domain-internal-relay', d.subject, { domain: d.domain }));
  }
  return out;
}
