/**
 * Sender authentication as the headers record it: every Authentication-Results with the host
 * that added it and whether it can be trusted, Received-SPF, DKIM-Signature, the ARC chain,
 * the receiver's SPF/DKIM/DMARC verdicts and our own DMARC alignment check, with findings.
 *
 * Trust (RFC 8601 section 5): a field is the receiving organisation's when it sits above the
 * Received header of the hop where the message entered that organisation (Microsoft 365
 * writes it there), or just below it with an authserv-id in the receiver's own domain (Gmail
 * writes it there). A field lower down came with the message; one that repeats the receiver's
 * authserv-id may be forged. With no hop between organisations every field is taken as is.
 * @module
 */
import { parseDomainName, registrableDomain } from '../core/domain-name.js';
import { addressDomain } from '../core/email-address.js';
import { header, type HeaderField } from '../mime/header-lines.js';
import microsoftData from './kb/microsoft-antispam.json' with { type: 'json' };
import { evaluateDmarcAlignment } from './dmarc-alignment.js';
import { headerFinding } from './findings.js';
import { parseArcChain } from './parse-arc.js';
import { parseAuthenticationResults } from './parse-authentication-results.js';
import { parseDkimSignature } from './parse-dkim-signature.js';
import { parseReceivedSpf } from './parse-received-spf.js';
import type { AuthenticationReport, AuthenticationResultsHeader, AuthMethodResult, DmarcVerdict, HeaderFinding, RouteReport } from './types.js';

const DMARC_ACTIONS = new Map<string, { policy: string | null; meaning: string }>(
  (microsoftData.dmarcActions as { action: string; policy: string | null; meaning: string }[]).map((a) => [a.action, a]),
);

export interface AuthenticationEvaluation {
  report: AuthenticationReport;
  findings: HeaderFinding[];
}

interface TrustFrame {
  /** Header index of the boundary hop's Received, or null when there is no boundary. */
  boundaryIndex: number | null;
  /** Header index of the next Received below the boundary (Infinity when none). */
  nextBelowIndex: number;
  receiverHosts: Set<string>;
  receiverOrgs: Set<string>;
}

function trustFrame(route: RouteReport): TrustFrame {
  const frame: TrustFrame = { boundaryIndex: null, nextBelowIndex: Infinity, receiverHosts: new Set(), receiverOrgs: new Set() };
  if (route.boundaryHop === null) return frame;
  const boundary = route.hops[route.boundaryHop - 1];
  if (!boundary) return frame;
  frame.boundaryIndex = boundary.headerIndex;
  frame.nextBelowIndex = route.hops[route.boundaryHop - 2]?.headerIndex ?? Infinity;
  for (const hop of route.hops.slice(route.boundaryHop - 1)) {
    const by = parseDomainName(hop.by);
    if (by) frame.receiverHosts.add(by);
    const org = registrableDomain(hop.by);
    if (org) frame.receiverOrgs.add(org);
  }
  return frame;
}

/** The receiving host of the hop a field sits on: the nearest Received below it, else above. */
function hostOfPosition(route: RouteReport, index: number): string | null {
  let below: string | null = null;
  let belowIndex = Infinity;
  let above: string | null = null;
  let aboveIndex = -1;
  for (const hop of route.hops) {
    if (hop.headerIndex > index && hop.headerIndex < belowIndex) {
      belowIndex = hop.headerIndex;
      below = hop.by;
    } else if (hop.headerIndex < index && hop.headerIndex > aboveIndex) {
      aboveIndex = hop.headerIndex;
      above = hop.by;
    }
  }
  return below ?? above;
}

function isReceiverId(frame: TrustFrame, id: string | null): boolean {
  if (!id) return false;
  const org = registrableDomain(id);
  return frame.receiverHosts.has(id) || (org !== null && frame.receiverOrgs.has(org));
}

function readResultsHeaders(fields: readonly HeaderField[], route: RouteReport, frame: TrustFrame): AuthenticationResultsHeader[] {
  const out: AuthenticationResultsHeader[] = [];
  fields.forEach((field, index) => {
    if (field.name !== 'authentication-results' && field.name !== 'authentication-results-original') return;
    const parsed = parseAuthenticationResults(field.value);
    const original = field.name === 'authentication-results-original';
    const aboveBoundary = frame.boundaryIndex === null || index < frame.boundaryIndex;
    const besideBoundary = frame.boundaryIndex !== null && index > frame.boundaryIndex && index < frame.nextBelowIndex && isReceiverId(frame, parsed.authservId);
    const trusted = !original && (aboveBoundary || besideBoundary);
    out.push({
      header: original ? 'authentication-results-original' : 'authentication-results',
      authservId: parsed.authservId,
      version: parsed.version,
      addedBy: parsed.authservId ?? hostOfPosition(route, index),
      trusted,
      untrustedReason: original ? 'original-copy' : trusted ? null : 'before-receiver',
      noResult: parsed.noResult,
      results: parsed.results,
      headerIndex: index,
      raw: field.value,
    });
  });
  // Only the topmost field of an authserv-id counts; a lower one with the same id came with the message.
  const seen = new Set<string>();
  for (const ar of out) {
    if (ar.header !== 'authentication-results' || !ar.authservId) continue;
    if (seen.has(ar.authservId)) {
      ar.trusted = false;
      ar.untrustedReason = 'duplicate';
    }
    if (ar.trusted) seen.add(ar.authservId);
  }
  return out;
}

