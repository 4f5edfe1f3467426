/**
 * Get-DkimSigningConfig, together with Get-AcceptedDomain: custom domains that Microsoft 365
 * does not sign with their own domain (signing off, or no configuration at all: then only the
 * onmicrosoft.com signature is there, which does not align with From for DMARC), the CNAMEs
 * the export itself says are missing (Status CnameMissing; the live check asks DNS), and
 * 1024-bit keys.
 * Source: https://learn.microsoft.com/defender-office-365/email-authentication-dkim-configure;
 * exchange-online-cmdlets.md section 6; microsoft-365-mail-facts.md section 7.1.
 * @module
 */
import { isMicrosoftOnlineDomain, type AcceptedDomain } from './accepted-domain.js';
import { configFinding, type ConfigFinding, type ConfigSubject } from './config-findings.js';
import { readBool, readNumber, readText, type ValueReader } from './export-values.js';
import type { ExportObject } from './read-powershell-json.js';

export interface DkimSelectorConfig {
  selector: 'selector1' | 'selector2';
  /** Where selectorN._domainkey.<domain> must point. */
  cname: string | null;
  keySize: number | null;
}

export interface DkimSigningConfig {
  subject: ConfigSubject;
  domain: string;
  enabled: boolean;
  status: string | null;
  selectors: DkimSelectorConfig[];
}

export function readDkimSigningConfig(obj: ExportObject, reader: ValueReader): DkimSigningConfig {
  const selector = (n: 1 | 2): DkimSelectorConfig => ({
    selector: n === 1 ? 'selector1' : 'selector2',
    cname: readText(obj, `Selector${n}CNAME`)?.replace(/\.$/, '').toLowerCase() ?? null,
    keySize: readNumber(obj, `Selector${n}KeySize`),
  });
  return {
    subject: reader.subject,
    domain: (readText(obj, 'Domain') ?? readText(obj, 'Name') ?? '').toLowerCase(),
    enabled: readBool(obj, 'Enabled') === true,
    status: readText(obj, 'Status'),
    selectors: [selector(1), selector(2)],
  };
}

/** `dkim` null: no DKIM export was given, so absence of a configuration proves nothing. */
export function evaluateDkim(dkim: readonly DkimSigningConfig[] | null, accepted: readonly AcceptedDomain[], live: boolean): ConfigFinding[] {
  const out: ConfigFinding[] = [];
  for (const config of dkim ?? []) {
    if (isMicrosoftOnlineDomain(config.domain)) continue;
    const cnameMissing = config.status?.toLowerCase() === 'cnamemissing';
    if (!config.enabled) {
      out.push(configFinding('m365.dkim-disabled', config.subject, { domain: config.domain, why: cnameMissing ? ' (Status CnameMissing: the CNAMEs are not published)' : '' }));
    }
    // Without live checks, the export's own Status is the evidence about the CNAMEs.
    if (cnameMissing && !live) {
      for (const s of config.selectors) {
        if (s.cname) out.push(configFinding('m365.dkim-cname-missing', config.subject, { domain: config.domain, name: `${s.selector}._domainkey.${config.domain}`, expected: s.cname, state: 'Get-DkimSigningConfig says Status CnameMissing' }));
      }
    }
    const small = config.selectors.find((s) => s.keySize === 1024);
    if (config.enabled && small) out.push(configFinding('m365.dkim-key-1024', config.subject, { domain: config.domain, selector: small.selector }));
  }
  if (dkim) {
    const configured = new Set(dkim.map((c) => c.domain));
    for (const d of accepted) {
      if (!d.domain || isMicrosoftOnlineDomain(d.domain) || configured.has(d.domain) || d.sendingFromDisabled) continue;
      out.push(configFinding('m365.dkim-not-configured', d.subject, { domain: d.domain }));
    }
  }
  return out;
}
