/**
 * Types of `maildoctor diagnose`: the plan (which checks a failed recipient's cause calls for,
 * and which are not run and why), the verdict (cause, confidence, actor, evidence, what was
 * ruled out), the three notes, and the report that holds them with the checks that ran.
 * @module
 */
import type { Actor } from '../codes/types.js';
import type { CheckFinding, CheckStatus } from '../checks/types.js';
import type { Finding } from '../core/finding.js';
import type { BounceFact, MessageKind, OriginalMessage } from '../ndr/types.js';

/** Cause groups of issue 6's table; `other` is everything no live check can test. */
export const CAUSE_GROUPS = ['address', 'authentication', 'reputation', 'routing', 'size', 'sender-limits', 'other'] as const;
export type CauseGroupId = (typeof CAUSE_GROUPS)[number];

/** Every check a diagnosis can run: the live checks of src/checks and three local analyses. */
export const DIAGNOSE_CHECKS = ['address-syntax', 'typo', 'mx', 'spf', 'dkim', 'dmarc', 'alignment', 'ptr', 'dnsbl', 'smtp', 'mtasts', 'dane', 'rcpt', 'message-size'] as const;
export type DiagnoseCheckId = (typeof DIAGNOSE_CHECKS)[number];

/** What a planned check looks at. */
export type CheckSubject = 'recipient' | 'recipient-domain' | 'envelope-domain' | 'dkim-signature' | 'from-domain' | 'sending-ip' | 'message';

/**
 * How directly the evidence proves the cause: a live check confirms the bounce's claim
 * (high), the bounce's own words (medium), a guess from the reason class (low).
 */
export type Confidence = 'high' | 'medium' | 'low';

/** A check the plan runs (target: the domain, IP or address it looks at). */
export interface PlannedCheck {
  check: DiagnoseCheckId;
  target: string;
  why: string;
}

/** A check that is not run, and why (not called for by the cause, no data in the bounce, --offline, --no-smtp). */
export interface SkippedCheck {
  check: DiagnoseCheckId;
  target: string | null;
  /** not-called-for: the cause does not call for it; no-data: the bounce lacks what it needs; option: an option rules it out. */
  kind: 'not-called-for' | 'no-data' | 'option';
  why: string;
}

export interface RecipientPlan {
  recipient: string;
  group: CauseGroupId;
  /** The rule of kb/cause-groups.json that chose the group (`group.default` when none matched). */
  groupRule: string;
  /** A delay notice: the sending server is still retrying. */
  temporary: boolean;
  run: PlannedCheck[];
  notRun: SkippedCheck[];
}

/** One piece of evidence: a bounce field, a check's finding, or a local analysis' finding. */
export interface Evidence {
  source: 'bounce' | 'check' | 'analysis';
  /** The check (for check and analysis evidence). */
  check: DiagnoseCheckId | null;
  target: string | null;
  /** The bounce field (status, diagnosticCode, remoteMta, action, reason, sendingIp, ...). */
  field: string | null;
  value: string | null;
  /** The finding code (checks' kb/findings.json or diagnose's kb/findings.json). */
  code: string | null;
  message: string;
}

/** A check that ran and passed, with the cause it rules out. */
export interface RuledOut {
  check: DiagnoseCheckId;
  target: string;
  status: CheckStatus;
  code: string | null;
  message: string;
}

export interface Verdict {
  recipient: string;
  group: CauseGroupId;
  /** The cause's id in kb/causes.json. */
  causeId: string;
  /** The cause in one sentence. */
  cause: string;
  confidence: Confidence;
  actor: Actor;
  evidence: Evidence[];
  ruledOut: RuledOut[];
}

/** Three notes ready to use. */
export interface DiagnosisNotes {
  /** For the person who sent the message: plain words, no jargon. */
  user: string;
  /** For the mail admin: technical steps, in order. */
  admin: string[];
  /** For the recipient's postmaster, when their side must act; null otherwise. */
  postmaster: string | null;
}

/** A check as the diagnosis reports it: run (with its status) or not run (with why). */
export interface DiagnosisCheck {
  check: DiagnoseCheckId | 'resolver';
  target: string | null;
  status: CheckStatus | 'not-run';
  /** Why it was run (the cause it tests) or why not. */
  why: string;
  /** For a check not run: the kind of reason (see SkippedCheck). */
  notRunKind?: SkippedCheck['kind'];
  /** The failed recipients whose diagnosis asked for it. */
  recipients: string[];
  findings: CheckFinding[] | DiagnoseFinding[];
  data: unknown;
}

/** A finding of the local analyses (address syntax, typo, message size), coded as checks' findings are. */
export interface DiagnoseFinding extends Finding {
  ref: string;
}

export interface RecipientDiagnosis {
  fact: BounceFact;
  plan: RecipientPlan;
  verdict: Verdict;
  notes: DiagnosisNotes;
}

export interface DiagnosisReport {
  /** The input as named (file path, `-`). */
  file: string;
  kind: MessageKind;
  notBounceReason: string | null;
  mta: string | null;
  subject: string | null;
  original: OriginalMessage | null;
  /** One diagnosis per failed (or delayed) recipient, in the bounce's order. */
  recipients: RecipientDiagnosis[];
  /** Every check, run or not. */
  checks: DiagnosisCheck[];
  /** True when no network check was made (--offline). */
  offline: boolean;
  /** When the checks ran (the recorded time in a replay); null offline. */
  at: string | null;
  /** Where DNS answers came from; null offline. */
  resolver: string | null;
  /** Notes about the input (from the bounce analysis). */
  notes: Finding[];
}
