/**
 * `POST /api/headers`: the header analysis of one message (route and delays, SPF/DKIM/DMARC/ARC,
 * Microsoft 365 and other filter verdicts), as `maildoctor headers --json` gives it; input
 * with no readable headers is a 422 problem, as it is exit 2 for the CLI.
 * @module
 */
import { analyzeMessageHeaders } from '../../headers/analyze-headers.js';
import { ApiError } from '../problem.js';
import { HeadersQuerySchema, HeadersResultSchema } from '../schemas/header-report-schema.js';
import { messageBodySchema } from '../schemas/message-input-schemas.js';
import { problemResponses } from '../schemas/problem-schema.js';
import type { ApiApp } from '../route-context.js';
import { messageInput } from './message-input.js';

export function registerHeadersRoute(app: ApiApp): void {
  app.post('/api/headers', {
    schema: {
      tags: ['headers'],
      summary: 'Analyse message headers',
      description: "For a bounce, the returned original's headers are analysed; for a forwarded message, the attached one's (`?outer=true` analyses the outer message). The same as `maildoctor headers --json`. Nothing is looked up.",
      security: [{ bearerAuth: [] }],
      querystring: HeadersQuerySchema,
      body: messageBodySchema(),
      response: { 200: HeadersResultSchema, ...problemResponses(400, 401, 413, 415, 422, 500, 503) },
    },
  }, async (request) => {
    const input = messageInput(request.body as Parameters<typeof messageInput>[0], request.query.name);
    if (input.bytes.toString('latin1').trim() === '') throw new ApiError('unreadable-input', 'the input is empty');
    const report = analyzeMessageHeaders(input.bytes, { outer: request.query.outer === 'true' });
    if (!report.readable) throw new ApiError('unreadable-input', 'no mail headers found in the input');
    return { file: input.name, ...report };
  });
}
