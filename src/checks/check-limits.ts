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
/** Most allowed sending ranges SPF is evaluated for when `check path` is given no IP. */
export const MAX_SPF_RANGES = 30;
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
/** Time to open a TCP connection to an MX, in milliseconds. */
export const SMTP_CONNECT_TIMEOUT_MS = 10_000;
/** Time to wait for one SMTP reply (or the TLS handshake), in milliseconds. */
export const SMTP_READ_TIMEOUT_MS = 20_000;
/** Time for one whole SMTP probe, connect to QUIT, in milliseconds. */
export const SMTP_PROBE_TIMEOUT_MS = 25_000;
/** A greeting slower than this is reported (smtp.slow-banner); senders wait 5 minutes (RFC 5321 section 4.5.3.2), but slow greetings often mean overload or greet-delay filtering. */
export const SMTP_SLOW_BANNER_MS = 10_000;
/** Most lines of one SMTP reply read (a real EHLO reply has about 10-20). */
export const MAX_SMTP_REPLY_LINES = 100;
/** Longest SMTP reply line read, in characters (RFC 5321 section 4.5.3.1.5 allows 512 octets). */
export const MAX_SMTP_LINE_LENGTH = 2_048;
/** Most SMTP probes (MX host and address pairs) of one run. */
export const MAX_SMTP_PROBES = 10;
/** Most certificates of a presented chain kept. */
export const MAX_TLS_CHAIN_CERTIFICATES = 10;
/** Most TLSA records of one name evaluated. */
export const MAX_TLSA_RECORDS = 20;
/** Default time for a whole run of checks, in milliseconds. */
export const DEFAULT_CHECK_TIMEOUT_MS = 30_000;

export interface CheckLimits {
  spfLookups: number;
  spfVoidLookups: number;
  spfTermNames: number;
  spfDepth: number;
  spfTreeLookups: number;
  spfRanges: number;
  mxHosts: number;
  ptrNames: number;
  dkimSelectors: number;
  dmarcReportUris: number;
  smtpConnectTimeoutMs: number;
  smtpReadTimeoutMs: number;
  smtpProbeTimeoutMs: number;
  smtpSlowBannerMs: number;
  smtpReplyLines: number;
  smtpLineLength: number;
  smtpProbes: number;
  tlsChainCertificates: number;
  tlsaRecords: number;
}

export const DEFAULT_CHECK_LIMITS: Readonly<CheckLimits> = Object.freeze({
  spfLookups: MAX_SPF_LOOKUPS,
  spfVoidLookups: MAX_SPF_VOID_LOOKUPS,
  spfTermNames: MAX_SPF_TERM_NAMES,
  spfDepth: MAX_SPF_DEPTH,
  spfTreeLookups: MAX_SPF_TREE_LOOKUPS,
  spfRanges: MAX_SPF_RANGES,
  mxHosts: MAX_MX_HOSTS,
  ptrNames: MAX_PTR_NAMES,
  dkimSelectors: MAX_DKIM_SELECTORS,
  dmarcReportUris: MAX_DMARC_REPORT_URIS,
  smtpConnectTimeoutMs: SMTP_CONNECT_TIMEOUT_MS,
  smtpReadTimeoutMs: SMTP_READ_TIMEOUT_MS,
  smtpProbeTimeoutMs: SMTP_PROBE_TIMEOUT_MS,
  smtpSlowBannerMs: SMTP_SLOW_BANNER_MS,
  smtpReplyLines: MAX_SMTP_REPLY_LINES,
  smtpLineLength: MAX_SMTP_LINE_LENGTH,
  smtpProbes: MAX_SMTP_PROBES,
  tlsChainCertificates: MAX_TLS_CHAIN_CERTIFICATES,
  tlsaRecords: MAX_TLSA_RECORDS,
});
