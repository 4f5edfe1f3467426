/**
 * Request and response schemas of `POST /api/diagnose`. The body is a message as for
 * `POST /api/explain` (src/serve/schemas/message-input-schemas.ts); the response is what
 * `maildoctor diagnose --json` prints (src/diagnose/diagnosis-json.ts `DiagnosisJson`). The
 * verdict and the notes are described field by field; the bounce's recipients and the checks'
 * `data` keep the shapes of `explain --json` and of each check (src/checks), passed through as
 * they are (loose objects: nothing the CLI prints is dropped).
 * @module
 */
import { z } from 'zod';
import { CHECK_STATUSES } from '../../checks/types.js';
import { CAUSE_GROUPS, DIAGNOSE_CHECKS } from '../../diagnose/types.js';
import { MessageNameSchema } from './message-input-schemas.js';
import { FindingSchema } from './finding-schema.js';

const nstr = z.string().nullable();

export const DiagnoseQuerySchema = z.object({ name: MessageNameSchema });

const EvidenceSchema = z.object({
  source: z.enum(['bounce', 'check', 'analysis']),
  check: z.enum(DIAGNOSE_CHECKS).nullable(),
  target: nstr,
  field: nstr.describe('The bounce field (status, diagnosticCode, remoteMta, ...)'),
  value: nstr,
  code: nstr.describe('The finding code'),
  message: z.string(),
});

const RuledOutSchema = z.object({ check: z.enum(DIAGNOSE_CHECKS), target: z.string(), status: z.enum(CHECK_STATUSES), code: nstr, message: z.string() });

const VerdictSchema = z
  .object({
    recipient: nstr,
    group: z.enum(CAUSE_GROUPS).nullable(),
    causeId: z.string().describe("The cause's id in src/diagnose/kb/causes.json"),
    cause: z.string().describe('The cause in one sentence'),
    confidence: z.enum(['high', 'medium', 'low']),
    actor: z.string().describe('Who must act'),
    evidence: z.array(EvidenceSchema),
    ruledOut: z.array(RuledOutSchema).describe('Checks that ran and passed, with the cause each rules out'),
  })
  .meta({ id: 'DiagnosisVerdict' });

const NotesSchema = z
  .object({
    user: z.string().describe('For the person who sent the message'),
    admin: z.array(z.string()).describe('For the mail admin, in order'),
    postmaster: nstr.describe("For the recipient's postmaster, when their side must act"),
  })
  .meta({ id: 'DiagnosisNotes' });

const RecipientSchema = z
  .looseObject({
    recipient: z.string(),
    group: z.enum(CAUSE_GROUPS),
    groupRule: z.string(),
    verdict: VerdictSchema,
    notes: NotesSchema,
  })
  .describe('A failed recipient: the fields of `explain --json` (ExplainResult.bounces), its cause group, verdict and notes');

const DiagnosisCheckSchema = z.object({
  check: z.union([z.enum(DIAGNOSE_CHECKS), z.literal('resolver')]),
  target: nstr,
  status: z.union([z.enum(CHECK_STATUSES), z.literal('not-run')]),
  why: z.string().describe('Why it was run (the cause it tests) or why not'),
  notRunKind: z.enum(['not-called-for', 'no-data', 'option']).optional(),
  recipients: z.array(z.string()).describe('The failed recipients whose diagnosis asked for it'),
  findings: z.array(z.looseObject({ code: z.string(), severity: z.enum(['info', 'warning', 'error']), message: z.string() })).describe('Coded findings; target.private-address for a connection the server refused to make'),
  data: z.unknown().describe("The check's own data (see src/checks and src/diagnose)"),
});

export const DiagnosisSchema = z
  .object({
    bounce: z.object({
      file: z.string(),
      kind: z.string(),
      notBounceReason: nstr,
      mta: nstr,
      subject: nstr,
      original: z
        .object({ messageId: nstr, subject: nstr, from: nstr, to: nstr, date: nstr, sendingIp: nstr, dkim: z.array(z.object({ domain: z.string(), selector: z.string() })) })
        .nullable()
        .describe('The returned original, as in `explain --json`'),
      recipients: z.array(RecipientSchema),
      offline: z.boolean(),
      at: nstr.describe('When the checks ran (ISO 8601)'),
      resolver: nstr,
      notes: z.array(FindingSchema),
    }),
    verdict: VerdictSchema,
    checks: z.array(DiagnosisCheckSchema).describe('Every check, run or not (with why)'),
    notes: NotesSchema,
  })
  .meta({ id: 'Diagnosis', description: 'A diagnosis of one bounce, as `maildoctor diagnose --json` prints it: the verdict and notes of the first failed recipient, each recipient with its own.' });
