import { describe, expect, it } from 'vitest';
import { parseHeaderBlock } from '../../mime/header-lines.js';
import { evaluateAuthentication } from '../evaluate-authentication.js';
import { buildReceivedChain } from '../received-chain.js';
import { compauthReasonMeaning, levelMeaning } from './antispam-knowledge.js';
import { evaluateMicrosoft } from './evaluate-microsoft.js';
import { readExchangeStamps } from './exchange-stamps.js';
import { parseForefrontAntispamReport } from './forefront-antispam-report.js';
import { parseXMicrosoftAntispam } from './x-microsoft-antispam.js';

function microsoft(block: string): ReturnType<typeof evaluateMicrosoft> {
  const fields = parseHeaderBlock(block);
  const route = buildReceivedChain(fields).route;
  return evaluateMicrosoft(fields, evaluateAuthentication(fields, route).report, route);
}

describe('X-Forefront-Antispam-Report', () => {
  it('decodes every documented field with its raw value and keeps unknown fields raw', () => {
    const fields = parseForefrontAntispamReport('CIP:2001:db8::25;CTRY:NL;LANG:en;SCL:1;SRV:BULK;IPV:CAL;SFV:SKA;H:mail.fabrikam.com;PTR:mail.fabrikam.com;CAT:HPHSH;SFTY:9.25;DIR:OUT;SFP:1501;SFS:(1)(2);ZZZ:odd;');
    const by = Object.fromEntries(fields.map((f) => [f.field, f]));
    expect(by['CIP']).toMatchObject({ raw: '2001:db8::25', known: true, meaning: null, name: expect.stringContaining('Connecting IP') });
    expect(by['SCL']).toMatchObject({ raw: '1', meaning: 'not spam' });
    expect(by['SRV']?.meaning).toMatch(/bulk/);
    expect(by['IPV']?.meaning).toMatch(/IP Allow List/);
    expect(by['SFV']?.meaning).toMatch(/allowed senders or domains of an anti-spam policy/);
    expect(by['CAT']?.meaning).toBe('high confidence phishing');
    expect(by['SFTY']?.meaning).toMatch(/first contact/);
    expect(by['DIR']?.meaning).toMatch(/^outbound/);
    expect(by['SFP']).toMatchObject({ raw: '1501', known: true, name: expect.stringContaining('Undocumented') });
    expect(by['ZZZ']).toEqual({ field: 'ZZZ', raw: 'odd', name: null, meaning: null, known: false });
    expect(by['CTRY']).toMatchObject({ raw: 'NL', known: true });
    expect(by['LANG']).toMatchObject({ raw: 'en', known: true });
    expect(by['H']?.raw).toBe('mail.fabrikam.com');
    expect(by['PTR']?.raw).toBe('mail.fabrikam.com');
  });

  it('reads BCL and PCL from X-Microsoft-Antispam, other fields raw', () => {
    expect(parseXMicrosoftAntispam('BCL:8;PCL:0;ARA:1|2;')).toEqual([
      { field: 'BCL', raw: '8', name: expect.any(String), meaning: 'from a bulk sender that generates a high number of complaints', known: true },
      { field: 'PCL', raw: '0', name: expect.any(String), meaning: expect.stringContaining('not likely to be phishing'), known: true },
      { field: 'ARA', raw: '1|2', name: null, meaning: null, known: false },
    ]);
  });
});

describe('SCL, BCL and compauth meanings', () => {
  it('gives each SCL range its meaning and folder', () => {
    expect(levelMeaning('scl', '-1', 'h')).toMatchObject({ value: -1, folder: 'Inbox' });
    expect(levelMeaning('scl', '3', 'h')?.meaning).toMatch(/never set/);
    expect(levelMeaning('scl', '6', 'h')?.folder).toMatch(/^Junk Email/);
    expect(levelMeaning('scl', '9', 'h')?.folder).toMatch(/quarantine/);
    expect(levelMeaning('scl', '42', 'h')?.meaning).toMatch(/outside/);
    expect(levelMeaning('scl', 'x', 'h')).toBeNull();
  });

  it('matches compauth reasons exactly first, then by their hundreds', () => {
    expect(compauthReasonMeaning('000')).toMatch(/explicit failure/);
    expect(compauthReasonMeaning('130')).toMatch(/ARC/);
    expect(compauthReasonMeaning('102')).toMatch(/^pass/);
    expect(compauthReasonMeaning('601')).toMatch(/accepted domains/);
    expect(compauthReasonMeaning('905')).toMatch(/bypassed/);
    expect(compauthReasonMeaning('5')).toBeNull();
    expect(compauthReasonMeaning(null)).toBeNull();
  });
});

