import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeConfig, type ConfigInput } from './analyze-config.js';
import { allConfigFindingCodes, configFinding } from './config-findings.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'm365');
const NOW = new Date('2026-11-20T12:00:00Z');

function tenant(name: string): ConfigInput[] {
  const dir = join(FIXTURES, name);
  return readdirSync(dir).sort().map((file) => ({ file, bytes: readFileSync(join(dir, file)) }));
}

const codes = (inputs: ConfigInput[]): string[] => analyzeConfig(inputs, { now: NOW, live: false }).findings.map((f) => f.code);

describe('analyzeConfig on exported tenants', () => {
  it('a healthy tenant: every file recognised, no warning or error', () => {
    const analysis = analyzeConfig(tenant('healthy'), { now: NOW, live: false });
    expect(analysis.files.map((f) => [f.file, f.cmdlets])).toEqual([
      ['accepted-domains.json', { 'Get-AcceptedDomain': 2 }],
      ['blocked-senders.json', {}],
      ['dkim.json', { 'Get-DkimSigningConfig': 2 }],
      ['inbound-connectors.json', { 'Get-InboundConnector': 1 }],
      ['outbound-connectors.json', { 'Get-OutboundConnector': 2 }],
      ['outbound-spam-policy.json', { 'Get-HostedOutboundSpamFilterPolicy': 1 }],
      ['remote-domains.json', { 'Get-RemoteDomain': 1 }],
      ['transport-rules.json', { 'Get-TransportRule': 2 }],
    ]);
    expect(analysis.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(analysis.findings.map((f) => f.code)).toEqual(['m365.connector-routes-all-to-smarthost']);
  });

  it('a misconfigured tenant: each problem found once, with its NDR code', () => {
    const analysis = analyzeConfig(tenant('misconfigured'), { now: NOW, live: false });
    const by = (code: string) => analysis.findings.filter((f) => f.code === code);
    expect(by('m365.rule-rejects-external')).toMatchObject([{ ndr: '5.7.900', subject: { cmdlet: 'Get-TransportRule', identity: 'Block mail to competitors', file: 'rules.json' } }]);
    expect(by('m365.rule-rejects-external')[0]!.message).toContain("Includes these words in the recipient's address: 'competitor'");
    expect(by('m365.rule-redirects-external')[0]!.data).toMatchObject({ target: ['audit@tailspin.example'] });
    expect(by('m365.rule-holds-external')).toHaveLength(1);
    expect(by('m365.rule-deletes-external')).toMatchObject([{ ndr: null, severity: 'error' }]);
    expect(by('m365.rule-not-enforced')).toHaveLength(1);
    expect(by('m365.sender-restricted')).toMatchObject([{ ndr: '5.1.8', data: { sender: 'compromised@tailspin.example' } }]);
    expect(by('m365.outbound-limit-low')[0]!.message).toContain('50 external recipients per hour, 300 recipients per day');
    expect(by('m365.autoforward-blocked').map((f) => f.ndr)).toEqual([null, '5.7.520']);
    expect(by('m365.remote-domain-blocks-ndr')).toHaveLength(1);
    expect(by('m365.dkim-disabled').map((f) => f.data?.['domain'])).toEqual(['tailspin.example']);
    // Offline, the export's Status CnameMissing is the evidence.
    expect(by('m365.dkim-cname-missing').map((f) => f.data?.['name'])).toEqual(['selector1._domainkey.tailspin.example', 'selector2._domainkey.tailspin.example']);
    expect(by('m365.dkim-not-configured').map((f) => f.data?.['domain'])).toEqual(['sales.tailspin.example']);
    expect(by('m365.connector-no-smarthost').map((f) => f.subject.identity)).toEqual(['Half-made']);
    expect(by('m365.connector-tls-domain-missing')).toHaveLength(1);
    expect(by('m365.inbound-connector-unmatchable')).toMatchObject([{ ndr: '5.7.64' }]);
    expect(by('m365.domain-sending-disabled')).toHaveLength(1);
    expect(by('m365.export-truncated')[0]!.data).toMatchObject({ property: 'Conditions', value: 'System.Object[]' });
    expect(by('m365.export-unrecognised')).toMatchObject([{ subject: { file: 'mailboxes.json' } }]);
  });

  it('with live checks to follow, leaves the CNAME question to DNS', () => {
    expect(analyzeConfig(tenant('misconfigured'), { now: NOW, live: true }).findings.some((f) => f.code === 'm365.dkim-cname-missing')).toBe(false);
  });

  it('skips disabled rules and rules outside their activation window', () => {
    const rule = (extra: Record<string, unknown>) => Buffer.from(JSON.stringify({ Name: 'r', Priority: 0, Mode: 'Enforce', State: 'Enabled', SentToScope: 'NotInOrganization', RejectMessageReasonText: 'no', ...extra }));
    expect(codes([{ file: 'a', bytes: rule({}) }])).toEqual(['m365.rule-rejects-external']);
    expect(codes([{ file: 'a', bytes: rule({ State: 'Disabled' }) }])).toEqual([]);
    expect(codes([{ file: 'a', bytes: rule({ ExpiryDate: '/Date(1700000000000)/' }) }])).toEqual([]);
    expect(codes([{ file: 'a', bytes: rule({ ActivationDate: '2027-01-01T00:00:00Z' }) }])).toEqual([]);
    expect(codes([{ file: 'a', bytes: rule({ SentToScope: null }) }])).toEqual(['m365.rule-rejects']);
  });

  it('notes enums written as numbers instead of guessing them', () => {
    const bytes = Buffer.from(JSON.stringify({ Name: 'c', SmartHosts: [], UseMXRecord: true, RecipientDomains: ['*'], TlsSettings: 2 }));
    expect(codes([{ file: 'a', bytes }])).toEqual(['m365.export-enum-number']);
  });

  it('every catalogue entry renders without unfilled basics', () => {
    for (const code of allConfigFindingCodes()) {
      const f = configFinding(code as never, { cmdlet: null, identity: null, file: 'x' });
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.ref).not.toBe('');
    }
  });
});
