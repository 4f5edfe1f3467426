/**
 * `POST /api/explain`: bounces explained, exactly as `maildoctor explain --json` gives them
 * (an mbox body is split into its messages; an empty body gives the `input.empty` note), with
 * `?headers=true` as `--headers`. Calls the library the CLI calls; the message is never logged.
 * @module
 */
import { messagesOfBytes } from '../../io/input/read-inputs.js';
import { analyzeBounce } from '../../ndr/analyze-bounce.js';
import { emptyInputResult, explainResultJson, type ExplainResultJson } from '../../report/explain-json.js';
import { problemResponses } from '../schemas/problem-schema.js';
import { ExplainQuerySchema, ExplainResponseSchema } from '../schemas/explain-schemas.js';
import { messageBodySchema } from '../schemas/message-input-schemas.js';
import type { ApiApp } from '../route-context.js';
import { messageInput } from './message-input.js';

export function registerExplainRoute(app: ApiApp): void {
  app.post('/api/explain', {
    schema: {
      tags: ['explain'],
      summary: 'Explain a bounce',
      description: "Per failed recipient: the reason, whose side must act, the steps for the sender and for the admin, and the rule that decided; the same as `maildoctor explain --json`. Send the message as the body (text/plain, message/rfc822, application/octet-stream for an Outlook .msg) or as JSON. An mbox body gives one result per message.",
      security: [{ bearerAuth: [] }],
      querystring: ExplainQuerySchema,
      body: messageBodySchema(),
      response: { 200: ExplainResponseSchema, ...problemResponses(400, 401, 413, 415, 500, 503) },
    },
  }, async (request) => {
    const input = messageInput(request.body as Parameters<typeof messageInput>[0], request.query.name);
    const headers = request.query.headers === 'true';
    const results: ExplainResultJson[] = [];
    for (const message of messagesOfBytes(input.bytes, input.name)) {
      results.push(message.empty ? emptyInputResult(message.file, message.empty) : explainResultJson(message.file, analyzeBounce(message.bytes, { headers })));
    }
    return results;
  });
}
