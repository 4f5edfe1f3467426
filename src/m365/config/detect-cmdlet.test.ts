import { describe, expect, it } from 'vitest';
import { detectCmdlet } from './detect-cmdlet.js';

describe('detectCmdlet', () => {
  it('recognises each cmdlet by its properties', () => {
    expect(detectCmdlet({ Name: 'a', SmartHosts: [], UseMXRecord: true, RecipientDomains: ['*'] })).toBe('Get-OutboundConnector');
    expect(detectCmdlet({ Name: 'a', SenderIPAddresses: [], RequireTls: true })).toBe('Get-InboundConnector');
    expect(detectCmdlet({ Name: 'a', Priority: 0, Mode: 'Enforce', State: 'Enabled' })).toBe('Get-TransportRule');
    expect(detectCmdlet({ DomainName: 'contoso.example', DomainType: 'Authoritative' })).toBe('Get-AcceptedDomain');
    expect(detectCmdlet({ DomainName: '*', AutoForwardEnabled: true, NDREnabled: true })).toBe('Get-RemoteDomain');
    expect(detectCmdlet({ Domain: 'contoso.example', Selector1CNAME: 'x', Enabled: true })).toBe('Get-DkimSigningConfig');
    expect(detectCmdlet({ Name: 'Default', RecipientLimitExternalPerHour: 0, AutoForwardingMode: 'Automatic' })).toBe('Get-HostedOutboundSpamFilterPolicy');
    expect(detectCmdlet({ SenderAddress: 'a@contoso.example', Reason: 'spam' })).toBe('Get-BlockedSenderAddress');
  });
  it('does not take message-trace rows or other objects for a cmdlet it reads', () => {
    expect(detectCmdlet({ SenderAddress: 'a@contoso.example', RecipientAddress: 'b@fabrikam.example', Reason: 'x' })).toBeNull();
    expect(detectCmdlet({ DisplayName: 'Someone', PrimarySmtpAddress: 'a@contoso.example' })).toBeNull();
    expect(detectCmdlet({})).toBeNull();
  });
});
