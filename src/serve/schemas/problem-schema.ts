/**
 * The error body of every API route: RFC 9457 problem details (`application/problem+json`),
 * with `code` (a stable slug of the problem type) and, for validation problems, the fields
 * at fault.
 * @module
 */
import { z } from 'zod';

export const ProblemSchema = z
  .object({
    type: z.string().describe('A URI reference that names the problem type; it points at its description on /api/docs'),
    title: z.string().describe('Short summary of the problem type'),
    status: z.number().int().describe('The HTTP status code'),
    detail: z.string().describe('What went wrong with this request, in plain words'),
    code: z.string().describe('The problem type as a stable slug (validation, unauthorized, payload-too-large, ...)'),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional().describe('For validation problems: each field at fault'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });

/** Response entries for a route's error statuses, all `application/problem+json`. */
export function problemResponses(...statuses: number[]): Record<number, { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }> {
  return Object.fromEntries(statuses.map((status) => [status, { description: PROBLEM_STATUS_TEXT[status] ?? 'Problem', content: { 'application/problem+json': { schema: ProblemSchema } } }]));
}

const PROBLEM_STATUS_TEXT: Record<number, string> = {
  400: 'The request is not valid (see `errors`)',
  401: 'No valid `Authorization: Bearer <token>`',
  404: 'Nothing found',
  408: 'The request was not received in time',
  413: 'The body is larger than the limit',
  415: 'The media type of the body is not accepted',
  422: 'The request is well-formed but cannot be processed (a private target, unreadable input)',
  500: 'Internal error (details are in the server log, never in the answer)',
  503: 'The answer took too long, or the trace database is unavailable',
};
