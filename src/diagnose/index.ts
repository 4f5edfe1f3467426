/**
 * End-to-end diagnosis of a bounce (`maildoctor/diagnose`): the bounce analysis, only the live
 * checks its cause calls for, and a verdict with evidence, confidence, who must act, and notes
 * for the user, the admin and the recipient's postmaster.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { SystemResolver, createCheckContext } from 'maildoctor/checks';
 * import { diagnoseBounce, diagnosisJson } from 'maildoctor/diagnose';
 * const ctx = createCheckContext({ resolver: new SystemResolver({ servers: ['127.0.0.1:5353'] }) });
 * const report = await diagnoseBounce(readFileSync('bounce.eml'), { ctx, file: 'bounce.eml' });
 * console.log(JSON.stringify(diagnosisJson(report).verdict, null, 2));
 * ```
 * @module
 */
export { diagnoseBounce, type DiagnoseOptions } from './diagnose-bounce.js';
export { diagnosisJson, type DiagnosisJson, type RecipientJson, type VerdictJson } from './diagnosis-json.js';
export { renderDiagnosisText } from './render-diagnosis-text.js';
export { renderDiagnosisMarkdown } from './render-diagnosis-markdown.js';
export { planRecipient, selectCauseGroup, type PlanOptions } from './plan-checks.js';
export { detectTypoDomain, MAILBOX_PROVIDER_DOMAINS, type TypoCheck, type TypoSuggestion } from './detect-typo-domain.js';
export { parseAddressSyntax, type AddressSyntax, type AddressProblem } from './parse-address-syntax.js';
export { editDistance } from './edit-distance.js';
export type {
  CauseGroupId, Confidence, DiagnoseCheckId, DiagnosisCheck, DiagnosisNotes, DiagnosisReport, Evidence,
  PlannedCheck, RecipientDiagnosis, RecipientPlan, RuledOut, SkippedCheck, Verdict,
} from './types.js';
