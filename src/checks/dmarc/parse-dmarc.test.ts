import { describe, expect, it } from 'vitest';
import { isDmarcRecord, parseDmarc, parseDmarcUri } from './parse-dmarc.js';

const NAME = '_dmarc.example.com';
const problems = (record: string) => parseDmarc(record, NAME).problems.map((p) => [p.code, p.vars['tag'] ?? p.vars['reason']]);

describe('parseDmarc: tags of RFC 7489 section 6.3', () => {
  it('reads every tag of a full record', () => {
    const d = parseDmarc('v=DMARC1; p=quarantine; sp=reject; adkim=s; aspf=r; pct=50; rua=mailto:agg@example.com,mailto:dmarc@thirdparty.example!10m; ruf=mailto:fail@example.com; fo=1:d; rf=afrf; ri=3600', NAME);
    expect(d.problems).toEqual([]);
    expect(d).toMatchObject({ p: 'quarantine', sp: 'reject', adkim: 's', aspf: 'r', pct: 50, fo: ['1', 'd'], rf: ['afrf'], ri: 3600 });
    expect(d.rua.map((u) => [u.address, u.domain, u.maxSize, u.valid])).toEqual([
      ['agg@example.com', 'example.com', null, true],
      ['dmarc@thirdparty.example', 'thirdparty.example', '10m', true],
    ]);
  });

  it('defaults: adkim/aspf relaxed, pct 100, fo 0, ri 86400', () => {
    expect(parseDmarc('v=DMARC1; p=none', NAME)).toMatchObject({ p: 'none', sp: null, adkim: 'r', aspf: 'r', pct: 100, fo: ['0'], ri: 86400, rua: [] });
  });

  it('white space and a trailing semicolon are allowed; tag names and policy values are case-insensitive', () => {
    expect(parseDmarc('v=DMARC1 ;P = Reject ; ', NAME)).toMatchObject({ p: 'reject', problems: [] });
  });

  it('flags invalid values, unknown, duplicate and draft tags', () => {
    expect(problems('v=DMARC1; p=block')).toEqual([['dmarc.invalid-tag', 'p']]);
    expect(problems('v=DMARC1; p=none; sp=rejected')).toEqual([['dmarc.invalid-tag', 'sp']]);
    expect(problems('v=DMARC1; p=none; adkim=strict')).toEqual([['dmarc.invalid-tag', 'adkim']]);
    expect(problems('v=DMARC1; p=none; pct=150')).toEqual([['dmarc.invalid-tag', 'pct']]);
    expect(problems('v=DMARC1; p=none; fo=2')).toEqual([['dmarc.invalid-tag', 'fo']]);
    expect(problems('v=DMARC1; p=none; rua=dmarc@example.com')).toEqual([['dmarc.report-uri-invalid', 'rua']]);
    expect(problems('v=DMARC1; p=none; p=reject')).toEqual([['dmarc.duplicate-tag', 'p']]);
    expect(problems('v=DMARC1; p=none; foo=bar')).toEqual([['dmarc.unknown-tag', 'foo']]);
    expect(problems('v=DMARC1; p=reject; np=reject')).toEqual([['dmarc.draft-tag', 'np']]);
    expect(problems('v=DMARC1; p=none; junk')).toEqual([['dmarc.syntax-error', '"junk" is not tag=value']]);
    expect(problems('p=none; v=DMARC1')[0]?.[0]).toBe('dmarc.syntax-error');
  });

  it('a missing p= leaves p null', () => {
    expect(parseDmarc('v=DMARC1; rua=mailto:a@example.com', NAME).p).toBeNull();
  });

  it('record selection: v=DMARC1 first, the value exact', () => {
    expect(isDmarcRecord('v=DMARC1; p=none')).toBe(true);
    expect(isDmarcRecord('v=DMARC1')).toBe(true);
    expect(isDmarcRecord('v = DMARC1;p=none')).toBe(true);
    expect(isDmarcRecord('v=dmarc1; p=none')).toBe(false);
    expect(isDmarcRecord('v=DMARC10; p=none')).toBe(false);
    expect(isDmarcRecord('p=none; v=DMARC1')).toBe(false);
    expect(isDmarcRecord('v=spf1 -all')).toBe(false);
  });

  it('report URIs: mailto with size, encoded characters, other schemes', () => {
    expect(parseDmarcUri('mailto:dmarc%2Breports@example.com!50k')).toMatchObject({ address: 'dmarc+reports@example.com', maxSize: '50k', valid: true });
    expect(parseDmarcUri('https://reports.example.com/dmarc')).toMatchObject({ scheme: 'https', valid: true });
    expect(parseDmarcUri('mailto:nobody')).toMatchObject({ valid: false });
  });
});
