/**
 * The JSON of `maildoctor diagnose --json`, issue 6's shape: `{"bounce", "verdict": {"cause",
 * "confidence", "actor", "evidence", "ruledOut"}, "checks", "notes": {"user", "admin",
 * "postmaster"}}`. `verdict` and `notes` are those of the first failed recipient (the only one,
 * usually); with several, each recipient of `bounce.recipients` carries its own `verdict` and
 * `notes`. A message that is not a failure gets a verdict that says so. Renders only.
 * @module
 */
import { codeSummary, type BounceFactJson } from '../report/explain-json.js';
import type { Finding } from '../core/finding.js';
import type { OriginalMessage } from '../ndr/types.js';
import { causeEntry, fillTemplate } from './diagnose-knowledge.js';
import type { CauseGroupId, Confidence, DiagnosisCheck, DiagnosisNotes, DiagnosisReport, Evidence, RuledOut } from './types.js';

export interface VerdictJson {
  recipient: string | null;
  group: CauseGroupId | null;
  causeId: string;
  cause: string;
  confidence: Confidence;
  actor: string;
  evidence: Evidence[];
  ruledOut: RuledOut[];
}

export interface RecipientJson extends BounceFactJson {
  group: CauseGroupId;
  groupRule: string;
  verdict: VerdictJson;
  notes: DiagnosisNotes;
}

export interface DiagnosisJson {
  bounce: {
    file: string;
    kind: string;
    notBounceReason: string | null;
    mta: string | null;
    subject: string | null;
    original: OriginalMessage | null;
    recipients: RecipientJson[];
    offline: boolean;
    at: string | null;
    resolver: string | null;
    notes: Finding[];
  };
  verdict: VerdictJson;
  checks: DiagnosisCheck[];
  notes: DiagnosisNotes;
}

/** The verdict of a message with no failed recipient. */
export function noFailureVerdict(report: DiagnosisReport): { verdict: VerdictJson; notes: DiagnosisNotes } {
  const entry = causeEntry('not-bounce');
  const why = report.notBounceReason ?? `the report is of kind ${report.kind}: nothing failed`;
  const vars = { notBounceReason: why.replace(/\.$/, '') };
  const cause = fillTemplate(entry.sentence, vars) ?? why;
  const explicit = report.kind === 'delivered' || report.kind === 'autoreply' || report.kind === 'feedback';
  return {
    verdict: {
      recipient: null,
      group: null,
      causeId: entry.id,
      cause,
      confidence: explicit ? 'high' : 'medium',
      actor: entry.actor,
      evidence: [{ source: 'bounce', check: null, target: null, field: 'kind', value: report.kind, code: null, message: why }],
      ruledOut: [],
    },
    notes: { user: entry.user, admin: entry.admin.map((a) => fillTemplate(a, vars) ?? a), postmaster: null },
  };
}

export function diagnosisJson(report: DiagnosisReport): DiagnosisJson {
  const recipients: RecipientJson[] = report.recipients.map((r) => ({
    ...r.fact,
    code: codeSummary(r.fact.code),
    group: r.plan.group,
    groupRule: r.plan.groupRule,
    verdict: { ...r.verdict },
    notes: r.notes,
  }));
  const first = recipients[0];
  const primary = first ? { verdict: first.verdict, notes: first.notes } : noFailureVerdict(report);
  return {
    bounce: {
      file: report.file, kind: report.kind, notBounceReason: report.notBounceReason, mta: report.mta, subject: report.subject,
      original: report.original, recipients, offline: report.offline, at: report.at, resolver: report.resolver, notes: report.notes,
    },
    verdict: primary.verdict,
    checks: report.checks,
    notes: primary.notes,
  };
}
