/**
 * Get-RemoteDomain: remote-domain settings that hide failures (NDRs off) or stop automatic
 * forwarding (AutoForwardEnabled false: forwarded copies are dropped without an NDR), and
 * TNEF forced on (winmail.dat at the recipient).
 * Source: exchange-online-cmdlets.md section 5.
 * @module
 */
import { configFinding, type ConfigFinding, type ConfigSubject } from './config-findings.js';
import { readBool, readText, type ValueReader } from './export-values.js';
import type { ExportObject } from './read-powershell-json.js';

export interface RemoteDomain {
  subject: ConfigSubject;
  name: string;
  domainName: string;
  ndrEnabled: boolean;
  autoForwardEnabled: boolean;
  tnefEnabled: boolean | null;
}

export function readRemoteDomain(obj: ExportObject, reader: ValueReader): RemoteDomain {
  return {
    subject: reader.subject,
    name: readText(obj, 'Name') ?? readText(obj, 'Identity') ?? '(unnamed)',
    domainName: readText(obj, 'DomainName') ?? '*',
    ndrEnabled: readBool(obj, 'NDREnabled') !== false,
    autoForwardEnabled: readBool(obj, 'AutoForwardEnabled') !== false,
    tnefEnabled: readBool(obj, 'TNEFEnabled'),
  };
}

export function evaluateRemoteDomains(domains: readonly RemoteDomain[]): ConfigFinding[] {
  const out: ConfigFinding[] = [];
  for (const d of domains) {
    const base = { remoteDomain: d.name, domainName: d.domainName };
    if (!d.ndrEnabled) out.push(configFinding('m365.remote-domain-blocks-ndr', d.subject, base));
    if (!d.autoForwardEnabled) {
      const target = d.domainName === '*' ? 'any external domain' : d.domainName;
      out.push(configFinding('m365.autoforward-blocked', d.subject, {
        ...base,
        by: `remote domain "${d.name}" (${d.domainName}, AutoForwardEnabled false)`,
        effect: `messages that users' forwarding or inbox rules send to ${target} are dropped without an NDR; neither the user nor the intended recipient is told`,
        fix: `Set-RemoteDomain -Identity "${d.name}" -AutoForwardEnabled $true if forwarding to ${target} is allowed; otherwise tell the users, since nothing bounces.`,
      }, null));
    }
    if (d.tnefEnabled === true) out.push(configFinding('m365.remote-domain-tnef', d.subject, base));
  }
  return out;
}
