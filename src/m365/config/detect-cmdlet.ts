/**
 * Which cmdlet wrote an exported object, from its properties and never from the file name
 * (users name exports anything). Each signature is a set of properties that the cmdlet's
 * output has and the others' do not, from the property lists observed on a live tenant
 * (exchange-online-cmdlets.md sections 1-8, [SURVEY]); the first signature that matches
 * wins, in the order of the table.
 * @module
 */
import type { CmdletName } from './config-findings.js';
import type { ExportObject } from './read-powershell-json.js';

interface CmdletSignature {
  cmdlet: CmdletName;
  /** Every one of these must be present. */
  all: readonly string[];
  /** At least one of these must be present (when given). */
  any?: readonly string[];
}

const SIGNATURES: readonly CmdletSignature[] = [
  { cmdlet: 'Get-DkimSigningConfig', all: ['Domain'], any: ['Selector1CNAME', 'Selector2CNAME', 'Selector1KeySize'] },
  { cmdlet: 'Get-OutboundConnector', all: ['SmartHosts', 'UseMXRecord'] },
  { cmdlet: 'Get-InboundConnector', all: ['SenderIPAddresses'], any: ['RequireTls', 'SenderDomains', 'TlsSenderCertificateName', 'RestrictDomainsToIPAddresses'] },
  { cmdlet: 'Get-TransportRule', all: ['Priority'], any: ['Actions', 'Conditions', 'RejectMessageReasonText', 'SentToScope', 'FromScope', 'Mode'] },
  { cmdlet: 'Get-HostedOutboundSpamFilterPolicy', all: [], any: ['RecipientLimitExternalPerHour', 'AutoForwardingMode', 'ActionWhenThresholdReached'] },
  { cmdlet: 'Get-AcceptedDomain', all: ['DomainName', 'DomainType'] },
  { cmdlet: 'Get-RemoteDomain', all: ['DomainName'], any: ['AutoForwardEnabled', 'NDREnabled', 'AllowedOOFType'] },
  // Message-trace rows also carry SenderAddress, but always with RecipientAddress.
  { cmdlet: 'Get-BlockedSenderAddress', all: ['SenderAddress'], any: ['Reason', 'CreatedDatetime', 'ChangedDatetime', 'TemporaryBlock'] },
];

export function detectCmdlet(obj: ExportObject): CmdletName | null {
  for (const sig of SIGNATURES) {
    if (!sig.all.every((p) => p in obj)) continue;
    if (sig.any && !sig.any.some((p) => p in obj)) continue;
    if (sig.cmdlet === 'Get-BlockedSenderAddress' && 'RecipientAddress' in obj) continue;
    return sig.cmdlet;
  }
  return null;
}
