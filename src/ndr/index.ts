/**
 * Bounce analysis: `analyzeBounce(bytes | string)` -> BounceReport.
 * @module
 */
export { analyzeBounce, type AnalyzeBounceOptions } from './analyze-bounce.js';
export type { BounceFact, BounceReport, Explanation, MessageKind, OriginalMessage, Reason } from './types.js';
export { REASONS, reasonInfo, allReasonInfo, type ReasonInfo } from './classify/reasons.js';