describe('evaluateMicrosoft', () => {
  it('is null for a message with no Microsoft stamps', () => {
    expect(microsoft('From: a@contoso.com\nSubject: x')).toEqual({ report: null, findings: [] });
  });

  it('takes the folder from the mailbox delivery stamp first, then SFV:BLK, bulk level and SCL', () => {
    expect(microsoft('X-Microsoft-Antispam-Mailbox-Delivery: dest:J;\nX-Forefront-Antispam-Report: SCL:1;').report?.folder?.folder).toBe('Junk Email');
    expect(microsoft('X-Forefront-Antispam-Report: SCL:1;DIR:INB;\nX-Microsoft-Antispam: BCL:7;').report?.folder).toMatchObject({ folder: 'Junk Email (the default bulk action)', basis: expect.stringContaining('BCL 7') });
    expect(microsoft('X-MS-Exchange-Organization-SCL: 5').report?.folder?.basis).toBe('SCL 5 from X-MS-Exchange-Organization-SCL');
    expect(microsoft('X-Forefront-Antispam-Report: SCL:1;DIR:OUT;').report?.folder).toBeNull();
  });

  it('reads compauth from the trusted Authentication-Results and reports its failure with the reason', () => {
    const { report, findings } = microsoft('Authentication-Results: spf=fail smtp.mailfrom=contoso.com;dmarc=fail action=oreject header.from=contoso.com;compauth=fail reason=010\nFrom: a@contoso.com');
    expect(report?.compauth).toMatchObject({ result: 'fail', reason: '010', reasonMeaning: expect.stringContaining('intra-organisation') });
    expect(findings.map((f) => f.code)).toEqual(['microsoft.compauth-fail']);
  });

  it('reports PTR problems from the Forefront stamp on inbound mail only', () => {
    expect(microsoft('X-Forefront-Antispam-Report: CIP:192.0.2.5;H:mail.fabrikam.com;PTR:;DIR:INB;').findings.map((f) => f.code)).toEqual(['route.ptr-missing']);
    expect(microsoft('X-Forefront-Antispam-Report: CIP:192.0.2.5;H:mail.fabrikam.com;PTR:vps.example.net;DIR:INB;').findings.map((f) => f.code)).toEqual(['route.ptr-mismatch']);
    expect(microsoft('X-Forefront-Antispam-Report: CIP:255.255.255.255;PTR:;DIR:OUT;').findings).toEqual([]);
  });

  it('reads the Exchange organisation and cross-tenant stamps with their meanings, each once', () => {
    const stamps = readExchangeStamps(parseHeaderBlock('X-MS-Exchange-Organization-AuthAs: Internal\nX-MS-Exchange-Organization-AuthAs: Internal\nX-MS-Exchange-CrossTenant-FromEntityHeader: Hosted\nX-MS-Exchange-Organization-Unknown-Thing: 7\nX-Other: 1'));
    expect(stamps).toEqual([
      { header: 'x-ms-exchange-organization-authas', label: 'AuthAs', raw: 'Internal', meaning: expect.stringMatching(/^internal/) },
      { header: 'x-ms-exchange-crosstenant-fromentityheader', label: 'CrossTenant-FromEntityHeader', raw: 'Hosted', meaning: 'from a mailbox hosted in Microsoft 365' },
      { header: 'x-ms-exchange-organization-unknown-thing', label: null, raw: '7', meaning: null },
    ]);
  });
});
