import { describe, expect, it } from 'vitest';
import { parseReceived } from './parse-received.js';

describe('parseReceived', () => {
  it('reads a Postfix hop: HELO, reverse name, IP, TLS version and cipher, id, for, date', () => {
    const r = parseReceived('from mail.fabrikam.com (mail.fabrikam.com [203.0.113.25]) (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519) by mx.contoso.com (Postfix) with ESMTPS id 4Z6QwN1Kc8z9sTq for <pat@contoso.com>; Tue,  4 Mar 2025 09:15:20 +0000 (UTC)');
    expect(r).toMatchObject({
      from: 'mail.fabrikam.com', helo: 'mail.fabrikam.com', reverseName: 'mail.fabrikam.com', reverseDns: 'shown', fromIp: '203.0.113.25',
      by: 'mx.contoso.com', protocol: 'ESMTPS', encrypted: true, tls: { version: 'TLS 1.3', cipher: 'TLS_AES_256_GCM_SHA384' },
      id: '4Z6QwN1Kc8z9sTq', for: 'pat@contoso.com', dateProblem: null,
    });
    expect(r.date?.iso).toBe('2025-03-04T09:15:20.000Z');
  });

  it('reads a Microsoft 365 hop: IP in parentheses, Microsoft SMTP Server, version=TLS1_2, via', () => {
    const r = parseReceived('from mail.lists.example.org (198.51.100.20) by BN2PEPF000044A9.mail.protection.outlook.com (10.167.243.154) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.8489.16 via Frontend Transport; Tue, 4 Mar 2025 09:15:25 +0000');
    expect(r).toMatchObject({
      helo: 'mail.lists.example.org', reverseDns: 'not-shown', fromIp: '198.51.100.20', byIp: '10.167.243.154',
      protocol: 'Microsoft SMTP Server', tls: { version: 'TLS 1.2', cipher: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384' }, id: '15.20.8489.16', via: 'Frontend Transport',
    });
  });

  it('tells Exchange without TLS, with "(TLS)", and MAPI submission apart', () => {
    expect(parseReceived('from smtp.fabrikam.com (192.0.2.45) by EDGE01.contoso.com (10.0.1.5) with Microsoft SMTP Server id 15.2.1544.14; Mon, 10 Mar 2025 10:12:02 +0100')).toMatchObject({ encrypted: false, tls: null });
    expect(parseReceived('from EX01 (10.0.0.11) by EX02 (10.0.0.12) with Microsoft SMTP Server (TLS) id 15.2.1544.14; Mon, 10 Mar 2025 11:47:30 +0100')).toMatchObject({ encrypted: true, tls: { version: null, cipher: null } });
    expect(parseReceived('from AM9PR04MB8765.eurprd04.prod.outlook.com ([fe80::1c2b:3d4e:5f60:7182]) by AM9PR04MB8765.eurprd04.prod.outlook.com ([fe80::1c2b:3d4e:5f60:7182%4]) with mapi id 15.20.8511.015; Thu, 6 Mar 2025 16:20:04 +0000')).toMatchObject({ protocol: 'mapi', encrypted: null, fromIp: 'fe80::1c2b:3d4e:5f60:7182' });
  });

  it('reads Exim (helo= in the comment, esmtps with TLS1.3 and cipher) and Gmail ("Google Transport Security", trailing dot)', () => {
    const exim = parseReceived('from [192.0.2.250] (helo=workstation) by vps-12.example.net with esmtpsa (TLS1.3) tls TLS_AES_256_GCM_SHA384 (Exim 4.96) (envelope-from <a@fabrikam.com>) id 1tu5Xy-000Abc-2Z for b@contoso.com; Mon, 17 Mar 2025 06:12:42 +0000');
    expect(exim).toMatchObject({ helo: 'workstation', reverseDns: 'missing', fromIp: '192.0.2.250', protocol: 'esmtpsa', authenticated: true, tls: { version: 'TLS 1.3', cipher: 'TLS_AES_256_GCM_SHA384' }, for: 'b@contoso.com' });
    const gmail = parseReceived('from mail-ed1-f41.example.net (mail-ed1-f41.example.net. [192.0.2.41]) by mx.google.com with SMTPS id a1si2 for <c@example.com> (Google Transport Security); Fri, 07 Mar 2025 03:41:09 -0800 (PST)');
    expect(gmail).toMatchObject({ reverseName: 'mail-ed1-f41.example.net', fromIp: '192.0.2.41', encrypted: true, for: 'c@example.com' });
  });

  it('reads Sendmail "(may be forged)", qmail, and "unknown" reverse names', () => {
    expect(parseReceived('from mail.fabrikam.com (host.dsl.example.org [203.0.113.9] (may be forged)) by relay.example.net (8.15.2/8.15.2) with ESMTP id 52D1 (version=TLSv1 cipher=ECDHE-RSA-AES256-SHA bits=256 verify=NO); Thu, 13 Mar 2025 10:05:07 GMT'))
      .toMatchObject({ mayBeForged: true, reverseName: 'host.dsl.example.org', tls: { version: 'TLS 1' } });
    expect(parseReceived('from unknown (HELO mail.example.net) (192.0.2.8) by mx.contoso.com with SMTP; 15 Mar 2025 08:00:04 -0000'))
      .toMatchObject({ helo: 'mail.example.net', reverseDns: 'missing', fromIp: '192.0.2.8', encrypted: false });
    expect(parseReceived('from mail.fabrikam.com (unknown [198.51.100.7]) by mx.example.com (Postfix) with ESMTP id 1; Tue, 11 Mar 2025 08:30:12 +0000'))
      .toMatchObject({ helo: 'mail.fabrikam.com', reverseDns: 'missing', reverseName: null });
  });

  it('reads hops without from, without a date, with an unreadable date or with the date after no semicolon', () => {
    expect(parseReceived('by 2001:db8:7010::7 with SMTP id k15csp; Fri, 7 Mar 2025 03:41:09 -0800 (PST)')).toMatchObject({ from: null, by: '2001:db8:7010::7', byIp: '2001:db8:7010::7', encrypted: false });
    expect(parseReceived('(qmail 31337 invoked by uid 89); 15 Mar 2025 08:00:04 -0000')).toMatchObject({ from: null, by: null, comments: ['qmail 31337 invoked by uid 89'], dateProblem: null });
    expect(parseReceived('from a (10.0.0.5) by b (10.0.0.10) with SMTP id 77')).toMatchObject({ dateProblem: 'missing', date: null });
    expect(parseReceived('from a by b; sometime yesterday')).toMatchObject({ dateProblem: 'unparseable', dateText: 'sometime yesterday' });
    const noSemi = parseReceived('from a (10.0.0.2) by b (10.0.0.3) with ESMTP id 3 Fri, 14 Mar 2025 10:00:07 +0000');
    expect(noSemi).toMatchObject({ id: '3', dateProblem: null });
    expect(noSemi.date?.oddities).toContain('no-semicolon');
  });

  it('keeps what it can of cut lines, never throwing', () => {
    expect(parseReceived('from mail.fabrikam.com (mail.fabrikam.com [203.0.113')).toMatchObject({ from: 'mail.fabrikam.com', fromIp: null, by: null, dateProblem: 'missing' });
    for (const junk of ['', '(((((', ';;;', 'from', 'by by by by', ')'.repeat(1000), '('.repeat(100_000), 'from [IPv6:2001:db8::1] by x; 1 Jan 2025 00:00:00 +0000']) {
      expect(() => parseReceived(junk)).not.toThrow();
    }
    expect(parseReceived('from [IPv6:2001:db8::1] by x; 1 Jan 2025 00:00:00 +0000').fromIp).toBe('2001:db8::1');
  });
});

describe('parseReceived whitespace', () => {
  it('treats every whitespace character (form feed, vertical tab, NBSP) as a separator and always advances', () => {
    const r = parseReceived('from a.contoso.com (10.0.0.12) by b.contoso.com with SMTP id 15.2.\f544.14\u000b\u00a0x; Mon, 10 Mar 2025 11:47:31 +0100');
    expect(r).toMatchObject({ by: 'b.contoso.com', id: '15.2', dateProblem: null });
  });
});
