import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import CFB from 'cfb';
import { describe, expect, it } from 'vitest';
import { analyzeBounce } from '../../ndr/analyze-bounce.js';
import { buildOutlookMsg, type MsgObject, type MsgProperty } from '../../../test/helpers/build-outlook-msg.js';
import { runCliCaptured } from '../../../test/helpers/run-cli.js';
import { msgToMime } from './msg-to-mime.js';
import { isOutlookMsg, readOutlookMsg } from './read-outlook-msg.js';

// Property tags (id << 16 | type): ids from [MS-OXPROPS], types PtypString 0x001F and
// PtypInteger32 0x0003 from [MS-OXCDATA] 2.11.1.
const messageClass = (value: string): MsgProperty => ({ tag: 0x001a001f, value }); // PidTagMessageClass 0x001A, [MS-OXCMSG]
const subject = (value: string): MsgProperty => ({ tag: 0x0037001f, value }); // PidTagSubject 0x0037, [MS-OXCMSG]
const transportHeaders = (value: string): MsgProperty => ({ tag: 0x007d001f, value }); // PidTagTransportMessageHeaders 0x007D, [MS-OXOMSG]
const body = (value: string): MsgProperty => ({ tag: 0x1000001f, value }); // PidTagBody 0x1000, [MS-OXCMSG]
const internetMessageId = (value: string): MsgProperty => ({ tag: 0x1035001f, value }); // PidTagInternetMessageId 0x1035, [MS-OXOMSG]
const senderName = (value: string): MsgProperty => ({ tag: 0x0c1a001f, value }); // PidTagSenderName 0x0C1A, [MS-OXOMSG]
const senderSmtpAddress = (value: string): MsgProperty => ({ tag: 0x5d01001f, value }); // PidTagSenderSmtpAddress 0x5D01, [MS-OXOMSG]
const originalSubject = (value: string): MsgProperty => ({ tag: 0x0049001f, value }); // PidTagOriginalSubject 0x0049, [MS-OXOMSG]
const displayName = (value: string): MsgProperty => ({ tag: 0x3001001f, value }); // PidTagDisplayName 0x3001, [MS-OXCDATA]/[MS-OXOABK]
const addressType = (value: string): MsgProperty => ({ tag: 0x3002001f, value }); // PidTagAddressType 0x3002, [MS-OXOMSG]
const emailAddress = (value: string): MsgProperty => ({ tag: 0x3003001f, value }); // PidTagEmailAddress 0x3003, [MS-OXOMSG]
const smtpAddress = (value: string): MsgProperty => ({ tag: 0x39fe001f, value }); // PidTagSmtpAddress 0x39FE, [MS-OXOABK]
const recipientType = (value: number): MsgProperty => ({ tag: 0x0c150003, value }); // PidTagRecipientType 0x0C15, [MS-OXOMSG] (1 = MAPI_TO)
const ndrReasonCode = (value: number): MsgProperty => ({ tag: 0x0c040003, value }); // PidTagNonDeliveryReportReasonCode 0x0C04, [MS-OXOMSG]
const ndrDiagCode = (value: number): MsgProperty => ({ tag: 0x0c050003, value }); // PidTagNonDeliveryReportDiagCode 0x0C05, [MS-OXOMSG]
const supplementaryInfo = (value: string): MsgProperty => ({ tag: 0x0c1b001f, value }); // PidTagSupplementaryInfo 0x0C1B, [MS-OXOMSG]
const ndrStatusCode = (value: number): MsgProperty => ({ tag: 0x0c200003, value }); // PidTagNonDeliveryReportStatusCode 0x0C20, [MS-OXOMSG]

const CRLF = '\r\n';

