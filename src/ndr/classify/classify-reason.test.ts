import { describe, expect, it } from 'vitest';
import { classifyReason, type ClassifyInput } from './classify-reason.js';

/** A failed recipient with only the fields a test names. */
function failure(fields: Partial<ClassifyInput>): ClassifyInput {
  return {
    diagnosticCode: null, status: null, replyCode: null, remoteMta: null, recipient: 'bob@example.org',
    command: null, action: 'failed', ...fields,
  };
}

describe('classifyReason: a bare domain name that "does not exist"', () => {
  it('is hostunknown when the reply names a domain or host', () => {
    for (const text of ['553 example.org does not exist', '550 Host mx.example.org does not exist', '550 <example.org> does not exist']) {
      const result = classifyReason(failure({ diagnosticCode: text, replyCode: text.slice(0, 3) }));
      expect([text, result.reason, result.ruleId]).toEqual([text, 'hostunknown', 'hostunknown.named-domain-does-not-exist']);
    }
  });

  it('is not hostunknown when the name is an address or the sender\'s domain', () => {
    const address = classifyReason(failure({ diagnosticCode: '550 bob@example.org does not exist', replyCode: '550', command: 'RCPT' }));
    expect(address.reason).not.toBe('hostunknown');
    const sender = classifyReason(failure({ diagnosticCode: '553 Sender domain example.com does not exist', replyCode: '553' }));
    expect(sender.ruleId).not.toBe('hostunknown.named-domain-does-not-exist');
  });
});

describe('classifyReason: a generic security status', () => {
  it('after DATA is the receiver refusing the message (filtered)', () => {
    for (const status of ['5.7.0', '5.7.1']) {
      const result = classifyReason(failure({ diagnosticCode: `554 ${status} Transaction not completed`, status, replyCode: '554', command: 'DATA' }));
      expect([status, result.reason, result.ruleId]).toEqual([status, 'filtered', 'filtered.generic-security-status-after-data']);
    }
  });

  it('before DATA, or with a specific security code, stays a security error', () => {
    const atRcpt = classifyReason(failure({ diagnosticCode: '554 5.7.0 Transaction not completed', status: '5.7.0', replyCode: '554', command: 'RCPT' }));
    expect(atRcpt.reason).toBe('securityerror');
    const integrity = classifyReason(failure({ diagnosticCode: '554 5.7.5 Transaction not completed', status: '5.7.5', replyCode: '554', command: 'DATA' }));
    expect(integrity.reason).toBe('securityerror');
  });
});

describe('classifyReason: "user unknown" quoting an address', () => {
  it('is userunknown when the quoted address is the recipient', () => {
    const result = classifyReason(failure({ diagnosticCode: '550 <Bob@example.org>... User unknown', status: '5.0.0', replyCode: '550' }));
    expect(result.reason).toBe('userunknown');
  });

  it('is filtered when the quoted address is another one (the recipient itself was accepted)', () => {
    const result = classifyReason(failure({ diagnosticCode: '550 <bob.old@example.net>... User unknown', status: '5.0.0', replyCode: '550' }));
    expect([result.reason, result.ruleId]).toEqual(['filtered', 'filtered.user-unknown-not-at-rcpt']);
  });

  it('is userunknown at RCPT whatever address it quotes', () => {
    const result = classifyReason(failure({ diagnosticCode: '550 <bob.old@example.net>... User unknown', status: '5.0.0', replyCode: '550', command: 'RCPT' }));
    expect(result.reason).toBe('userunknown');
  });
});
