import { describe, expect, it } from 'vitest';
import { findReplyAndStatus, isPermanentClass, normalizeStatus } from './smtp-status.js';

describe('smtp-status', () => {
  it('normalises enhanced status codes and rejects others', () => {
    expect(normalizeStatus('5.01.001')).toBe('5.1.1');
    expect(normalizeStatus(' 4.4.7 ')).toBe('4.4.7');
    expect(normalizeStatus('3.1.1')).toBeNull();
    expect(normalizeStatus('5.1')).toBeNull();
    expect(normalizeStatus(null)).toBeNull();
  });

  it('finds the reply code and status at the start of a reply', () => {
    expect(findReplyAndStatus('550 5.1.1 <bob@example.com>: User unknown')).toEqual({ replyCode: '550', status: '5.1.1' });
    expect(findReplyAndStatus('550-5.7.1 [192.0.2.1] blocked')).toEqual({ replyCode: '550', status: '5.7.1' });
    expect(findReplyAndStatus('#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##')).toEqual({ replyCode: '550', status: '5.1.1' });
  });

  it('does not take IP address octets or version numbers for status codes', () => {
    expect(findReplyAndStatus('host 192.0.2.5 refused the connection').status).toBeNull();
    expect(findReplyAndStatus('Microsoft SMTP Server id 15.0.918.8').status).toBeNull();
  });

  it('tells permanent from transient classes', () => {
    expect(isPermanentClass('5.2.2')).toBe(true);
    expect(isPermanentClass('4.4.7')).toBe(false);
    expect(isPermanentClass('450')).toBe(false);
    expect(isPermanentClass(null)).toBeNull();
  });
});
