/**
 * The header fixtures (test/fixtures/headers/<name>.eml|.txt with <name>.expect.json): each
 * expect file lists the fields it checks (compared as listed, arrays by length and order),
 * the exact finding codes and the exact note codes. Every fixture is also run with CRLF and
 * bare-CR line ends. Then: every code of kb/findings.json is produced by the fixture it names.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_HEADER_VALUE_CHARS } from '../core/limits.js';
import { parseHeaderBlock } from '../mime/header-lines.js';
import { compareListed } from '../../test/helpers/fixtures.js';
import { analyzeHeaders, analyzeMessageHeaders } from './analyze-headers.js';
import { findingDefinitions, HEADER_FINDING_CODES } from './findings.js';
import type { HeaderReport } from './types.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'headers');

interface Expectation {
  report: Record<string, unknown>;
  findingCodes: string[];
  noteCodes: string[];
}

const fixtures = readdirSync(FIXTURES).filter((n) => /\.(?:eml|txt)$/.test(n)).sort();

function load(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

function codes(report: HeaderReport): { findings: string[]; notes: string[] } {
  return { findings: report.findings.map((f) => f.code).sort(), notes: report.notes.map((n) => n.code).sort() };
}

describe('header fixtures', () => {
  it('has an expect file for every fixture, and a fixture for every expect file', () => {
    const expects = readdirSync(FIXTURES).filter((n) => n.endsWith('.expect.json')).map((n) => n.replace('.expect.json', '')).sort();
    expect(fixtures.map((n) => n.replace(/\.(?:eml|txt)$/, ''))).toEqual(expects);
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of fixtures) {
    it(`${name}: listed fields, hops in transit order, delays and finding codes`, () => {
      const expectPath = join(FIXTURES, name.replace(/\.(?:eml|txt)$/, '.expect.json'));
      expect(existsSync(expectPath)).toBe(true);
      const expected = JSON.parse(readFileSync(expectPath, 'utf8')) as Expectation;
      const report = analyzeMessageHeaders(load(name));
      expect(compareListed(expected.report, report)).toEqual([]);
      expect(codes(report)).toEqual({ findings: expected.findingCodes, notes: expected.noteCodes });
      // Messages are rendered: no template placeholder is left unfilled.
      for (const f of [...report.findings, ...report.notes]) expect(f.message).not.toMatch(/\{[A-Za-z]+\}|\?\)/);
      // The whole report is plain data.
      expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    });

    it(`${name}: the same with CRLF and with bare CR line ends`, () => {
      const lf = analyzeMessageHeaders(load(name));
      const text = load(name).toString('latin1');
      for (const variant of [text.replace(/\n/g, '\r\n'), text.replace(/\n/g, '\r')]) {
        const other = analyzeMessageHeaders(Buffer.from(variant, 'latin1'));
        expect(codes(other)).toEqual(codes(lf));
        expect(other.route.hops.map((h) => [h.by, h.delaySeconds])).toEqual(lf.route.hops.map((h) => [h.by, h.delaySeconds]));
      }
    });
  }
});

describe('kb/findings.json', () => {
  const definitions = findingDefinitions();

  it('defines every code once, with a message, a reference and a fix for findings', () => {
    expect(definitions.map((d) => d.code).sort()).toEqual([...HEADER_FINDING_CODES].sort());
    for (const d of definitions) {
      expect(d.code).toMatch(/^(?:route|auth|microsoft|filter|headers)\.[a-z0-9-]+$/);
      expect(d.message.length).toBeGreaterThan(20);
      expect(d.ref).toBeTruthy();
      if (d.kind === 'finding') expect(d.fix.length).toBeGreaterThan(10);
    }
  });

  for (const d of findingDefinitions().filter((x) => x.fixture !== null)) {
    it(`${d.code} is produced by its fixture ${d.fixture}`, () => {
      const report = analyzeMessageHeaders(load(d.fixture as string));
      const found = [...report.findings, ...report.notes].find((f) => f.code === d.code);
      expect(found, `${d.fixture} does not produce ${d.code}`).toBeDefined();
      expect(found?.severity).toBe(d.severity);
    });
  }

  it('headers.value-cut (no fixture: it needs a value over MAX_HEADER_VALUE_CHARS) is produced by an overlong value', () => {
    const report = analyzeHeaders([{ name: 'subject', value: 'x'.repeat(MAX_HEADER_VALUE_CHARS + 10) }, { name: 'from', value: 'a@contoso.com' }]);
    expect(report.notes.map((n) => n.code)).toContain('headers.value-cut');
    expect(report.message.subject).toHaveLength(MAX_HEADER_VALUE_CHARS);
  });

  it('every code without a fixture is covered by a named test above', () => {
    expect(definitions.filter((d) => d.fixture === null).map((d) => d.code)).toEqual(['headers.value-cut']);
  });
});

describe('analyzeHeaders', () => {
  it('analyses a parsed header block, as the bounce analysis passes the returned original', () => {
    const fields = parseHeaderBlock(load('m365-inbound-junk.eml').toString('latin1').split('\n\n')[0] as string);
    const report = analyzeHeaders(fields);
    expect(report.source).toBe('message');
    expect(report.route.hops.map((h) => h.by)).toEqual([
      'AM4PEPF00027A5F.mail.protection.outlook.com', 'AS8PR04CA0011.outlook.office365.com', 'DB9PR04MB8123.eurprd04.prod.outlook.com',
    ]);
    expect(report.findings.map((f) => f.code)).toContain('microsoft.compauth-fail');
  });

  it('lists findings by severity, errors first', () => {
    const report = analyzeMessageHeaders(load('m365-inbound-junk.eml'));
    const ranks = report.findings.map((f) => ({ error: 0, warning: 1, info: 2 })[f.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('gives an unreadable report with a note for an empty block, never throwing', () => {
    const report = analyzeHeaders([]);
    expect(report.readable).toBe(false);
    expect(report.source).toBe('none');
    expect(report.notes.map((n) => n.code)).toEqual(['headers.not-found']);
  });

  it('analyses the outer message of a bounce with outer: true', () => {
    const report = analyzeMessageHeaders(load('bounce-rfc822.eml'), { outer: true });
    expect(report.source).toBe('message');
    expect(report.message.subject).toBe('Undelivered Mail Returned to Sender');
    expect(report.notes).toEqual([]);
  });

  it('keeps the input-size note of the MIME reader', () => {
    const report = analyzeMessageHeaders(load('gmail-inbound.eml'), { maxBytes: 600 });
    expect(report.notes.map((n) => n.code)).toContain('input.truncated');
  });
});
