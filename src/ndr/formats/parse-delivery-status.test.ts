import { describe, expect, it } from 'vitest';
import { parseDeliveryStatus, statusComment } from './parse-delivery-status.js';

describe('parseDeliveryStatus (RFC 3464 section 2)', () => {
  it('reads per-message and per-recipient fields with folded lines', () => {
    const report = parseDeliveryStatus([
      'Reporting-MTA: dns; mx1.example.net',
      'Arrival-Date: Mon, 2 Nov 2026 10:00:00 +0000',
      '',
      'Final-Recipient: rfc822; bob@example.org',
      'Original-Recipient: rfc822;Bob@Example.org',
      'Action: failed',
      'Status: 5.1.1',
      'Remote-MTA: dns; mx.example.org',
      'Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>: Recipient address',
      '    rejected: User unknown',
      '',
      'Final-Recipient: rfc822; carol@example.org',
      'Action: delayed',
      'Status: 4.4.1',
      'Will-Retry-Until: Tue, 3 Nov 2026 10:00:00 +0000',
    ].join('\n'));
    expect(report.perMessage.reportingMta).toBe('mx1.example.net');
    expect(report.recipients).toHaveLength(2);
    expect(report.recipients[0]).toMatchObject({
      finalRecipient: 'bob@example.org', originalRecipient: 'Bob@Example.org', action: 'failed', status: '5.1.1',
      remoteMta: 'mx.example.org', diagnosticType: 'SMTP',
      diagnosticCode: '550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown',
    });
    expect(report.recipients[1]).toMatchObject({ finalRecipient: 'carol@example.org', action: 'delayed', status: '4.4.1' });
  });

  it('splits recipients of a report that forgot the blank lines', () => {
    const report = parseDeliveryStatus('Final-Recipient: rfc822;a@example.org\nAction: failed\nStatus: 5.2.2\nFinal-Recipient: rfc822;b@example.org\nAction: failed\nStatus: 5.1.1\n');
    expect(report.recipients.map((r) => [r.finalRecipient, r.status])).toEqual([['a@example.org', '5.2.2'], ['b@example.org', '5.1.1']]);
  });

  it('keeps a Status comment that describes the failure, not one that repeats the class', () => {
    expect(statusComment('4.0.0 (example.net: host name lookup failure)')).toBe('example.net: host name lookup failure');
    expect(statusComment('5.0.0 (permanent failure)')).toBeNull();
    expect(statusComment('4.4.0 (other or undefined network or routing status)')).toBeNull();
    expect(statusComment('5.1.1')).toBeNull();
    const report = parseDeliveryStatus('Final-Recipient: rfc822;a@example.org\nAction: delayed\nStatus: 4.0.0 (example.org: host name lookup failure)\n');
    expect(report.recipients[0]?.extra['status-comment']).toBe('example.org: host name lookup failure');
  });

  it('returns no recipients for junk', () => {
    expect(parseDeliveryStatus('hello world\n\x00\x01').recipients).toEqual([]);
  });
});
