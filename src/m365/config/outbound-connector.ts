/**
 * Get-OutboundConnector: connectors that send mail to smart hosts instead of the recipients'
 * MX (and so fail when those hosts fail), connectors that cannot route at all, and TLS
 * settings that need something of the destination (a trusted certificate, a certificate for
 * TlsDomain, DANE). The live side (does the smart host resolve and answer, can it meet the
 * TLS setting) is in check-connectors-live.ts.
 * Source: https://learn.microsoft.com/powershell/module/exchange/set-outboundconnector;
 * exchange-online-cmdlets.md section 1.
 * @module
 */
import { configFinding, type ConfigFinding, type ConfigSubject } from './config-findings.js';
import { readBool, readEnum, readList, readText, type ValueReader } from './export-values.js';
import type { ExportObject } from './read-powershell-json.js';

export const TLS_SETTINGS = ['EncryptionOnly', 'CertificateValidation', 'DomainValidation'] as const;
export type TlsSetting = (typeof TLS_SETTINGS)[number];

export interface OutboundConnector {
  subject: ConfigSubject;
  name: string;
  enabled: boolean;
  useMxRecord: boolean;
  connectorType: 'Partner' | 'OnPremises' | null;
  recipientDomains: string[];
  smartHosts: string[];
  tlsSettings: TlsSetting | null;
  tlsDomain: string | null;
  transportRuleScoped: boolean;
  routeAllViaOnPremises: boolean;
  daneMode: 'Opportunistic' | 'Mandatory' | 'None' | null;
}

export function readOutboundConnector(obj: ExportObject, reader: ValueReader): OutboundConnector {
  return {
    subject: reader.subject,
    name: readText(obj, 'Name') ?? readText(obj, 'Identity') ?? '(unnamed connector)',
    enabled: readBool(obj, 'Enabled') !== false,
    useMxRecord: readBool(obj, 'UseMXRecord') !== false,
    connectorType: readEnum(obj, 'ConnectorType', ['Partner', 'OnPremises'] as const, reader),
    recipientDomains: readList(obj, 'RecipientDomains'),
    smartHosts: readList(obj, 'SmartHosts'),
    tlsSettings: readEnum(obj, 'TlsSettings', TLS_SETTINGS, reader),
    tlsDomain: readText(obj, 'TlsDomain'),
    transportRuleScoped: readBool(obj, 'IsTransportRuleScoped') === true,
    routeAllViaOnPremises: readBool(obj, 'RouteAllMessagesViaOnPremises') === true,
    daneMode: readEnum(obj, 'SmtpDaneMode', ['Opportunistic', 'Mandatory', 'None'] as const, reader),
  };
}

/** What mail the connector carries, in words. */
export function connectorScope(c: OutboundConnector): string {
  if (c.routeAllViaOnPremises) return 'all mail (centralized transport through on-premises)';
  if (c.transportRuleScoped) return 'the mail that transport rules route to it';
  if (c.recipientDomains.includes('*')) return 'mail for all external domains (*)';
  return c.recipientDomains.length > 0 ? `mail for ${c.recipientDomains.join(', ')}` : 'mail for no recipient domain';
}

/** Smart hosts routed to: enabled, not using MX. */
export function routesToSmartHosts(c: OutboundConnector): boolean {
  return c.enabled && !c.useMxRecord && c.smartHosts.length > 0;
}

export function evaluateOutboundConnectors(connectors: readonly OutboundConnector[]): ConfigFinding[] {
  const out: ConfigFinding[] = [];
  for (const c of connectors) {
    const base = { connector: c.name, domains: connectorScope(c) };
    if (!c.enabled) {
      out.push(configFinding('m365.connector-disabled', c.subject, base));
      continue;
    }
    if (!c.useMxRecord && c.smartHosts.length === 0) out.push(configFinding('m365.connector-no-smarthost', c.subject, base));
    if (routesToSmartHosts(c)) out.push(configFinding('m365.connector-routes-all-to-smarthost', c.subject, { ...base, smartHosts: c.smartHosts }));
    if (c.tlsSettings === 'DomainValidation' && !c.tlsDomain) out.push(configFinding('m365.connector-tls-domain-missing', c.subject, base));
    if (c.daneMode === 'Mandatory') out.push(configFinding('m365.connector-dane-mandatory', c.subject, base));
  }
  return out;
}