/** An Exchange Online NDR for an unknown recipient, as Outlook saves it. */
const EXO_NDR: MsgObject = {
  properties: [
    messageClass('REPORT.IPM.Note.NDR'),
    subject('Undeliverable: Quarterly figures'),
    transportHeaders([
      'Received: from AM0PR01MB1234.eurprd01.prod.outlook.com (2603:10a6:208:1::1) by',
      ' AM0PR01MB5678.eurprd01.prod.outlook.com with HTTPS; Tue, 3 Mar 2026 09:15:02 +0000',
      'MIME-Version: 1.0',
      'From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.onmicrosoft.com>',
      'To: <alice@example.com>',
      'Date: Tue, 3 Mar 2026 09:15:02 +0000',
      'Content-Type: multipart/report; report-type=delivery-status;',
      '\tboundary="b1_ndr"',
      'Subject: Undeliverable: Quarterly figures',
      'Message-ID: <0f1e2d3c-ndr@AM0PR01MB1234.eurprd01.prod.outlook.com>',
      'X-MS-Exchange-Message-Is-Ndr:',
      '', '',
    ].join(CRLF)),
    body([
      "Your message to bob@example.org couldn't be delivered.",
      "bob wasn't found at example.org.",
      '',
      'Diagnostic information for administrators:',
      'Generating server: AM0PR01MB1234.eurprd01.prod.outlook.com',
      'bob@example.org',
      "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'",
    ].join(CRLF)),
  ],
  recipients: [[
    recipientType(1),
    displayName('bob@example.org'),
    addressType('SMTP'),
    emailAddress('bob@example.org'),
    smtpAddress('bob@example.org'),
    ndrReasonCode(1),
    ndrDiagCode(0),
    supplementaryInfo("Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'"),
  ]],
  embedded: [{
    // The sender's copy of the original: properties only, no transport headers.
    properties: [
      messageClass('IPM.Note'),
      subject('Quarterly figures'),
      internetMessageId('<AM0PR01MB1234QUARTERLY@AM0PR01MB1234.eurprd01.prod.outlook.com>'),
      senderName('Alice'),
      senderSmtpAddress('alice@example.com'),
    ],
  }],
};

/** An NDR with two failed recipients: one full mailbox, one with only a MAPI diagnostic code. */
const TWO_RECIPIENTS: MsgObject = {
  properties: [
    messageClass('REPORT.IPM.Note.NDR'),
    subject('Undeliverable: Minutes'),
    senderName('System Administrator'),
    body('Your message did not reach some or all of the intended recipients.'),
    originalSubject('Minutes'),
  ],
  recipients: [
    [displayName('Carol'), addressType('SMTP'), emailAddress('carol@example.net'), smtpAddress('carol@example.net'),
      ndrReasonCode(0), ndrDiagCode(-1), supplementaryInfo('<mx.example.net #5.2.2 smtp;552 5.2.2 Mailbox full>'), ndrStatusCode(522)],
    [displayName('Dave'), addressType('SMTP'), emailAddress('dave@example.net'), smtpAddress('dave@example.net'),
      ndrReasonCode(1), ndrDiagCode(0)],
  ],
};

/** An NDR whose returned original is an embedded message that kept its transport headers. */
const ORIGINAL_HEADERS: MsgObject = {
  properties: [
    messageClass('REPORT.IPM.Note.NDR'),
    subject('Undeliverable: Invoice 2026-117'),
    body('Delivery has failed to these recipients or groups:\r\n\r\nerin@example.org\r\n'),
  ],
  recipients: [[smtpAddress('erin@example.org'), ndrReasonCode(1), ndrDiagCode(0),
    supplementaryInfo('<mail.example.org #5.1.1 smtp;550 5.1.1 <erin@example.org>: Recipient address rejected: User unknown>')]],
  embedded: [{
    properties: [
      messageClass('IPM.Note'),
      subject('Invoice 2026-117'),
      transportHeaders([
        'Received: from mail.example.com (mail.example.com [198.51.100.7])',
        '\tby mx.example.net with ESMTPS; Tue, 3 Mar 2026 08:00:00 +0000',
        'From: Alice <alice@example.com>',
        'To: erin@example.org',
        'Subject: Invoice 2026-117',
        'Date: Tue, 3 Mar 2026 08:00:00 +0000',
        'Message-ID: <invoice-2026-117@mail.example.com>',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '', '',
      ].join(CRLF)),
    ],
  }],
};

const READ_RECEIPT: MsgObject = {
  properties: [
    messageClass('REPORT.IPM.Note.IPNRN'),
    subject('Read: Quarterly figures'),
    body('Your message\r\n\r\n  To: bob@example.org\r\n  Subject: Quarterly figures\r\n\r\nwas read on Tuesday, 3 March 2026 10:02:11 (UTC+00:00).'),
  ],
  recipients: [[displayName('Bob'), smtpAddress('bob@example.org')]],
};

function noteCodes(report: { notes: { code: string }[] }): string[] {
  return report.notes.map((n) => n.code);
}

