/**
 * Message header analysis: `analyzeMessageHeaders(bytes | string)` and
 * `analyzeHeaders(fields)` -> HeaderReport (route, authentication, Microsoft 365 and other
 * filter verdicts, findings).
 * @module
 */
export { analyzeHeaders, analyzeMessageHeaders, type AnalyzeMessageHeadersOptions } from './analyze-headers.js';
export { findingDefinitions, HEADER_FINDING_CODES, type FindingDefinition, type HeaderFindingCode } from './findings.js';
export { formatDuration } from './received-chain.js';
export { parseReceived } from './parse-received.js';
export { parseAuthenticationResults } from './parse-authentication-results.js';
export { parseMailDate } from './parse-mail-date.js';
export type * from './types.js';
