/**
 * Bounds of the checks. The SPF numbers are the protocol's own (RFC 7208 section 4.6.4); the
 * others keep a hostile or broken zone from making a run unbounded.
 * @module
 */

/** DNS-querying SPF terms allowed per evaluation (RFC 7208 section 4.6.4). */
export const MAX_SPF_LOOKUPS = 10;
/** SPF lookups that may find nothing before permerror (RFC 7208 section 4.6.4). */
export const MAX_SPF_VOID_LOOKUPS = 2;
/** MX hosts (mx mechanism) and PTR names (ptr mechanism) looked at per term (RFC 7208 section 4.6.4). */
export const MAX_SPF_TERM_NAMES = 10;
/** Deepest include/redirect nesting followed when the whole SPF tree is walked. */
export const MAX_SPF_DEPTH = 10;
/** Most lookups made while walking a whole SPF tree (past the limit, to show all of it). */
export const MAX_SPF_TREE_LOOKUPS = 60;
/** Longest SPF or DMARC record parsed (a TXT answer can be large; real records are short). */
export const MAX_POLICY_RECORD_CHARS = 4_096;
/** Most MX hosts of a domain looked up. */
export const MAX_MX_HOSTS = 20;
/** Most PTR names of an address forward-confirmed. */
export const MAX_PTR_NAMES = 10;
/** Most DKIM selectors tried in one run. */
export const MAX_DKIM_SELECTORS = 40;
/** Most DMARC report destinations whose authorisation is looked up. */
export const MAX_DMARC_REPORT_URIS = 10;
/** Default time for a whole run of checks, in milliseconds. */
export const DEFAULT_CHECK_TIMEOUT_MS = 30_000;

export interface CheckLimits {
  spfLookups: number;
  spfVoidLookups: number;
  spfTermNames: number;
  spfDepth: number;
  spfTreeLookups: number;
  mxHosts: number;
  ptrNames: number;
  dkimSelectors: number;
  dmarcReportUris: number;
}

export const DEFAULT_CHECK_LIMITS: Readonly<CheckLimits> = Object.freeze({
  spfLookups: MAX_SPF_LOOKUPS,
  spfVoidLookups: MAX_SPF_VOID_LOOKUPS,
  spfTermNames: MAX_SPF_TERM_NAMES,
  spfDepth: MAX_SPF_DEPTH,
  spfTreeLookups: MAX_SPF_TREE_LOOKUPS,
  mxHosts: MAX_MX_HOSTS,
  ptrNames: MAX_PTR_NAMES,
  dkimSelectors: MAX_DKIM_SELECTORS,
  dmarcReportUris: MAX_DMARC_REPORT_URIS,
});
