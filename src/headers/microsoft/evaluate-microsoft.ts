/**
 * What Microsoft 365 (and Exchange) decided about a message, from its stamps: the decoded
 * X-Forefront-Antispam-Report, X-Microsoft-Antispam (BCL, PCL), the mailbox delivery stamp,
 * compauth, SCL/BCL/PCL with their meaning, the folder they lead to, the Exchange
 * organisation and cross-tenant stamps, and the findings they support. The topmost stamp of
 * each kind is the recipient organisation's; lower ones were added on the sender's side.
 * @module
 */
import { registrableDomain } from '../../core/domain-name.js';
import { rawHeader, type HeaderField } from '../../mime/header-lines.js';
import { headerFinding } from '../findings.js';
import type { AuthenticationReport, DecodedField, HeaderFinding, LevelMeaning, MicrosoftReport, RouteReport } from '../types.js';
import { BCL_THRESHOLDS, decodeStampPairs, levelMeaning, MAILBOX_DELIVERY_FIELDS } from './antispam-knowledge.js';
import { compauthVerdict } from './compauth.js';
import { readExchangeStamps } from './exchange-stamps.js';
import { forefrontField, parseForefrontAntispamReport } from './forefront-antispam-report.js';
import { parseXMicrosoftAntispam } from './x-microsoft-antispam.js';

export interface MicrosoftEvaluation {
  report: MicrosoftReport | null;
  findings: HeaderFinding[];
}

/** CAT values that are not a threat of their own (spam and bulk have their own findings). */
const ORDINARY_CATEGORIES = new Set(['NONE', 'BULK', 'SPM', 'HSPM']);

function level(fields: readonly DecodedField[] | null, name: string, kind: 'scl' | 'bcl' | 'pcl', header: string): LevelMeaning | null {
  const raw = fields?.find((f) => f.field.toUpperCase() === name)?.raw;
  return raw === undefined ? null : levelMeaning(kind, raw, header);
}

function decideFolder(report: MicrosoftReport): MicrosoftReport['folder'] {
  // An outbound stamp says nothing about the recipient's folder.
  if (forefrontField(report.forefront, 'DIR')?.toUpperCase() === 'OUT') return null;
  const dest = report.mailboxDelivery?.find((f) => f.field.toLowerCase() === 'dest');
  if (dest?.meaning) return { folder: dest.meaning, basis: `dest:${dest.raw} in X-Microsoft-Antispam-Mailbox-Delivery (stated at delivery)` };
  const sfv = forefrontField(report.forefront, 'SFV')?.toUpperCase();
  if (sfv === 'BLK') return { folder: 'Junk Email', basis: 'SFV:BLK (the sender is in the recipient\'s Blocked Senders list)' };
  const scl = report.scl;
  const bcl = report.bcl;
  if (bcl && bcl.value >= BCL_THRESHOLDS.default && (!scl || scl.value < 5)) {
    return { folder: BCL_THRESHOLDS.action, basis: `BCL ${bcl.value} is at or above the default bulk threshold ${BCL_THRESHOLDS.default} (Standard preset ${BCL_THRESHOLDS.standard}, Strict ${BCL_THRESHOLDS.strict})` };
  }
  if (scl?.folder) return { folder: scl.folder, basis: `SCL ${scl.value} from ${scl.header}` };
  return null;
}

function ptrFindings(forefront: readonly DecodedField[] | null, route: RouteReport): HeaderFinding[] {
  const cip = forefrontField(forefront, 'CIP');
  const dir = forefrontField(forefront, 'DIR')?.toUpperCase();
  if (!cip || (dir && dir !== 'INB')) return [];
  const hop = route.hops.find((h) => h.fromIp === cip.toLowerCase())?.hop ?? route.boundaryHop ?? 'unknown';
  const ptr = forefrontField(forefront, 'PTR');
  const helo = forefrontField(forefront, 'H');
  if (ptr === null) return [];
  if (ptr === '') return [headerFinding('route.ptr-missing', { hop, ip: cip, by: 'Microsoft 365', source: 'PTR is empty in X-Forefront-Antispam-Report' })];
  const ptrOrg = registrableDomain(ptr);
  const heloOrg = registrableDomain(helo);
  if (ptrOrg && heloOrg && ptrOrg !== heloOrg) {
    return [headerFinding('route.ptr-mismatch', { hop, ip: cip, reverseName: ptr, helo, detail: 'the reverse name and the HELO name belong to different domains (X-Forefront-Antispam-Report)' })];
  }
  return [];
}

