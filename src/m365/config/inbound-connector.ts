/**
 * Get-InboundConnector: on-premises connectors that Microsoft 365 cannot match mail to (no
 * sender IP addresses and no certificate name: the mail is not attributed to the tenant and
 * relaying is refused with 5.7.64), and partner connectors that restrict a partner's
 * domains to listed IPs or a certificate (mail from elsewhere is refused).
 * Source: exchange-online-cmdlets.md section 2; microsoft-365-mail-facts.md section 1.2 (5.7.64).
 * @module
 */
import { configFinding, type ConfigFinding, type ConfigSubject } from './config-findings.js';
import { readBool, readEnum, readList, readText, type ValueReader } from './export-values.js';
import type { ExportObject } from './read-powershell-json.js';

export interface InboundConnector {
  subject: ConfigSubject;
  name: string;
  enabled: boolean;
  connectorType: 'Partner' | 'OnPremises' | null;
  senderIps: string[];
  senderDomains: string[];
  certificateName: string | null;
  restrictToIps: boolean;
  restrictToCertificate: boolean;
}

export function readInboundConnector(obj: ExportObject, reader: ValueReader): InboundConnector {
  return {
    subject: reader.subject,
    name: readText(obj, 'Name') ?? readText(obj, 'Identity') ?? '(unnamed connector)',
    enabled: readBool(obj, 'Enabled') !== false,
    connectorType: readEnum(obj, 'ConnectorType', ['Partner', 'OnPremises'] as const, reader),
    senderIps: readList(obj, 'SenderIPAddresses'),
    senderDomains: readList(obj, 'SenderDomains'),
    certificateName: readText(obj, 'TlsSenderCertificateName'),
    restrictToIps: readBool(obj, 'RestrictDomainsToIPAddresses') === true,
    restrictToCertificate: readBool(obj, 'RestrictDomainsToCertificate') === true,
  };
}

export function evaluateInboundConnectors(connectors: readonly InboundConnector[]): ConfigFinding[] {
  const out: ConfigFinding[] = [];
  for (const c of connectors) {
    if (!c.enabled) continue;
    if (c.connectorType === 'OnPremises' && c.senderIps.length === 0 && !c.certificateName) {
      out.push(configFinding('m365.inbound-connector-unmatchable', c.subject, { connector: c.name, type: c.connectorType }));
    }
    if (c.connectorType === 'Partner' && (c.restrictToIps || c.restrictToCertificate)) {
      const restriction = [
        ...(c.restrictToIps ? [c.senderIps.length > 0 ? `the addresses ${c.senderIps.join(', ')}` : 'listed addresses (none are listed)'] : []),
        ...(c.restrictToCertificate ? [`servers presenting a certificate for ${c.certificateName ?? '(no name set)'}`] : []),
      ].join(' and ');
      out.push(configFinding('m365.inbound-connector-restricts-partner', c.subject, { connector: c.name, domains: c.senderDomains.length > 0 ? c.senderDomains : ['(no sender domain)'], restriction }));
    }
  }
  return out;
}
