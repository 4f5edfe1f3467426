import { describe, expect, it } from 'vitest';
import { analyzeBounce } from '../ndr/analyze-bounce.js';
import { parseBounceIdentities } from './parse-bounce-identities.js';

function dsn(diagnostic: string, remote: string | null, original: string): string {
  return [
    'From: MAILER-DAEMON@mail.contoso.example', 'To: alice@contoso.example', 'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0', 'Content-Type: multipart/report; report-type=delivery-status; boundary="b"', '',
    '--b', 'Content-Type: text/plain', '', 'Your message could not be delivered.', '',
    '--b', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mail.contoso.example', '',
    'Final-Recipient: rfc822; bob@fabrikam.example', 'Action: failed', 'Status: 5.7.1', ...(remote ? [`Remote-MTA: dns; ${remote}`] : []), `Diagnostic-Code: smtp; ${diagnostic}`, '',
    '--b', 'Content-Type: text/rfc822-headers', '', original, '', '--b--', '',
  ].join('\n');
}

const ORIGINAL = [
  'Return-Path: <bounce@lists.contoso.example>',
  'Received: from [10.0.0.5] (unknown [10.0.0.5]) by mail.contoso.example (Postfix) with ESMTPSA id 1; Tue, 14 Apr 2026 09:00:00 +0000',
  'Received: from laptop (dsl.isp.example [198.51.100.99]) by relay.contoso.example (Postfix) with ESMTPSA id 2; Tue, 14 Apr 2026 08:59:59 +0000',
  'DKIM-Signature: v=1; a=rsa-sha256; d=Contoso.example; s=S1; h=from; bh=x; b=y',
  'From: Alice <alice@Contoso.example>', 'To: bob@fabrikam.example', 'Subject: hi', 'Message-ID: <1@contoso.example>',
].join('\n');

describe('parseBounceIdentities', () => {
  it('takes the client IP from the reply, skipping the quoted remote server and loopback/private addresses', () => {
    const report = analyzeBounce(dsn('550 5.7.1 Client host [203.0.113.9] blocked', 'mx.fabrikam.example', ORIGINAL), { headers: true });
    const ids = parseBounceIdentities(report, report.bounces[0] ?? null);
    expect(ids).toMatchObject({ sendingIp: '203.0.113.9', ipCertainty: 'reply', mailFrom: 'bounce@lists.contoso.example', from: 'alice@contoso.example', dkim: [{ domain: 'contoso.example', selector: 's1' }] });
  });

  it('uses a Received header the refusing side added, when there is one', () => {
    const added = `Received: from out.contoso.example (out.contoso.example [192.0.2.44]) by mx2.fabrikam.example with ESMTPS id 3; Tue, 14 Apr 2026 09:00:01 +0000\n${ORIGINAL}`;
    const report = analyzeBounce(dsn('550 5.7.1 rejected by policy', 'mx1.fabrikam.example', added), { headers: true });
    expect(parseBounceIdentities(report, report.bounces[0] ?? null)).toMatchObject({ sendingIp: '192.0.2.44', ipCertainty: 'receiver-header' });
  });

  it('otherwise the topmost public Received hop, marked as uncertain', () => {
    const report = analyzeBounce(dsn('550 5.7.1 rejected by policy', 'mx.fabrikam.example', ORIGINAL), { headers: true });
    const ids = parseBounceIdentities(report, report.bounces[0] ?? null);
    expect(ids).toMatchObject({ sendingIp: '198.51.100.99', ipCertainty: 'top-header' });
    expect(ids.ipSource).toMatch(/may be the hop before/);
  });

  it('ignores the remote server quoted before "said:"', () => {
    const report = analyzeBounce(dsn('host mx.fabrikam.example[192.0.2.35] said: 550 5.7.1 go away', 'mx.fabrikam.example', 'From: a@contoso.example\nSubject: x'), { headers: true });
    expect(parseBounceIdentities(report, report.bounces[0] ?? null).ipCertainty).not.toBe('reply');
  });
});
