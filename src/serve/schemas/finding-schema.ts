/**
 * The zod schema of a coded finding (src/core/finding.ts), shared by every response schema of
 * the HTTP API. Registered as the `Finding` component of the OpenAPI document.
 * @module
 */
import { z } from 'zod';
import type { Finding } from '../../core/finding.js';

export const SeveritySchema = z.enum(['info', 'warning', 'error']);

export const FindingSchema = z
  .object({
    code: z.string().describe('Stable dotted code, `<area>.<problem>`'),
    severity: SeveritySchema,
    message: z.string(),
    ref: z.string().optional().describe('The RFC section or vendor document behind it'),
    fix: z.string().optional().describe('What to do about it'),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Finding', description: 'A coded observation about the input or the analysis.' }) satisfies z.ZodType<Finding>;
