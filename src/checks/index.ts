/**
 * Live mail checks (`maildoctor/checks`): MX, SPF, DMARC, DKIM of a domain; reverse DNS and
 * blocklists of an IP. Every check takes a CheckContext (resolver, clock, limits, query log)
 * and returns a CheckResult value; it never throws.
 *
 * @example
 * ```ts
 * import { SystemResolver, createCheckContext, checkDomain } from 'maildoctor/checks';
 * const ctx = createCheckContext({ resolver: new SystemResolver({ servers: ['127.0.0.1:5353'] }) });
 * const report = await checkDomain(ctx, 'contoso.com');
 * console.log(report.verdict, report.checks.map((c) => [c.check, c.status]));
 * ```
 * @module
 */
export { checkDomain, domainTasks, type CheckDomainOptions } from './check-domain.js';
export { checkIp, ipTasks, type CheckIpOptions } from './check-ip.js';
export { checkPath, pathTasks, pathTarget, type CheckPathOptions, type DkimSignatureRef } from './check-path.js';
export { createCheckContext, runCheck, type CheckContext, type CheckContextOptions } from './context.js';
export { runChecks, buildReport, checkResolver, verdictOf, type CheckTask, type RunChecksOptions } from './run-checks.js';
export { DEFAULT_CHECK_LIMITS, type CheckLimits } from './check-limits.js';
export { finding, findingEntry, allFindingCodes, type FindingEntry } from './kb/findings.js';
export type { CheckFinding, CheckName, CheckOutcome, CheckReport, CheckResult, CheckStatus, FindingCode, Verdict } from './types.js';

export { checkMx } from './mx/check-mx.js';
export { parseMx, microsoft365MxForm, type ParsedMx, type Microsoft365MxForm } from './mx/parse-mx.js';
export type { MxData, MxHostData } from './mx/evaluate-mx.js';

export { checkSpf, type SpfCheckOptions, type SpfData, type SpfRangeData } from './spf/check-spf.js';
export { spfAllowedRanges, type SpfAllowedRange, type SpfAllowedRanges } from './spf/allowed-ranges.js';
export { parseSpf, isSpfRecord, type ParsedSpf, type SpfTerm, type SpfMechanism, type SpfModifier } from './spf/parse-spf.js';
export { expandSpfMacros, type SpfMacroValues, type MacroExpansion } from './spf/expand-spf-macro.js';
export { getSpfTree, type SpfTree, type SpfNode, type SpfTermNode } from './spf/get-spf-tree.js';
export { evaluateSpf, type SpfEvaluation, type SpfEvaluationOptions, type SpfResult, type SpfTraceStep } from './spf/evaluate-spf.js';

export { checkDmarc } from './dmarc/check-dmarc.js';
export { parseDmarc, isDmarcRecord, type ParsedDmarc, type DmarcPolicy } from './dmarc/parse-dmarc.js';
export type { DmarcData } from './dmarc/evaluate-dmarc.js';
export { evaluateAlignment, type AlignmentData, type AlignmentInput, type DkimCandidate } from './dmarc/evaluate-alignment.js';
export { identifierAlignment, isAligned, type IdentifierAlignment } from '../core/identifier-alignment.js';

export { checkDkim, type DkimCheckOptions } from './dkim/check-dkim.js';
export { parseDkimKey, type ParsedDkimKey } from './dkim/parse-dkim-key.js';
export { DEFAULT_DKIM_SELECTORS } from './dkim/query-dkim.js';
export type { DkimData } from './dkim/evaluate-dkim.js';

export { checkPtr } from './ptr/check-ptr.js';
export type { PtrData } from './ptr/evaluate-ptr.js';

export { checkDnsbl } from './dnsbl/check-dnsbl.js';
export { DNSBL_LISTS, compileDnsblLists, selectDnsblLists, type DnsblList } from './dnsbl/dnsbl-lists.js';
export { dnsblQueryName, type DnsblListResult } from './dnsbl/parse-dnsbl-answer.js';
export type { DnsblData } from './dnsbl/evaluate-dnsbl.js';

export { checkMtaSts } from './mtasts/check-mtasts.js';
export { parseMtaStsRecord, isMtaStsRecord, type ParsedMtaStsRecord } from './mtasts/parse-mtasts-record.js';
export { parseMtaStsPolicy, matchesMxPattern, isMxPattern, type ParsedMtaStsPolicy, type MtaStsMode } from './mtasts/parse-mtasts-policy.js';
export type { MtaStsData, MtaStsMxMatch } from './mtasts/evaluate-mtasts.js';

export { checkTlsRpt } from './tlsrpt/check-tlsrpt.js';
export { parseTlsRpt, isTlsRptRecord, type ParsedTlsRpt, type TlsRptDestination } from './tlsrpt/parse-tlsrpt.js';
export type { TlsRptData } from './tlsrpt/evaluate-tlsrpt.js';

export { createHttpsFetcher, type HttpsFetcher, type HttpsFetcherOptions, type HttpsRequest, type HttpsResult, type HttpsCertificate } from '../io/http/fetch-text.js';
export { RecordingFetcher, replayFetcher, type HttpsRecording } from '../io/http/recording-fetcher.js';

export { SystemResolver, parseDnsServer, type SystemResolverOptions } from '../io/dns/system-resolver.js';
export { ZoneResolver, compileZone, type DnsZoneFile } from '../io/dns/zone-resolver.js';
export { RecordingResolver, readRecording, replayResolver, validateRecording, type Recording } from '../io/dns/recording-resolver.js';
export { judgeResolverHealth, type ResolverHealth } from '../io/dns/resolver-health.js';
export type { DnsAnswer, DnsRcode, DnsRecordType, DnsResolver } from '../io/dns/resolver.js';
export type { DnsQueryLog } from '../io/dns/query-log.js';
export { fixedClock, systemClock, type Clock } from '../io/clock.js';
export { parseIp, formatIp, reverseDnsName, type IpAddress } from '../core/ip-address.js';
