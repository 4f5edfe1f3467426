import { describe, expect, it } from 'vitest';
import { classifyReason } from '../../ndr/classify/classify-reason.js';
import { isReason } from '../../ndr/classify/reasons.js';
import codes from './mapi-ndr-codes.json' with { type: 'json' };

describe('mapi-ndr-codes.json', () => {
  it('has one entry per value, with a MAPI constant name', () => {
    for (const table of [codes.reasonCodes, codes.diagCodes]) {
      expect(new Set(table.map((c) => c.value)).size).toBe(table.length);
      for (const entry of table) expect(entry.name).toMatch(/^MAPI_(?:REASON|DIAG)_[A-Z_]+$/);
    }
  });

  // The meanings are the Diagnostic-Code of a recipient with no SMTP reply: each must lead the
  // classifier to the reason the table names, and only there.
  it.each(codes.diagCodes.filter((c) => c.meaning !== null))('classifies the meaning of $name', (entry) => {
    const expected = 'reason' in entry ? entry.reason : 'onhold';
    expect(isReason(expected)).toBe(true);
    const result = classifyReason({
      diagnosticCode: entry.meaning, status: null, replyCode: null, remoteMta: null,
      recipient: 'bob@example.org', command: null, mta: 'rfc3464', action: 'failed',
    });
    expect(result.reason).toBe(expected);
  });
});
