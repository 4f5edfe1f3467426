/**
 * `GET /api/codes?q=...` (search, or every entry without q) and `GET /api/codes/{code}`:
 * NDR and enhanced status codes from the knowledge base, as `maildoctor code --json` gives
 * them (one entry per meaning).
 * @module
 */
import { allCodeEntries, lookupCodes } from '../../codes/lookup-code.js';
import type { CodeEntry } from '../../codes/types.js';
import { ApiError } from '../problem.js';
import { CodeEntriesSchema, CodeParamsSchema, CodesQuerySchema } from '../schemas/code-schemas.js';
import { problemResponses } from '../schemas/problem-schema.js';
import type { ApiApp } from '../route-context.js';

const publicEntry = ({ signature: _signature, ...entry }: CodeEntry): Omit<CodeEntry, 'signature'> => entry;

export function registerCodesRoutes(app: ApiApp): void {
  app.get('/api/codes', {
    schema: {
      tags: ['codes'],
      summary: 'Search the codes',
      description: 'Entries for a code, a reply, a range or a pasted error line (an empty list when nothing matches); without `q`, every entry.',
      security: [{ bearerAuth: [] }],
      querystring: CodesQuerySchema,
      response: { 200: CodeEntriesSchema, ...problemResponses(400, 401, 500) },
    },
  }, async (request) => {
    const q = request.query.q?.trim();
    return (q ? lookupCodes(q) : allCodeEntries()).map(publicEntry);
  });

  app.get('/api/codes/:code', {
    schema: {
      tags: ['codes'],
      summary: 'Look up one code',
      description: 'Every meaning of a code such as 5.7.23 (a code with several meanings, such as 5.7.1, gives several entries), or of a range such as 5.7.606-649. 404 when nothing matches.',
      security: [{ bearerAuth: [] }],
      params: CodeParamsSchema,
      response: { 200: CodeEntriesSchema, ...problemResponses(400, 401, 404, 500) },
    },
  }, async (request) => {
    const entries = lookupCodes(request.params.code);
    if (entries.length === 0) throw new ApiError('not-found', `no entry for "${request.params.code}"`);
    return entries.map(publicEntry);
  });
}
