import { describe, expect, it } from 'vitest';
import { evaluateAlignment, type AlignmentInput } from './evaluate-alignment.js';
import type { DmarcData } from './evaluate-dmarc.js';

const dmarc = (policy: 'none' | 'quarantine' | 'reject' | null, adkim: 'r' | 's' | null = null, aspf: 'r' | 's' | null = null): DmarcData =>
  ({ policy, adkim, aspf }) as DmarcData;

const base: AlignmentInput = {
  from: 'alice@contoso.com',
  to: 'bob@fabrikam.com',
  fromDomain: 'contoso.com',
  spfDomain: 'contoso.com',
  ip: '192.0.2.1',
  spfResult: 'pass',
  passingRanges: [],
  dkim: [],
  dmarc: dmarc('reject'),
};

describe('DMARC alignment of a path', () => {
  it('an aligned SPF pass passes', () => {
    expect(evaluateAlignment(base)).toMatchObject({ status: 'pass', data: { result: 'pass' }, findings: [{ code: 'dmarc.aligned-pass' }] });
  });

  it('aspf=s makes a subdomain envelope unaligned; a DKIM key at an aligned d= still passes', () => {
    const input = { ...base, spfDomain: 'bounce.contoso.com', dmarc: dmarc('quarantine', null, 's') };
    const failed = evaluateAlignment(input);
    expect(failed).toMatchObject({ status: 'fail', data: { result: 'fail', spf: { alignment: 'relaxed', aligned: false, pass: true } }, findings: [{ code: 'dmarc.unaligned' }] });
    expect(failed.findings[0]!.message).toContain('not aligned with contoso.com (aspf=s)');
    const signed = evaluateAlignment({ ...input, dkim: [{ domain: 'mail.contoso.com', selector: 's1', source: 'signature', key: 'valid' }] });
    expect(signed).toMatchObject({ status: 'warn', data: { result: 'pass-with-dkim' }, findings: [{ code: 'dmarc.dkim-only' }] });
  });

  it('without enforcement the failure is a warning; a revoked or unaligned key does not count', () => {
    const input = { ...base, spfResult: 'fail' as const, dmarc: dmarc('none'), dkim: [{ domain: 'contoso.com', selector: 'old', source: 'signature' as const, key: 'revoked' as const }, { domain: 'esp.example', selector: 'k1', source: 'signature' as const, key: 'valid' as const }] };
    const out = evaluateAlignment(input);
    expect(out).toMatchObject({ status: 'warn', data: { result: 'fail' }, findings: [{ code: 'dmarc.unaligned-not-enforced' }] });
    expect(out.findings[0]!.message).toContain('not aligned: d=esp.example');
    expect(out.findings[0]!.message).toContain('old._domainkey.contoso.com (revoked)');
    expect(evaluateAlignment({ ...input, dmarc: null }).findings[0]!.message).toContain('none (no DMARC record)');
  });

  it('a failed DMARC lookup (temperror): the policy is unknown, never "no DMARC record"', () => {
    const input = { ...base, spfResult: 'fail' as const, dmarc: dmarc(null), dmarcLookupFailed: true };
    const out = evaluateAlignment(input);
    expect(out).toMatchObject({ status: 'temperror', data: { result: 'fail', policy: null, policyUnknown: true }, findings: [{ code: 'dmarc.unaligned-policy-unknown', severity: 'warning' }] });
    expect(out.findings[0]!.message).toContain('unknown (temperror');
    expect(out.findings[0]!.message).not.toContain('no DMARC record');
    const dkimOnly = evaluateAlignment({ ...input, dkim: [{ domain: 'contoso.com', selector: 's1', source: 'published' as const, key: 'valid' as const }] });
    expect(dkimOnly.findings[0]!.message).toContain('the policy unknown (temperror');
    expect(evaluateAlignment({ ...input, dmarcLookupFailed: false }).data.policyUnknown).toBe(false);
  });

  it('without an IP, a passing allowed range is an aligned SPF pass', () => {
    expect(evaluateAlignment({ ...base, ip: null, spfResult: null, passingRanges: ['192.0.2.0/24'] }).data.result).toBe('pass');
    expect(evaluateAlignment({ ...base, ip: null, spfResult: null, passingRanges: [] }).data.result).toBe('fail');
  });
});
