import { describe, expect, it } from 'vitest';
import { MAX_RECEIVED_HOPS } from '../core/limits.js';
import { parseHeaderBlock } from '../mime/header-lines.js';
import { buildReceivedChain, formatDuration } from './received-chain.js';

const hop = (from: string, ip: string, by: string, date: string, extra = 'with ESMTPS'): string => `Received: from ${from} (${from} [${ip}]) by ${by} ${extra} id x; ${date}`;

describe('buildReceivedChain', () => {
  it('puts hops in transit order (the bottom header is hop 1) with delays in seconds and the total', () => {
    const chain = buildReceivedChain(parseHeaderBlock([
      hop('b.contoso.com', '10.0.0.2', 'c.contoso.com', 'Mon, 3 Mar 2025 10:00:30 +0000'),
      hop('a.contoso.com', '10.0.0.1', 'b.contoso.com', 'Mon, 3 Mar 2025 11:00:10 +0100'),
      'Subject: x',
      hop('mail.fabrikam.com', '203.0.113.5', 'a.contoso.com', 'Mon, 3 Mar 2025 10:00:00 +0000'),
    ].join('\n')));
    expect(chain.route.hops.map((h) => [h.hop, h.by, h.delaySeconds, h.headerIndex])).toEqual([
      [1, 'a.contoso.com', null, 3], [2, 'b.contoso.com', 10, 1], [3, 'c.contoso.com', 20, 0],
    ]);
    expect(chain.route.totalSeconds).toBe(30);
    expect(chain.route.boundaryHop).toBe(1);
    expect(chain.route.hops.map((h) => h.external)).toEqual([true, false, false]);
    expect(chain.findings).toEqual([]);
  });

  it('measures a delay across an undated hop from the nearest dated one, and flags the undated hop', () => {
    const chain = buildReceivedChain(parseHeaderBlock([
      hop('b.contoso.com', '10.0.0.2', 'c.contoso.com', 'Mon, 3 Mar 2025 10:00:30 +0000'),
      'Received: from a.contoso.com (10.0.0.1) by b.contoso.com with SMTP id 7',
      hop('x.contoso.com', '10.0.0.9', 'a.contoso.com', 'Mon, 3 Mar 2025 10:00:00 +0000'),
    ].join('\n')));
    expect(chain.route.hops.map((h) => h.delaySeconds)).toEqual([null, null, 30]);
    expect(chain.findings.map((f) => [f.code, f.data?.['hops']])).toEqual([['route.date-missing', [2]]]);
  });

  it('reports a hop slower than an hour but not one of exactly an hour, and clock skew beyond 60 seconds only', () => {
    const slow = (seconds: number): string[] => buildReceivedChain(parseHeaderBlock([
      hop('a.contoso.com', '10.0.0.1', 'b.contoso.com', new Date(Date.UTC(2025, 2, 3, 10) + seconds * 1000).toUTCString()),
      hop('x.contoso.com', '10.0.0.9', 'a.contoso.com', new Date(Date.UTC(2025, 2, 3, 10)).toUTCString()),
    ].join('\n'))).findings.map((f) => f.code);
    expect(slow(3600)).toEqual([]);
    expect(slow(3601)).toEqual(['route.slow-hop']);
    expect(slow(-60)).toEqual([]);
    expect(slow(-61)).toEqual(['route.clock-skew']);
  });

  it('checks PTR and TLS on hops between organisations only, and not PTR on authenticated submission', () => {
    const codes = (line: string): string[] => buildReceivedChain(parseHeaderBlock(line)).findings.map((f) => f.code);
    expect(codes('Received: from mail.fabrikam.com (unknown [203.0.113.5]) by mx.contoso.com with ESMTP id 1; Mon, 3 Mar 2025 10:00:00 +0000')).toEqual(['route.ptr-missing', 'route.tls-missing']);
    expect(codes('Received: from app.contoso.com (unknown [10.0.0.5]) by mx.contoso.com with ESMTP id 1; Mon, 3 Mar 2025 10:00:00 +0000')).toEqual([]);
    expect(codes('Received: from laptop (unknown [198.51.100.9]) by mail.contoso.com with ESMTPSA id 1; Mon, 3 Mar 2025 10:00:00 +0000')).toEqual([]);
    expect(codes('Received: from mail.fabrikam.com (smtp.example.org [203.0.113.5]) by mx.contoso.com with ESMTPS id 1; Mon, 3 Mar 2025 10:00:00 +0000')).toEqual(['route.ptr-mismatch']);
    // One operator's servers under two domains (Microsoft 365) are one organisation.
    expect(buildReceivedChain(parseHeaderBlock('Received: from BN2PEPF0001.namprd04.prod.outlook.com (2001:db8::5d) by BN9PR03CA0123.outlook.office365.com (2001:db8::2c) with Microsoft SMTP Server id 15.20.1; Tue, 4 Mar 2025 09:15:26 +0000')).route.hops[0]?.external).toBe(false);
  });

  it('keeps the MAX_RECEIVED_HOPS hops nearest the recipient, with a note', () => {
    const lines = Array.from({ length: MAX_RECEIVED_HOPS + 5 }, (_, i) => `Received: from r${i}.contoso.com (10.0.0.1) by r${i + 1}.contoso.com with ESMTP id ${i}; Mon, 3 Mar 2025 10:00:00 +0000`);
    const chain = buildReceivedChain(parseHeaderBlock(lines.join('\n')));
    expect(chain.route.hops).toHaveLength(MAX_RECEIVED_HOPS);
    expect(chain.route.hops.at(-1)?.by).toBe('r1.contoso.com');
    expect(chain.notes.map((n) => n.code)).toEqual(['headers.too-many-hops']);
  });

  it('formats durations', () => {
    expect([formatDuration(0), formatDuration(45), formatDuration(-3), formatDuration(125), formatDuration(5727), formatDuration(90061)]).toEqual(['0s', '45s', '-3s', '2m 05s', '1h 35m 27s', '1d 01h 01m']);
  });
});
