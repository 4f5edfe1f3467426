import { describe, expect, it } from 'vitest';
import { classifyTraceFailure } from './classify-trace-failure.js';

describe('classifyTraceFailure', () => {
  it('reads a remote DMARC refusal as our authentication failure, with the registry meaning', () => {
    const c = classifyTraceFailure("550 5.7.26 Unauthenticated email from northwind.example is not accepted due to domain's DMARC policy");
    expect(c).toMatchObject({ statusCode: '5.7.26', replyCode: '550', reason: 'authfailure', authFailure: true, actor: 'sender-admin', microsoft: false });
    expect(c.code?.family).toBe('enhanced-status');
  });

  it("reads Exchange Online's own texts with Microsoft's meanings", () => {
    expect(classifyTraceFailure('550 4.4.7 QUEUE.Expired; message expired')).toMatchObject({ statusCode: '4.4.7', reason: 'expired', microsoft: true, actor: 'recipient-admin' });
    const dmarc = classifyTraceFailure('550 5.7.509 Access denied, sending domain example.com does not pass DMARC verification and has a DMARC policy of reject.');
    expect(dmarc).toMatchObject({ statusCode: '5.7.509', authFailure: true, microsoft: true });
    expect(dmarc.code?.id).toBe('exo-5.7.509-dmarc-reject');
  });

  it('counts SPF words in a 5.7.1 refusal as an authentication failure, and a blocklist refusal not', () => {
    expect(classifyTraceFailure('550 5.7.1 SPF check failed for northwind.example').authFailure).toBe(true);
    const blocked = classifyTraceFailure('550 5.7.1 Service unavailable; client host blocked using Spamhaus');
    expect(blocked).toMatchObject({ reason: 'blocked', authFailure: false });
  });

  it('gives a deferral nobody to act for yet, and explains with the recipient named', () => {
    const c = classifyTraceFailure('451 4.7.1 Greylisted, please try again later', { deferred: true, recipient: 'bob@woodgrove.example' });
    expect(c).toMatchObject({ statusCode: '4.7.1', actor: 'none', permanent: false });
    expect(c.explanation.summary).toContain('bob@woodgrove.example');
  });

  it('gives text without a code a reason from its words, or undefined', () => {
    expect(classifyTraceFailure('Mailbox full').statusCode).toBeNull();
    expect(classifyTraceFailure('').reason).toBe('undefined');
  });
});
