import { describe, expect, it } from 'vitest';
import { parseHeaderBlock } from '../../mime/header-lines.js';
import { evaluateFilterStamps } from './evaluate-filter-stamps.js';
import { parseStampPairs } from './parse-stamp-pairs.js';
import { parseSpamAssassinStatus } from './spamassassin.js';

describe('parseSpamAssassinStatus', () => {
  it('reads verdict, score, required score and the folded test list', () => {
    expect(parseSpamAssassinStatus('Yes, score=8.2 required=5.0 tests=BAYES_99,BAYES_999, DKIM_INVALID,HTML_MESSAGE autolearn=no autolearn_force=no version=4.0.1'))
      .toMatchObject({ verdict: 'spam', score: 8.2, required: 5, tests: ['BAYES_99', 'BAYES_999', 'DKIM_INVALID', 'HTML_MESSAGE'] });
    expect(parseSpamAssassinStatus('No, score=-0.1 required=5.0 tests=none autolearn=ham version=3.4.6')).toMatchObject({ verdict: 'not-spam', score: -0.1, tests: [] });
    expect(parseSpamAssassinStatus('No, hits=1.2 required=5.0 tests=A')).toMatchObject({ score: 1.2 });
    expect(parseSpamAssassinStatus('garbage')).toEqual({ verdict: null, score: null, required: null, tests: [], pairs: [] });
  });
});

describe('parseStampPairs', () => {
  it('reads space-separated (Proofpoint) and semicolon-separated (Mimecast) pairs', () => {
    expect(parseStampPairs('rule=notspam policy=default score=0 loose')).toEqual([{ key: 'rule', value: 'notspam' }, { key: 'policy', value: 'default' }, { key: 'score', value: '0' }, { key: '', value: 'loose' }]);
    expect(parseStampPairs('Policy=Default Impersonation Protection Policy; Similar Internal Domain=false;')).toEqual([{ key: 'Policy', value: 'Default Impersonation Protection Policy' }, { key: 'Similar Internal Domain', value: 'false' }]);
  });
});

describe('evaluateFilterStamps', () => {
  it('groups stamps by vendor from kb/filter-stamps.json, topmost stamp first, and reports a spam verdict', () => {
    const { filters, findings } = evaluateFilterStamps(parseHeaderBlock([
      'X-Spam-Flag: YES', 'X-Spam-Score: 7.5', 'X-Proofpoint-Spam-Details: rule=notspam policy=default score=0',
      'X-Proofpoint-Something-New: a=1 b=2', 'X-Proofpoint-GUID: abc', 'X-Spam-Flag: NO',
    ].join('\n')));
    expect(filters.map((f) => [f.filter, f.verdict, f.score, f.stamps.map((s) => s.header)])).toEqual([
      ['spamassassin', 'spam', 7.5, ['x-spam-flag', 'x-spam-score']],
      ['proofpoint', null, null, ['x-proofpoint-spam-details', 'x-proofpoint-something-new', 'x-proofpoint-guid']],
    ]);
    expect(filters[1]?.stamps[1]?.pairs).toEqual([{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
    expect(findings.map((f) => [f.code, f.data?.['filter']])).toEqual([['filter.spam-verdict', 'SpamAssassin']]);
  });

  it('is empty without filter stamps', () => {
    expect(evaluateFilterStamps(parseHeaderBlock('From: a@contoso.com'))).toEqual({ filters: [], findings: [] });
  });
});
