import { describe, expect, it } from 'vitest';
import { parseHeaderBlock } from '../mime/header-lines.js';
import { parseArcAuthenticationResults, parseArcChain, parseArcSeal } from './parse-arc.js';
import { parseDkimSignature } from './parse-dkim-signature.js';

const SET = (i: number, cv: string, d = 'example.org'): string => [
  `ARC-Seal: i=${i}; a=rsa-sha256; t=1741079724; cv=${cv}; d=${d}; s=arc; b=AAAA`,
  `ARC-Message-Signature: i=${i}; a=rsa-sha256; c=relaxed/relaxed; d=${d}; s=arc; h=from:to:subject; bh=BBBB; b=CCCC`,
  `ARC-Authentication-Results: i=${i}; mx.${d}; spf=pass smtp.mailfrom=fabrikam.com`,
].join('\n');

describe('ARC', () => {
  it('reads the tags of an ARC-Seal and the results of an ARC-Authentication-Results', () => {
    expect(parseArcSeal('i=2; a=rsa-sha256; t=1741347669; cv=pass;\n d=google.com; s=arc-20240605; b=QUJD\n REVG')).toMatchObject({ instance: 2, cv: 'pass', domain: 'google.com', selector: 'arc-20240605', timestamp: 1741347669, tags: { b: 'QUJDREVG' } });
    const aar = parseArcAuthenticationResults('i=1; mx.microsoft.com 1; spf=pass smtp.mailfrom=contoso.com; arc=none');
    expect(aar.instance).toBe(1);
    expect(aar.results).toMatchObject({ authservId: 'mx.microsoft.com', version: '1', results: [{ method: 'spf', result: 'pass' }, { method: 'arc', result: 'none' }] });
  });

  it('states a complete chain as pass, in instance order', () => {
    const chain = parseArcChain(parseHeaderBlock(`${SET(2, 'pass', 'example.net')}\n${SET(1, 'none')}`));
    expect(chain.status).toBe('pass');
    expect(chain.instances.map((i) => [i.instance, i.seal?.domain, i.seal?.cv])).toEqual([[1, 'example.org', 'none'], [2, 'example.net', 'pass']]);
  });

  it('states broken chains: a missing instance, cv=fail, a wrong cv, a missing header, duplicates, bad i=', () => {
    expect(parseArcChain(parseHeaderBlock(`${SET(3, 'pass')}\n${SET(1, 'none')}`)).problems).toEqual(['instance i=2 is missing']);
    expect(parseArcChain(parseHeaderBlock(`${SET(2, 'fail', 'example.net')}\n${SET(1, 'none')}`)).problems).toEqual(['the ARC-Seal of i=2 (example.net) says cv=fail']);
    expect(parseArcChain(parseHeaderBlock(SET(1, 'pass'))).problems).toEqual(['the ARC-Seal of i=1 has cv=pass instead of none']);
    expect(parseArcChain(parseHeaderBlock(SET(1, 'none').split('\n').slice(0, 2).join('\n'))).problems).toEqual(['instance i=1 has no ARC-Authentication-Results']);
    expect(parseArcChain(parseHeaderBlock(`${SET(1, 'none')}\n${SET(1, 'none')}`)).problems).toEqual(expect.arrayContaining(['ARC-Seal i=1 appears 2 times']));
    expect(parseArcChain(parseHeaderBlock('ARC-Seal: i=0; cv=none; d=example.org')).status).toBe('fail');
    expect(parseArcChain(parseHeaderBlock('ARC-Seal: cv=none; d=example.org')).problems[0]).toMatch(/no valid i= tag/);
    expect(parseArcChain(parseHeaderBlock('From: a@example.org'))).toEqual({ status: 'none', problems: [], instances: [] });
  });
});

describe('parseDkimSignature', () => {
  it('reads d=, s=, a=, h= and the other tags, folding removed', () => {
    const sig = parseDkimSignature('v=1; a=rsa-sha256; c=relaxed/relaxed; d=Contoso.com; s=selector1;\n h=From:Date:Subject:\n Message-ID; i=@contoso.com; t=1741347668; x=1741952468; l=200; bh=QUJD; b=REVG\n SElK');
    expect(sig).toMatchObject({ domain: 'contoso.com', selector: 'selector1', algorithm: 'rsa-sha256', signedHeaders: ['from', 'date', 'subject', 'message-id'], canonicalization: 'relaxed/relaxed', identity: '@contoso.com', timestamp: 1741347668, expiration: 1741952468, bodyLength: 200 });
    expect(sig.tags['b']).toBe('REVGSElK');
  });

  it('keeps nulls for missing or cut tags and ignores junk', () => {
    expect(parseDkimSignature('v=1; a=rsa-sha256; d=exam')).toMatchObject({ domain: 'exam', selector: null, signedHeaders: [], timestamp: null });
    expect(parseDkimSignature(';;=;==; ;t=abc')).toMatchObject({ domain: null, timestamp: null, tags: { t: 'abc' } });
  });
});
