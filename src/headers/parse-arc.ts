/**
 * ARC (RFC 8617): the ARC-Seal, ARC-Message-Signature and ARC-Authentication-Results of each
 * instance, and the chain status as the headers state it: instances 1..N complete and unique,
 * `cv=none` on instance 1 and `cv=pass` on the others (section 5.2). Signatures are not
 * verified (that needs DNS); a receiver's own `arc=` result, when present, is in
 * Authentication-Results.
 * @module
 */
import type { HeaderField } from '../mime/header-lines.js';
import { parseAuthenticationResults } from './parse-authentication-results.js';
import { headerListTag, numericTag, parseTagList } from './parse-tag-list.js';
import type { ArcChain, ArcInstance, ArcMessageSignature, ArcSeal, AuthenticationResultsHeader } from './types.js';

/** RFC 8617 section 4.2.1: more than 50 instances is a failed chain. */
const MAX_ARC_INSTANCES = 50;

export function parseArcSeal(value: string): ArcSeal {
  const tags = parseTagList(value);
  return {
    instance: numericTag(tags, 'i'),
    cv: tags['cv']?.toLowerCase() ?? null,
    domain: tags['d']?.toLowerCase() ?? null,
    selector: tags['s'] ?? null,
    algorithm: tags['a']?.toLowerCase() ?? null,
    timestamp: numericTag(tags, 't'),
    tags,
  };
}

export function parseArcMessageSignature(value: string): ArcMessageSignature {
  const tags = parseTagList(value);
  return {
    instance: numericTag(tags, 'i'),
    domain: tags['d']?.toLowerCase() ?? null,
    selector: tags['s'] ?? null,
    algorithm: tags['a']?.toLowerCase() ?? null,
    signedHeaders: headerListTag(tags, 'h'),
    tags,
  };
}

/** `i=1; mx.google.com; spf=pass ...`: the instance, then an Authentication-Results payload. */
export function parseArcAuthenticationResults(value: string, headerIndex = 0): { instance: number | null; results: AuthenticationResultsHeader } {
  const m = /^\s*i\s*=\s*(\d{1,3})\s*;?/i.exec(value);
  const parsed = parseAuthenticationResults(m ? value.slice(m[0].length) : value);
  return {
    instance: m ? Number(m[1]) : null,
    results: {
      header: 'arc-authentication-results',
      authservId: parsed.authservId,
      version: parsed.version,
      addedBy: parsed.authservId,
      trusted: false,
      untrustedReason: null,
      noResult: parsed.noResult,
      results: parsed.results,
      headerIndex,
      raw: value,
    },
  };
}

/** Collects the ARC sets of a header block and states the chain status. */
export function parseArcChain(fields: readonly HeaderField[]): ArcChain {
  const byInstance = new Map<number, ArcInstance>();
  const problems: string[] = [];
  const counts = new Map<string, number>();
  let seen = 0;
  const slot = (instance: number | null, kind: string): ArcInstance | null => {
    if (instance === null || instance < 1 || instance > MAX_ARC_INSTANCES) {
      problems.push(`an ${kind} has ${instance === null ? 'no valid i= tag' : `i=${instance}, outside 1..${MAX_ARC_INSTANCES}`}`);
      return null;
    }
    const key = `${kind}#${instance}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    let set = byInstance.get(instance);
    if (!set) {
      set = { instance, seal: null, messageSignature: null, authenticationResults: null };
      byInstance.set(instance, set);
    }
    return set;
  };
  fields.forEach((field, index) => {
    if (field.name === 'arc-seal') {
      seen++;
      const seal = parseArcSeal(field.value);
      const set = slot(seal.instance, 'ARC-Seal');
      if (set && !set.seal) set.seal = seal;
    } else if (field.name === 'arc-message-signature') {
      seen++;
      const ams = parseArcMessageSignature(field.value);
      const set = slot(ams.instance, 'ARC-Message-Signature');
      if (set && !set.messageSignature) set.messageSignature = ams;
    } else if (field.name === 'arc-authentication-results') {
      seen++;
      const aar = parseArcAuthenticationResults(field.value, index);
      const set = slot(aar.instance, 'ARC-Authentication-Results');
      if (set && !set.authenticationResults) set.authenticationResults = aar.results;
    }
  });
  if (seen === 0) return { status: 'none', problems: [], instances: [] };
  const instances = [...byInstance.values()].sort((a, b) => a.instance - b.instance);
  for (const [key, count] of counts) if (count > 1) problems.push(`${key.replace('#', ' i=')} appears ${count} times`);
  const highest = instances.length > 0 ? (instances[instances.length - 1] as ArcInstance).instance : 0;
  for (let i = 1; i <= highest; i++) {
    const set = byInstance.get(i);
    if (!set) {
      problems.push(`instance i=${i} is missing`);
      continue;
    }
    if (!set.seal) problems.push(`instance i=${i} has no ARC-Seal`);
    if (!set.messageSignature) problems.push(`instance i=${i} has no ARC-Message-Signature`);
    if (!set.authenticationResults) problems.push(`instance i=${i} has no ARC-Authentication-Results`);
    const cv = set.seal?.cv;
    if (set.seal && cv === 'fail') problems.push(`the ARC-Seal of i=${i}${set.seal.domain ? ` (${set.seal.domain})` : ''} says cv=fail`);
    else if (set.seal && i === 1 && cv !== 'none') problems.push(`the ARC-Seal of i=1 has cv=${cv ?? '(missing)'} instead of none`);
    else if (set.seal && i > 1 && cv !== 'pass') problems.push(`the ARC-Seal of i=${i} has cv=${cv ?? '(missing)'} instead of pass`);
  }
  return { status: problems.length > 0 ? 'fail' : 'pass', problems, instances };
}