describe('readOutlookMsg', () => {
  it('recognises OLE compound files by their signature', () => {
    expect(isOutlookMsg(buildOutlookMsg(EXO_NDR))).toBe(true);
    expect(isOutlookMsg(Buffer.from('From: alice@example.com\r\n\r\nhello'))).toBe(false);
    expect(isOutlookMsg(new Uint8Array(3))).toBe(false);
  });

  it('reads the class, the headers and the NDR properties of the recipient table', () => {
    const msg = readOutlookMsg(buildOutlookMsg(TWO_RECIPIENTS));
    expect(msg?.messageClass).toBe('REPORT.IPM.Note.NDR');
    expect(msg?.originalSubject).toBe('Minutes');
    expect(msg?.recipients).toEqual([
      { displayName: 'Carol', addressType: 'SMTP', emailAddress: 'carol@example.net', smtpAddress: 'carol@example.net',
        reasonCode: 0, diagCode: -1, supplementaryInfo: '<mx.example.net #5.2.2 smtp;552 5.2.2 Mailbox full>', statusCode: 522 },
      { displayName: 'Dave', addressType: 'SMTP', emailAddress: 'dave@example.net', smtpAddress: 'dave@example.net',
        reasonCode: 1, diagCode: 0, supplementaryInfo: null, statusCode: null },
    ]);
    expect(msg?.cuts).toEqual([]);
  });

  it('reads the embedded original', () => {
    const msg = readOutlookMsg(buildOutlookMsg(EXO_NDR));
    expect(msg?.embedded?.subject).toBe('Quarterly figures');
    expect(msg?.embedded?.internetMessageId).toBe('<AM0PR01MB1234QUARTERLY@AM0PR01MB1234.eurprd01.prod.outlook.com>');
    expect(msg?.embedded?.senderAddress).toBe('alice@example.com');
  });

  it('gives null for a truncated file, a file whose directory loops and an OLE file that is not a message', () => {
    const bytes = buildOutlookMsg(EXO_NDR);
    expect(readOutlookMsg(bytes.subarray(0, 1200))).toBeNull();
    expect(readOutlookMsg(bytes.subarray(0, 600))).toBeNull();

    const looped = Buffer.from(bytes);
    const directory = (looped.readInt32LE(0x30) + 1) * 512;
    looped.writeInt32LE(1, directory + 128 + 0x48); // entry 1's right sibling is entry 1 itself
    const started = performance.now();
    expect(readOutlookMsg(looped)).toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);

    const document = CFB.utils.cfb_new();
    CFB.utils.cfb_add(document, '/WordDocument', Buffer.from('not a message'));
    expect(readOutlookMsg(CFB.write(document, { type: 'buffer' }) as Buffer)).toBeNull();
  });
});

describe('msgToMime', () => {
  it('rebuilds an RFC 3464 report from the recipient table', () => {
    const mime = msgToMime(readOutlookMsg(buildOutlookMsg(TWO_RECIPIENTS))!);
    expect(mime).toContain('X-MS-Exchange-Message-Is-Ndr: true');
    expect(mime).toMatch(/Content-Type: multipart\/report; report-type=delivery-status; boundary=/);
    expect(mime).toContain([
      'Final-Recipient: rfc822; carol@example.net', 'Action: failed', 'Status: 5.2.2',
      'Diagnostic-Code: smtp; <mx.example.net #5.2.2 smtp;552 5.2.2 Mailbox full>', 'X-Display-Name: Carol',
      'X-Ndr-Reason-Code: 0 (MAPI_REASON_TRANSFER_FAILED)', 'X-Ndr-Diag-Code: -1 (MAPI_DIAG_NO_DIAGNOSTIC)', 'X-Ndr-Status-Code: 522',
    ].join(CRLF));
    expect(mime).toContain('Diagnostic-Code: x-mapi; recipient not found');
    expect(mime).toContain('Content-Type: text/rfc822-headers; charset=utf-8\r\n\r\nSubject: Minutes');
  });

  it('uses the HTML body, in its code page, when there is no plain one', () => {
    const html = Buffer.from('<html><body><p>Zustellung fehlgeschlagen an <b>frank@example.org</b></p></body></html>', 'latin1');
    const msg = readOutlookMsg(buildOutlookMsg({
      properties: [
        messageClass('REPORT.IPM.Note.NDR'),
        { tag: 0x10130102, value: html }, // PidTagHtml 0x1013 (PtypBinary), [MS-OXCMSG]
        { tag: 0x3fde0003, value: 1252 }, // PidTagInternetCodepage 0x3FDE, [MS-OXCMSG]
      ],
      recipients: [[smtpAddress('frank@example.org'), ndrDiagCode(5)]],
    }))!;
    expect(msg.html).toContain('Zustellung fehlgeschlagen');
    expect(msgToMime(msg)).toContain('Content-Type: text/html; charset=utf-8');
  });

  it("keeps the report's transport headers, but not its old MIME structure", () => {
    const mime = msgToMime(readOutlookMsg(buildOutlookMsg(EXO_NDR))!);
    const head = mime.slice(0, mime.indexOf('\r\n\r\n'));
    expect(head).toContain('Message-ID: <0f1e2d3c-ndr@AM0PR01MB1234.eurprd01.prod.outlook.com>');
    expect(head).toContain('X-MS-Exchange-Message-Is-Ndr:');
    expect(head).not.toContain('b1_ndr');
    expect(head.match(/^MIME-Version:/gim)).toHaveLength(1);
    expect(head.match(/^X-MS-Exchange-Message-Is-Ndr:/gim)).toHaveLength(1);
  });
});

