/**
 * DKIM-Signature (RFC 6376 section 3.5): signing domain `d=`, selector `s=`, algorithm `a=`,
 * signed headers `h=` and the other tags. The signature is not verified (that needs DNS and
 * the exact message); the receiver's verdict is in Authentication-Results.
 * @module
 */
import { parseDomainName } from '../core/domain-name.js';
import { headerListTag, numericTag, parseTagList } from './parse-tag-list.js';
import type { DkimSignature } from './types.js';

export function parseDkimSignature(value: string): DkimSignature {
  const tags = parseTagList(value);
  return {
    domain: parseDomainName(tags['d']) ?? tags['d'] ?? null,
    selector: tags['s'] ?? null,
    algorithm: tags['a']?.toLowerCase() ?? null,
    signedHeaders: headerListTag(tags, 'h'),
    canonicalization: tags['c'] ?? null,
    identity: tags['i'] ?? null,
    timestamp: numericTag(tags, 't'),
    expiration: numericTag(tags, 'x'),
    bodyLength: numericTag(tags, 'l'),
    tags,
  };
}
