import { describe, expect, it } from 'vitest';
import { editDistance } from './edit-distance.js';

describe('editDistance (optimal string alignment, bounded)', () => {
  it('counts one edit for each insertion, deletion, substitution and adjacent transposition', () => {
    expect(editDistance('gmail.com', 'gmail.com', 2)).toBe(0);
    expect(editDistance('gmial.com', 'gmail.com', 2)).toBe(1);
    expect(editDistance('gamil.com', 'gmail.com', 2)).toBe(1);
    expect(editDistance('outlok.com', 'outlook.com', 2)).toBe(1);
    expect(editDistance('yahooo.com', 'yahoo.com', 2)).toBe(1);
    expect(editDistance('hotmail.con', 'hotmail.com', 2)).toBe(1);
    expect(editDistance('hotmial.con', 'hotmail.com', 2)).toBe(2);
    expect(editDistance('', 'abc', 5)).toBe(3);
  });

  it('never edits a substring twice (ca -> abc is 3, not the unrestricted 2)', () => {
    expect(editDistance('ca', 'abc', 5)).toBe(3);
  });

  it('stops at the bound', () => {
    expect(editDistance('example.org', 'gmail.com', 2)).toBe(3);
    expect(editDistance('a'.repeat(300), 'b'.repeat(300), 2)).toBe(3);
    expect(editDistance('abcdef', 'abc', 2)).toBe(3);
  });

  it('is symmetric', () => {
    for (const [a, b] of [['gmial.com', 'gmail.com'], ['outlok.com', 'outlook.com'], ['ab', 'ba'], ['kitten', 'sitting']] as const) {
      expect(editDistance(a, b, 5)).toBe(editDistance(b, a, 5));
    }
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
  });
});