export function evaluateMicrosoft(fields: readonly HeaderField[], auth: AuthenticationReport, route: RouteReport): MicrosoftEvaluation {
  const forefrontRaw = rawHeader(fields, 'x-forefront-antispam-report');
  const antispamRaw = rawHeader(fields, 'x-microsoft-antispam');
  const deliveryRaw = rawHeader(fields, 'x-microsoft-antispam-mailbox-delivery');
  const stamps = readExchangeStamps(fields);
  const compauth = compauthVerdict(auth.results);
  if (forefrontRaw === null && antispamRaw === null && deliveryRaw === null && stamps.length === 0 && !compauth) return { report: null, findings: [] };

  const forefront = forefrontRaw === null ? null : parseForefrontAntispamReport(forefrontRaw);
  const antispam = antispamRaw === null ? null : parseXMicrosoftAntispam(antispamRaw);
  const orgScl = rawHeader(fields, 'x-ms-exchange-organization-scl');
  const orgPcl = rawHeader(fields, 'x-ms-exchange-organization-pcl');
  const report: MicrosoftReport = {
    forefront,
    antispam,
    mailboxDelivery: deliveryRaw === null ? null : decodeStampPairs(deliveryRaw, MAILBOX_DELIVERY_FIELDS),
    scl: level(forefront, 'SCL', 'scl', 'X-Forefront-Antispam-Report') ?? (orgScl === null ? null : levelMeaning('scl', orgScl, 'X-MS-Exchange-Organization-SCL')),
    bcl: level(antispam, 'BCL', 'bcl', 'X-Microsoft-Antispam'),
    pcl: level(antispam, 'PCL', 'pcl', 'X-Microsoft-Antispam') ?? (orgPcl === null ? null : levelMeaning('pcl', orgPcl, 'X-MS-Exchange-Organization-PCL')),
    compauth,
    folder: null,
    stamps,
  };
  report.folder = decideFolder(report);

  const findings: HeaderFinding[] = [];
  if (compauth?.result === 'fail') {
    findings.push(headerFinding('microsoft.compauth-fail', { reason: compauth.reason ?? '(none)', reasonMeaning: compauth.reasonMeaning ?? 'no documented meaning' }));
  } else if (compauth?.result === 'pass' && compauth.reason === '130') {
    findings.push(headerFinding('microsoft.compauth-arc-override', { reason: compauth.reason }));
  }
  const sfv = forefrontField(forefront, 'SFV')?.toUpperCase() ?? null;
  const sfvMeaning = forefront?.find((f) => f.field.toUpperCase() === 'SFV')?.meaning ?? null;
  const scl = report.scl;
  if (sfv === 'SPM' || sfv === 'SKS' || (scl && scl.value >= 5)) {
    const parts = [scl ? `SCL ${scl.value} (${scl.meaning})` : null, sfv ? `SFV:${sfv}` : null, report.folder ? `folder: ${report.folder.folder}` : null].filter(Boolean);
    findings.push(headerFinding('filter.spam-verdict', { filter: 'Microsoft 365', detail: parts.join('; ') }));
  }
  const bcl = report.bcl;
  const srvBulk = forefrontField(forefront, 'SRV')?.toUpperCase() === 'BULK';
  if ((bcl && bcl.value >= BCL_THRESHOLDS.default) || srvBulk) {
    findings.push(headerFinding('microsoft.bulk', { bcl: bcl?.value ?? '(not stamped)', meaning: bcl?.meaning ?? 'SRV:BULK' }));
  }
  const skipped: string[] = [];
  if (scl?.value === -1) skipped.push('SCL -1');
  if (sfv === 'SKN' || sfv === 'SKA' || sfv === 'SFE') skipped.push(`SFV:${sfv} (${sfvMeaning})`);
  if (forefrontField(forefront, 'IPV')?.toUpperCase() === 'CAL') skipped.push('IPV:CAL (the source IP is in the IP Allow List)');
  if (skipped.length > 0) findings.push(headerFinding('microsoft.filtering-skipped', { why: skipped.join('; ') }));
  if (sfv === 'BLK' || sfv === 'SKB') findings.push(headerFinding('microsoft.sender-blocked', { why: `SFV:${sfv} (${sfvMeaning})` }));
  const cat = forefront?.find((f) => f.field.toUpperCase() === 'CAT');
  if (cat && cat.raw && !ORDINARY_CATEGORIES.has(cat.raw.toUpperCase())) {
    findings.push(headerFinding('microsoft.threat-category', { category: cat.raw, meaning: cat.meaning ?? 'undocumented category' }));
  }
  findings.push(...ptrFindings(forefront, route));
  return { report, findings };
}
