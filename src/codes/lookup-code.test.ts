import { describe, expect, it } from 'vitest';
import reference from '../ndr/kb/codes/exchange-online.json' with { type: 'json' };
import { allCodeEntries, lookupCodes } from './lookup-code.js';
import { ACTORS } from './types.js';
import { isReason } from '../ndr/classify/reasons.js';

describe('code knowledge', () => {
  it('has an entry for every Exchange Online meaning and every registry code', () => {
    const entries = allCodeEntries();
    expect(entries.filter((e) => e.family === 'exchange-online')).toHaveLength(110);
    expect(entries.filter((e) => e.family === 'enhanced-status' && e.code && !e.code.endsWith('*'))).toHaveLength(81);
    for (const e of entries) {
      expect(isReason(e.reason), e.id).toBe(true);
      expect(ACTORS, e.id).toContain(e.actor);
      expect(e.title && e.cause && e.source, e.id).toBeTruthy();
      expect(e.userSteps.length + e.adminSteps.length, e.id).toBeGreaterThan(0);
    }
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    expect((reference as { entries: unknown[] }).entries).toHaveLength(110);
  });

  it('finds every example of an Exchange Online entry by its own text', () => {
    for (const entry of allCodeEntries().filter((e) => e.family === 'exchange-online')) {
      for (const example of entry.examples) {
        expect(lookupCodes(example).map((e) => e.id), example).toContain(entry.id);
      }
    }
  });

  it('looks up a code, a reply line, a range and a code inside a range', () => {
    expect(lookupCodes('5.7.23')[0]?.code).toBe('5.7.23');
    expect(lookupCodes('550 5.7.23')[0]?.code).toBe('5.7.23');
    const range = lookupCodes('5.7.606-649');
    expect(range[0]?.code).toBe('5.7.606');
    expect(range[0]?.codeTo).toBe('5.7.649');
    expect(lookupCodes('5.7.620').map((e) => e.id)).toContain(range[0]?.id);
  });

  it('returns every meaning of a code with several, and one when the text decides', () => {
    const all = lookupCodes('5.7.1').filter((e) => e.family === 'exchange-online');
    expect(all.length).toBeGreaterThanOrEqual(5);
    const relay = lookupCodes('550 5.7.1 Unable to relay').filter((e) => e.family === 'exchange-online');
    expect(relay).toHaveLength(1);
    expect(relay[0]?.title.toLowerCase()).toContain('relay');
  });

  it('falls back to the registry for codes Exchange does not use, and finds nothing for nonsense', () => {
    expect(lookupCodes('5.3.999')[0]?.code).toBe('X.3.*');
    expect(lookupCodes('hello world')).toEqual([]);
    expect(lookupCodes('')).toEqual([]);
  });
});
