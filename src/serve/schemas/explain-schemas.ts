/**
 * Request and response schemas of `POST /api/explain`. The response is what
 * `maildoctor explain --json` prints (src/report/explain-json.ts): an array with one result per
 * message of the body (an mbox body gives several). `satisfies` ties the schema to the
 * TypeScript type that the CLI prints.
 * @module
 */
import { z } from 'zod';
import { ACTORS } from '../../codes/types.js';
import { REASONS } from '../../ndr/classify/reasons.js';
import type { ExplainResultJson } from '../../report/explain-json.js';
import { FindingSchema } from './finding-schema.js';
import { HeaderReportSchema } from './header-report-schema.js';
import { MessageNameSchema } from './message-input-schemas.js';

const nstr = z.string().nullable();

export const ExplainQuerySchema = z.object({
  headers: z.enum(['true', 'false']).optional().describe("Also analyse the returned original's headers (as `explain --headers`)"),
  name: MessageNameSchema,
});

const CodeSummarySchema = z.object({
  id: z.string(),
  code: nstr,
  codeTo: nstr,
  title: z.string(),
  cause: z.string(),
  userSteps: z.array(z.string()),
  adminSteps: z.array(z.string()),
  actor: z.string(),
  source: z.string(),
});

const BounceFactSchema = z.object({
  recipient: z.string(),
  originalRecipient: nstr,
  action: z.enum(['failed', 'delayed', 'delivered', 'relayed', 'expanded']).nullable(),
  status: nstr.describe('Enhanced status code (RFC 3463), null when the report has none'),
  replyCode: nstr,
  diagnosticCode: nstr,
  diagnosticType: nstr,
  remoteMta: nstr,
  reportingMta: nstr,
  command: z.enum(['CONN', 'HELO', 'EHLO', 'STARTTLS', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'BDAT', '.']).nullable(),
  date: nstr,
  reason: z.enum(REASONS),
  hardBounce: z.boolean(),
  permanent: z.boolean().nullable(),
  actor: z.enum(ACTORS).describe('Who must act'),
  mta: z.string(),
  ruleId: z.string(),
  evidence: nstr,
  feedbackType: nstr,
  code: CodeSummarySchema.nullable(),
  explanation: z.object({ summary: z.string(), user: z.array(z.string()), admin: z.array(z.string()) }),
});

export const ExplainResultSchema = z
  .object({
    file: z.string(),
    kind: z.enum(['bounce', 'delay', 'delivered', 'autoreply', 'feedback', 'not-bounce']),
    notBounceReason: nstr,
    mta: nstr,
    bounces: z.array(BounceFactSchema),
    subject: nstr,
    from: nstr,
    date: nstr,
    original: z
      .object({ messageId: nstr, subject: nstr, from: nstr, to: nstr, date: nstr, sendingIp: nstr, dkim: z.array(z.object({ domain: z.string(), selector: z.string() })) })
      .nullable(),
    originalHeaders: HeaderReportSchema.nullable(),
    notes: z.array(FindingSchema),
  })
  .meta({ id: 'ExplainResult', description: 'One analysed message, as `maildoctor explain --json` prints it.' }) satisfies z.ZodType<ExplainResultJson>;

export const ExplainResponseSchema = z.array(ExplainResultSchema).describe('One result per message of the body');
