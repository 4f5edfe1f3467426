/**
 * The project's own NDR fixtures: every fixture's report matches the fields its .expect.json
 * lists, and the same message with CRLF or bare-CR line ends gives the same answers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeBounce } from '../../src/ndr/analyze-bounce.js';
import { compareListed, listFixtures } from '../helpers/fixtures.js';

const fixtures = listFixtures();

describe('own NDR fixtures', () => {
  it('exist', () => {
    expect(fixtures.length).toBeGreaterThan(10);
  });
  for (const fixture of fixtures) {
    it(`${fixture.family}/${fixture.name}`, () => {
      const bytes = readFileSync(fixture.path);
      const report = analyzeBounce(bytes);
      expect(compareListed(fixture.expect, report)).toEqual([]);
      const lf = bytes.toString('latin1').replace(/\r\n?/g, '\n');
      for (const ending of ['\r\n', '\r']) {
        const variant = analyzeBounce(Buffer.from(lf.replace(/\n/g, ending), 'latin1'));
        expect(compareListed(fixture.expect, variant), `line ends ${JSON.stringify(ending)}`).toEqual([]);
      }
    });
  }
});
