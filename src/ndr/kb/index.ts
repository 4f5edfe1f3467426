/**
 * Loads and compiles the classification knowledge once. The order of PHRASE_FILES is the
 * precedence of the phrase stage: the words that name a cause come before the words that only
 * say something was refused, so a text that mentions both "SPF" and "blocked" is an
 * authentication failure, Gmail's "not RFC 5322 compliant ... to reduce the amount of spam" is
 * notcompliantrfc, "rate limited due to IP reputation" is badreputation, "connection rate limit"
 * is toomanyconn, "submission quota exceeded" is ratelimited rather than mailboxfull, and a
 * rejected sender ("Sender address rejected: Domain not found") is rejected before any
 * recipient or domain words are looked at. Temporary DNS words (networkerror.dns-temporary,
 * 4.x.x only) and connection failures that ended in expiry come after the address-level
 * reasons; policy and system errors come last. Provider files come first in the chain
 * (classify-reason.ts). `knowledge.test.ts` checks that no rule's example is shadowed.
 * @module
 */
import authfailure from './phrases/authfailure.json' with { type: 'json' };
import requireptr from './phrases/requireptr.json' with { type: 'json' };
import mailboxfull from './phrases/mailboxfull.json' with { type: 'json' };
import exceedlimit from './phrases/exceedlimit.json' with { type: 'json' };
import emailtoolarge from './phrases/emailtoolarge.json' with { type: 'json' };
import hasmoved from './phrases/hasmoved.json' with { type: 'json' };
import suspend from './phrases/suspend.json' with { type: 'json' };
import virusdetected from './phrases/virusdetected.json' with { type: 'json' };
import suppressed from './phrases/suppressed.json' with { type: 'json' };
import norelaying from './phrases/norelaying.json' with { type: 'json' };
import notaccept from './phrases/notaccept.json' with { type: 'json' };
import hostunknown from './phrases/hostunknown.json' with { type: 'json' };
import userunknown from './phrases/userunknown.json' with { type: 'json' };
import ratelimited from './phrases/ratelimited.json' with { type: 'json' };
import toomanyconn from './phrases/toomanyconn.json' with { type: 'json' };
import badreputation from './phrases/badreputation.json' with { type: 'json' };
import spamdetected from './phrases/spamdetected.json' with { type: 'json' };
import failedstarttls from './phrases/failedstarttls.json' with { type: 'json' };
import securityerror from './phrases/securityerror.json' with { type: 'json' };
import rejected from './phrases/rejected.json' with { type: 'json' };
import blocked from './phrases/blocked.json' with { type: 'json' };
import notcompliantrfc from './phrases/notcompliantrfc.json' with { type: 'json' };
import contenterror from './phrases/contenterror.json' with { type: 'json' };
import syntaxerror from './phrases/syntaxerror.json' with { type: 'json' };
import systemfull from './phrases/systemfull.json' with { type: 'json' };
import mailererror from './phrases/mailererror.json' with { type: 'json' };
import expired from './phrases/expired.json' with { type: 'json' };
import networkerror from './phrases/networkerror.json' with { type: 'json' };
import filtered from './phrases/filtered.json' with { type: 'json' };
import policyviolation from './phrases/policyviolation.json' with { type: 'json' };
import systemerror from './phrases/systemerror.json' with { type: 'json' };
import { PROVIDER_FILES } from './providers/index.js';
import {
  assertUniqueIds, compilePhraseFile, compileProviderFile,
  type CompiledProvider, type CompiledRule, type PhraseFileSource, type ProviderFileSource,
} from '../classify/compile-rules.js';

/** Phrase files in precedence order. */
const PHRASE_FILES: [string, PhraseFileSource][] = [
  ['phrases/authfailure.json', authfailure],
  ['phrases/notcompliantrfc.json', notcompliantrfc],
  ['phrases/requireptr.json', requireptr],
  ['phrases/virusdetected.json', virusdetected],
  ['phrases/suppressed.json', suppressed],
  ['phrases/badreputation.json', badreputation],
  ['phrases/toomanyconn.json', toomanyconn],
  ['phrases/ratelimited.json', ratelimited],
  ['phrases/mailboxfull.json', mailboxfull],
  ['phrases/exceedlimit.json', exceedlimit],
  ['phrases/emailtoolarge.json', emailtoolarge],
  ['phrases/hasmoved.json', hasmoved],
  ['phrases/suspend.json', suspend],
  ['phrases/rejected.json', rejected],
  ['phrases/norelaying.json', norelaying],
  ['phrases/notaccept.json', notaccept],
  ['phrases/hostunknown.json', hostunknown],
  ['phrases/filtered.json', filtered],
  ['phrases/userunknown.json', userunknown],
  ['phrases/spamdetected.json', spamdetected],
  ['phrases/failedstarttls.json', failedstarttls],
  ['phrases/securityerror.json', securityerror],
  ['phrases/blocked.json', blocked],
  ['phrases/contenterror.json', contenterror],
  ['phrases/syntaxerror.json', syntaxerror],
  ['phrases/systemfull.json', systemfull],
  ['phrases/mailererror.json', mailererror],
  ['phrases/networkerror.json', networkerror],
  ['phrases/expired.json', expired],
  ['phrases/policyviolation.json', policyviolation],
  ['phrases/systemerror.json', systemerror],
];

export interface ClassificationKnowledge {
  phrases: CompiledRule[];
  providers: CompiledProvider[];
}

let compiled: ClassificationKnowledge | null = null;

/** The compiled knowledge; compiled on first use and then shared (it is immutable). */
export function classificationKnowledge(): ClassificationKnowledge {
  if (compiled) return compiled;
  const phrases = PHRASE_FILES.flatMap(([origin, file]) => compilePhraseFile(file, origin));
  const providers = PROVIDER_FILES.map(([origin, file]) => compileProviderFile(file as ProviderFileSource, origin));
  assertUniqueIds([...phrases, ...providers.flatMap((p) => p.rules)]);
  compiled = { phrases, providers };
  return compiled;
}
