import { describe, expect, it } from 'vitest';
import { parseHeaderBlock } from '../mime/header-lines.js';
import { evaluateAuthentication } from './evaluate-authentication.js';
import { buildReceivedChain } from './received-chain.js';

function evaluate(block: string): ReturnType<typeof evaluateAuthentication> {
  const fields = parseHeaderBlock(block);
  return evaluateAuthentication(fields, buildReceivedChain(fields).route);
}

const EDGE = 'Received: from mail.fabrikam.com (mail.fabrikam.com [203.0.113.5]) by mx.contoso.com with ESMTPS id 1; Mon, 3 Mar 2025 10:00:00 +0000';
const SENDER = 'Received: from pc (pc [10.1.1.1]) by mail.fabrikam.com with ESMTPSA id 0; Mon, 3 Mar 2025 09:59:59 +0000';

describe('evaluateAuthentication: which Authentication-Results to trust', () => {
  it('trusts a field above the receiving edge (Microsoft 365) and names the host it sits on', () => {
    const { report } = evaluate(['Authentication-Results: spf=pass (sender IP is 203.0.113.5) smtp.mailfrom=fabrikam.com', EDGE, 'From: a@fabrikam.com'].join('\n'));
    expect(report.results[0]).toMatchObject({ authservId: null, addedBy: 'mx.contoso.com', trusted: true });
    expect(report.spf).toBe('pass');
  });

  it('trusts a field just below the edge when its authserv-id is the receiver\'s (Gmail), not when it is someone else\'s', () => {
    const { report, findings } = evaluate([EDGE, 'Authentication-Results: mx.contoso.com; spf=fail smtp.mailfrom=fabrikam.com', 'Authentication-Results: relay.example.net; spf=pass smtp.mailfrom=fabrikam.com', SENDER, 'From: a@fabrikam.com'].join('\n'));
    expect(report.results.map((r) => [r.authservId, r.trusted, r.untrustedReason])).toEqual([['mx.contoso.com', true, null], ['relay.example.net', false, 'before-receiver']]);
    expect(report.spf).toBe('fail');
    // With no DMARC result recorded, the failed SPF also means no aligned pass.
    expect(findings.map((f) => f.code)).toEqual(['auth.results-untrusted', 'auth.spf-fail', 'auth.dmarc-unaligned']);
  });

  it('uses the topmost field of an authserv-id and flags a lower copy as duplicated', () => {
    const { report, findings } = evaluate(['Authentication-Results: mx.contoso.com; dmarc=fail (p=reject) header.from=fabrikam.com', EDGE, 'Authentication-Results: mx.contoso.com; dmarc=pass header.from=fabrikam.com', SENDER, 'From: a@fabrikam.com'].join('\n'));
    expect(report.results.map((r) => r.untrustedReason)).toEqual([null, 'duplicate']);
    expect(report.dmarc).toMatchObject({ result: 'fail', policy: 'reject', domain: 'fabrikam.com', by: 'mx.contoso.com' });
    expect(findings.map((f) => f.code)).toEqual(['auth.results-duplicated', 'auth.dmarc-fail']);
  });

  it('trusts everything when no hop crosses between organisations, and never trusts Authentication-Results-Original', () => {
    const { report } = evaluate('Authentication-Results: mx.contoso.com; spf=softfail smtp.mailfrom=fabrikam.com\nAuthentication-Results-Original: mx.contoso.com; spf=pass\nFrom: a@fabrikam.com');
    expect(report.results.map((r) => [r.trusted, r.untrustedReason])).toEqual([[true, null], [false, 'original-copy']]);
  });

  it('falls back to Received-SPF when no trusted result has SPF', () => {
    const { report, findings } = evaluate(['Received-SPF: Fail (mx.contoso.com: domain of fabrikam.com does not designate 203.0.113.5) receiver=mx.contoso.com; client-ip=203.0.113.5; envelope-from=<a@fabrikam.com>', EDGE, 'From: a@fabrikam.com'].join('\n'));
    expect(report.spf).toBe('fail');
    expect(findings.map((f) => [f.code, f.data?.['domain']])).toEqual([['auth.spf-fail', 'fabrikam.com'], ['auth.dmarc-unaligned', 'fabrikam.com']]);
  });

  it('reads the DMARC policy from the comment, policy.dmarc or Microsoft\'s action', () => {
    const policy = (dmarc: string): string | null | undefined => evaluate(`Authentication-Results: mx.contoso.com; ${dmarc}\nFrom: a@fabrikam.com`).report.dmarc?.policy;
    expect(policy('dmarc=fail (p=QUARANTINE sp=NONE) header.from=fabrikam.com')).toBe('quarantine');
    expect(policy('dmarc=fail policy.dmarc=reject header.from=fabrikam.com')).toBe('reject');
    expect(policy('dmarc=fail action=pct.quarantine header.from=fabrikam.com')).toBe('quarantine');
    expect(policy('dmarc=fail action=none header.from=fabrikam.com')).toBeNull();
  });

  it('reports our own alignment only when the receiver reported no DMARC result', () => {
    const unaligned = evaluate('Authentication-Results: mx.contoso.com; spf=pass smtp.mailfrom=esp.example.net; dkim=pass header.d=esp.example.net\nFrom: a@fabrikam.com');
    expect(unaligned.findings.map((f) => f.code)).toEqual(['auth.dmarc-unaligned']);
    expect(unaligned.findings[0]?.message).toContain('SPF esp.example.net pass, not aligned; DKIM esp.example.net pass, not aligned');
    const aligned = evaluate('Authentication-Results: mx.contoso.com; spf=pass smtp.mailfrom=esp.example.net; dkim=pass header.d=news.fabrikam.com\nFrom: a@fabrikam.com');
    expect(aligned.findings).toEqual([]);
    expect(aligned.report.alignment.dkim[0]).toMatchObject({ domain: 'news.fabrikam.com', alignment: 'relaxed' });
  });

  it('reports no results at all as info, and DKIM signatures it cannot verify as unverified', () => {
    const { report, findings } = evaluate('DKIM-Signature: v=1; a=rsa-sha256; d=fabrikam.com; s=s1; h=from:to; bh=x; b=y\nReturn-Path: <a@bounce.fabrikam.com>\nFrom: a@fabrikam.com');
    expect(findings.map((f) => f.code)).toEqual(['auth.results-missing']);
    expect(report.alignment).toMatchObject({ spf: { domain: 'bounce.fabrikam.com', result: 'unverified', source: 'Return-Path' }, dkim: [{ domain: 'fabrikam.com', result: 'unverified' }], aligned: null });
  });
});
