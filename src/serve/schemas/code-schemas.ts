/**
 * Request and response schemas of `GET /api/codes` and `GET /api/codes/{code}`: knowledge
 * entries as `maildoctor code --json` prints them (src/codes/types.ts `CodeEntry` without the
 * internal matching phrases).
 * @module
 */
import { z } from 'zod';
import type { CodeEntry } from '../../codes/types.js';
import { ACTORS } from '../../codes/types.js';
import { REASONS } from '../../ndr/classify/reasons.js';

export const CodesQuerySchema = z.object({
  q: z
    .string()
    .max(1000)
    .optional()
    .describe('A code (5.7.23), a reply (550 5.7.23), a range (5.7.606-649) or a pasted error line; without it, every entry'),
});

export const CodeParamsSchema = z.object({
  code: z.string().min(1).max(100).describe('A code such as 5.7.23, or a range such as 5.7.606-649'),
});

export const CodeEntrySchema = z
  .object({
    id: z.string(),
    code: z.string().nullable(),
    codeTo: z.string().nullable().describe('Last code of a range such as 5.7.606-649'),
    replyCodes: z.array(z.string()),
    title: z.string(),
    reason: z.enum(REASONS),
    cause: z.string(),
    userSteps: z.array(z.string()),
    adminSteps: z.array(z.string()),
    actor: z.enum(ACTORS),
    permanent: z.boolean().nullable(),
    source: z.string(),
    examples: z.array(z.string()),
    family: z.enum(['exchange-online', 'enhanced-status']),
    reasonIsSpecific: z.boolean(),
    registryName: z.string().nullable(),
    rfc: z.string().nullable(),
  })
  .meta({ id: 'CodeEntry', description: 'One meaning of an NDR or enhanced status code.' }) satisfies z.ZodType<Omit<CodeEntry, 'signature'>>;

export const CodeEntriesSchema = z.array(CodeEntrySchema).describe('One entry per meaning');