function summarize(results: readonly AuthMethodResult[]): string {
  return results.map((r) => `${r.method}=${r.result}`).join(', ') || 'none';
}

function dmarcPolicy(result: AuthMethodResult): string | null {
  const p = result.properties['policy.dmarc'] ?? result.properties['policy.published-domain-policy'] ?? /\bp=([a-z]+)/i.exec(result.comment ?? '')?.[1];
  if (p) return p.toLowerCase();
  const action = result.properties['action']?.toLowerCase();
  return action ? DMARC_ACTIONS.get(action)?.policy ?? null : null;
}

function spfDomain(result: AuthMethodResult): string | null {
  return addressDomain(result.properties['smtp.mailfrom']) ?? parseDomainName(result.properties['smtp.helo']);
}

function dkimDomain(result: AuthMethodResult): string | null {
  return parseDomainName(result.properties['header.d']) ?? addressDomain(result.properties['header.i']);
}

export function evaluateAuthentication(fields: readonly HeaderField[], route: RouteReport): AuthenticationEvaluation {
  const frame = trustFrame(route);
  const findings: HeaderFinding[] = [];
  const keys = new Set<string>();
  const add = (finding: HeaderFinding, key: string): void => {
    if (keys.has(`${finding.code}|${key}`)) return;
    keys.add(`${finding.code}|${key}`);
    findings.push(finding);
  };
  const results = readResultsHeaders(fields, route, frame);
  const receivedSpf = fields.flatMap((field, index) => {
    if (field.name !== 'received-spf') return [];
    const spf = parseReceivedSpf(field.value, index);
    spf.trusted = frame.boundaryIndex === null || index < frame.nextBelowIndex;
    return [spf];
  });
  const dkimSignatures = fields.filter((f) => f.name === 'dkim-signature').map((f) => parseDkimSignature(f.value));
  const arc = parseArcChain(fields);

  for (const ar of results) {
    if (ar.untrustedReason === 'duplicate') add(headerFinding('auth.results-duplicated', { by: ar.addedBy ?? '(unknown)', results: summarize(ar.results) }), String(ar.headerIndex));
    else if (ar.untrustedReason === 'before-receiver') add(headerFinding('auth.results-untrusted', { by: ar.addedBy ?? '(unknown)' }), ar.addedBy ?? '');
  }
  const trusted = results.filter((ar) => ar.trusted);
  const trustedOf = (method: string): { result: AuthMethodResult; by: string | null }[] =>
    trusted.flatMap((ar) => ar.results.filter((r) => r.method === method).map((result) => ({ result, by: ar.addedBy })));

  const spfResults = trustedOf('spf');
  for (const { result, by } of spfResults) {
    const domain = spfDomain(result) ?? '(unknown domain)';
    const data = { domain, by: by ?? '(unknown)', result: result.result, comment: result.comment ?? 'no detail given' };
    if (result.result === 'fail') add(headerFinding('auth.spf-fail', data), domain);
    else if (result.result === 'softfail') add(headerFinding('auth.spf-softfail', data), domain);
    else if (result.result === 'temperror' || result.result === 'permerror') add(headerFinding('auth.spf-error', data), domain);
  }
  const topSpf = receivedSpf.find((s) => s.trusted && s.result);
  if (spfResults.length === 0 && topSpf?.result) {
    const domain = addressDomain(topSpf.envelopeFrom) ?? parseDomainName(topSpf.helo) ?? '(unknown domain)';
    const data = { domain, by: topSpf.receiver ?? '(unknown)', result: topSpf.result, comment: topSpf.comment ?? 'no detail given' };
    if (topSpf.result === 'fail') add(headerFinding('auth.spf-fail', data), domain);
    else if (topSpf.result === 'softfail') add(headerFinding('auth.spf-softfail', data), domain);
    else if (topSpf.result === 'temperror' || topSpf.result === 'permerror') add(headerFinding('auth.spf-error', data), domain);
  }
  const dkimResults = trustedOf('dkim');
  for (const { result, by } of dkimResults) {
    if (result.result !== 'fail') continue;
    const domain = dkimDomain(result) ?? '(unknown domain)';
    add(headerFinding('auth.dkim-fail', { domain, by: by ?? '(unknown)', detail: [result.reason, result.comment].filter(Boolean).join('; ') || 'no reason given' }), domain);
  }
  let dmarc: DmarcVerdict | null = null;
  for (const { result, by } of trustedOf('dmarc')) {
    const verdict: DmarcVerdict = {
      result: result.result,
      domain: parseDomainName(result.properties['header.from']) ?? addressDomain(result.properties['header.from']),
      policy: dmarcPolicy(result),
      action: result.properties['action']?.toLowerCase() ?? null,
      by,
    };
    dmarc ??= verdict;
    if (verdict.result === 'fail') {
      const actionMeaning = verdict.action ? DMARC_ACTIONS.get(verdict.action)?.meaning : undefined;
      const actionText = verdict.action ? `; action=${verdict.action}${actionMeaning ? `: ${actionMeaning}` : ''}` : '';
      add(headerFinding('auth.dmarc-fail', { domain: verdict.domain ?? '(unknown domain)', by: by ?? '(unknown)', policy: verdict.policy ?? 'not stated', action: verdict.action, actionText }), verdict.domain ?? '');
    }
  }

  for (const sig of dkimSignatures) {
    const data = { domain: sig.domain ?? '(none)', selector: sig.selector ?? '(none)', signedHeaders: sig.signedHeaders.join(':') };
    if (sig.algorithm === 'rsa-sha1') add(headerFinding('auth.dkim-rsa-sha1', data), `${sig.domain}|${sig.selector}`);
    if (sig.signedHeaders.length > 0 && !sig.signedHeaders.includes('from')) add(headerFinding('auth.dkim-from-not-signed', data), `${sig.domain}|${sig.selector}`);
  }

  const arcProblems = [...arc.problems];
  for (const { result, by } of trustedOf('arc')) {
    if (result.result === 'fail') arcProblems.push(`${by ?? 'the receiver'} reported arc=fail${result.comment ? ` (${result.comment})` : ''}`);
  }
  if (arcProblems.length > 0) add(headerFinding('auth.arc-broken', { problems: arcProblems }), '');

  if (results.length === 0 && receivedSpf.length === 0) add(headerFinding('auth.results-missing', {}), '');

  // Alignment, from the receiver's verified results where there are any.
  const firstSpf = spfResults[0];
  const spfDomainValue = firstSpf ? spfDomain(firstSpf.result) : null;
  let spfId: { domain: string; result: string; source: string } | null = null;
  if (firstSpf && spfDomainValue) spfId = { domain: spfDomainValue, result: firstSpf.result.result, source: `Authentication-Results (${firstSpf.by ?? 'receiver'})` };
  else if (topSpf?.result && addressDomain(topSpf.envelopeFrom)) spfId = { domain: addressDomain(topSpf.envelopeFrom) as string, result: topSpf.result, source: 'Received-SPF' };
  else {
    const returnPath = addressDomain(header(fields, 'return-path'));
    if (returnPath) spfId = { domain: returnPath, result: 'unverified', source: 'Return-Path' };
  }
  const dkimIds = dkimResults.flatMap(({ result, by }) => {
    // Microsoft 365 writes "dkim=none (message not signed) header.d=none".
    const domain = result.result === 'none' ? null : dkimDomain(result);
    return domain ? [{ domain, result: result.result, source: `Authentication-Results (${by ?? 'receiver'})` }] : [];
  });
  for (const sig of dkimSignatures) {
    if (sig.domain && !dkimIds.some((id) => id.domain === sig.domain)) dkimIds.push({ domain: sig.domain, result: 'unverified', source: 'DKIM-Signature' });
  }
  const alignment = evaluateDmarcAlignment({ from: header(fields, 'from'), spf: spfId, dkim: dkimIds });
  if (!dmarc && alignment.aligned === false && alignment.fromDomain) {
    const detail = [alignment.spf, ...alignment.dkim]
      .filter((id) => id !== null)
      .map((id) => `${id === alignment.spf ? 'SPF' : 'DKIM'} ${id.domain} ${id.result}, ${id.alignment === 'none' ? 'not aligned' : `${id.alignment}ly aligned`}`)
      .join('; ');
    add(headerFinding('auth.dmarc-unaligned', { domain: alignment.fromDomain, detail }), '');
  }

  const dkimVerdict = dkimResults.some((d) => d.result.result === 'pass') ? 'pass' : dkimResults[0]?.result.result ?? null;
  const report: AuthenticationReport = {
    results,
    receivedSpf,
    dkimSignatures,
    arc,
    alignment,
    spf: firstSpf?.result.result ?? topSpf?.result ?? null,
    dkim: dkimVerdict,
    dmarc,
  };
  return { report, findings };
}
