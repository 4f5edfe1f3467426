import { describe, expect, it } from 'vitest';
import { decodeHeaderValue } from './decode-words.js';
import { header, parseStructuredValue } from './header-lines.js';
import { entityText, parseMessage, splitMultipart } from './parse-message.js';

describe('RFC 2047 encoded words', () => {
  it('decodes B and Q words and drops the space between adjacent words', () => {
    expect(decodeHeaderValue('=?UTF-8?B?44Gr44KD44KT44GT?=')).toBe('にゃんこ');
    expect(decodeHeaderValue('=?ISO-8859-1?Q?Non_remis_:_caf=E9?= =?ISO-8859-1?Q?_cr=E8me?=')).toBe('Non remis : café crème');
    expect(decodeHeaderValue('Undeliverable: =?utf-8?q?N=C3=A3o?= entregue')).toBe('Undeliverable: Não entregue');
  });

  it('joins multi-byte characters split across words', () => {
    // "配信不能" in UTF-8, split in the middle of a character.
    expect(decodeHeaderValue('=?UTF-8?B?6YWN5L+h?= =?UTF-8?B?5LiN6IO9?=')).toBe('配信不能');
  });

  it('decodes ISO-2022-JP words and tolerates unknown charsets', () => {
    expect(decodeHeaderValue('=?ISO-2022-JP?B?GyRCR1s/LklURz0bKEI=?=')).toBe('配信不能');
    expect(decodeHeaderValue('=?x-unknown-charset?Q?abc?=')).toBe('abc');
  });
});

describe('structured header values', () => {
  it('parses quoted parameters and RFC 2231 continuations', () => {
    const v = parseStructuredValue('multipart/report; report-type=delivery-status;\tboundary="a;b=c"');
    expect(v.value).toBe('multipart/report');
    expect(v.params).toEqual({ 'report-type': 'delivery-status', boundary: 'a;b=c' });
    expect(parseStructuredValue("attachment; filename*0*=utf-8''caf%C3%A9; filename*1=.eml").params['filename']).toBe('café.eml');
  });
});

describe('parseMessage', () => {
  const message = [
    'From: MAILER-DAEMON@example.net',
    'Subject: Undelivered Mail',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="XX"',
    '',
    'preamble',
    '--XX',
    'Content-Type: text/plain; charset=iso-8859-1',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Caf=E9 mail could not be delivered.',
    '--XX',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    '',
    'Final-Recipient: rfc822; bob@example.org',
    'Action: failed',
    'Status: 5.1.1',
    '--XX',
    'Content-Type: message/rfc822',
    '',
    'From: alice@example.com',
    'Subject: hello',
    '',
    'body',
    '--XX--',
    '',
  ].join('\n');

  for (const [name, ending] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']] as const) {
    it(`walks the MIME tree with ${name} line ends`, () => {
      const parsed = parseMessage(message.replace(/\n/g, ending));
      expect(parsed.hasHeaders).toBe(true);
      expect(header(parsed.root.headers, 'subject')).toBe('Undelivered Mail');
      const [text, dsn, rfc822] = parsed.root.children;
      expect(parsed.root.children).toHaveLength(3);
      expect(entityText(text!)).toContain('Café mail');
      expect(entityText(dsn!)).toContain('Status: 5.1.1');
      expect(header(rfc822!.embedded!.headers, 'subject')).toBe('hello');
    });
  }

  it('treats text without headers as pasted text', () => {
    const parsed = parseMessage('Delivery has failed to these recipients or groups:\n\nbob@example.org\n');
    expect(parsed.hasHeaders).toBe(false);
    expect(parsed.root.rawBody).toContain('bob@example.org');
  });

  it('stops at the nesting and part limits instead of recursing without end', () => {
    let nested = 'body\n';
    for (let i = 0; i < 40; i++) nested = `Content-Type: multipart/mixed; boundary="b${i}"\n\n--b${i}\n${nested}\n--b${i}--\n`;
    const parsed = parseMessage(`From: a@example.com\n${nested}`);
    expect(parsed.notes.map((n) => n.code)).toContain('input.mime-too-deep');
  });

  it('does not split on a boundary that only starts a longer line', () => {
    expect(splitMultipart('--b\n\none\n--bb not a delimiter\n--b\n\ntwo\n--b--\n', 'b')).toEqual(['\none\n--bb not a delimiter', '\ntwo']);
  });
});