describe('analyzeBounce on .msg files', () => {
  it('explains an Exchange Online NDR', () => {
    const report = analyzeBounce(buildOutlookMsg(EXO_NDR));
    expect(report.kind).toBe('bounce');
    expect(report.mta).toBe('exchange-online');
    expect(report.subject).toBe('Undeliverable: Quarterly figures');
    expect(report.bounces).toHaveLength(1);
    expect(report.bounces[0]).toMatchObject({ recipient: 'bob@example.org', action: 'failed', status: '5.1.1', reason: 'userunknown', hardBounce: true });
    expect(report.original?.subject).toBe('Quarterly figures');
    expect(report.original?.messageId).toBe('<AM0PR01MB1234QUARTERLY@AM0PR01MB1234.eurprd01.prod.outlook.com>');
    expect(report.original?.from).toBe('"Alice" <alice@example.com>');
    expect(noteCodes(report)).toContain('input.outlook-msg');
  });

  it('explains each of two recipients, one from the MAPI diagnostic code alone', () => {
    const report = analyzeBounce(buildOutlookMsg(TWO_RECIPIENTS));
    expect(report.kind).toBe('bounce');
    expect(report.bounces.map((b) => [b.recipient, b.status, b.reason])).toEqual([
      ['carol@example.net', '5.2.2', 'mailboxfull'],
      ['dave@example.net', null, 'userunknown'],
    ]);
    expect(report.original?.subject).toBe('Minutes');
  });

  it('reads the returned original from its transport headers', () => {
    const report = analyzeBounce(buildOutlookMsg(ORIGINAL_HEADERS));
    expect(report.kind).toBe('bounce');
    expect(report.bounces[0]).toMatchObject({ recipient: 'erin@example.org', status: '5.1.1', replyCode: '550', reason: 'userunknown' });
    expect(report.original).toMatchObject({ messageId: '<invoice-2026-117@mail.example.com>', subject: 'Invoice 2026-117', sendingIp: '198.51.100.7' });
  });

  it('calls a read receipt what it is: not a bounce', () => {
    const report = analyzeBounce(buildOutlookMsg(READ_RECEIPT));
    expect(report.kind).toBe('not-bounce');
    expect(report.notBounceReason).toMatch(/read receipt/);
    expect(report.bounces).toEqual([]);
  });

  it('answers not-bounce with a note for a damaged .msg, without throwing', () => {
    const bytes = buildOutlookMsg(EXO_NDR);
    for (const cut of [8, 512, 1200, bytes.length - 700]) {
      const report = analyzeBounce(bytes.subarray(0, cut));
      expect(report.kind).toBe('not-bounce');
      expect(noteCodes(report)).toEqual(['input.msg-unreadable']);
    }
  });

  it('works from the command line: explain --json file.msg', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'maildoctor-msg-'));
    const file = join(dir, 'ndr.msg');
    writeFileSync(file, buildOutlookMsg(EXO_NDR));
    const run = await runCliCaptured(['explain', '--json', file]);
    expect(run.code).toBe(0);
    const [result] = JSON.parse(run.stdout) as { file: string; kind: string; bounces: { recipient: string; reason: string }[]; notes: { code: string }[] }[];
    expect(result?.file).toBe(file);
    expect(result?.kind).toBe('bounce');
    expect(result?.bounces.map((b) => [b.recipient, b.reason])).toEqual([['bob@example.org', 'userunknown']]);
    expect(result?.notes.map((n) => n.code)).toContain('input.outlook-msg');
  });
});
