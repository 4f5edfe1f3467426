import { describe, expect, it } from 'vitest';
import { MAX_TRACE_FAILURE_TEXT_CHARS } from '../../core/limits.js';
import { HOUR_MS } from './summary-tables.js';
import { failureTextKey, hourRanges } from './update-trace-summaries.js';

describe('hourRanges', () => {
  it('joins touched hours that are close and keeps distant ones apart', () => {
    const h = (n: number): number => n * HOUR_MS;
    expect(hourRanges([h(5), h(1), h(2), h(2)])).toEqual([[h(1), h(6)]]);
    expect(hourRanges([h(0), h(100)])).toEqual([[h(0), h(1)], [h(100), h(101)]]);
    expect(hourRanges([])).toEqual([]);
  });
});

describe('failureTextKey', () => {
  it('keeps short texts and cuts long ones at the limit, counting code points as SQL SUBSTR does', () => {
    expect(failureTextKey('550 5.1.1 unknown')).toBe('550 5.1.1 unknown');
    expect(failureTextKey('x'.repeat(MAX_TRACE_FAILURE_TEXT_CHARS + 10))).toHaveLength(MAX_TRACE_FAILURE_TEXT_CHARS);
    const emoji = '📦'.repeat(MAX_TRACE_FAILURE_TEXT_CHARS + 1);
    expect(Array.from(failureTextKey(emoji))).toHaveLength(MAX_TRACE_FAILURE_TEXT_CHARS);
  });
});
