/**
 * `POST /api/diagnose`: one bounce diagnosed end to end, answered as `maildoctor diagnose
 * --json` prints it (src/diagnose/diagnosis-json.ts). The body is a message as for
 * `POST /api/explain` (raw bytes or JSON, `?name=`); a body holding several messages (an
 * mbox) is a 400, as the CLI refuses it. The live checks run on the server's CheckContext
 * (src/serve/check-run.ts: its resolver, ports, CA and time limit, never the request's) with
 * the private-target guard of the check routes: targets the bounce names (the failed
 * recipients' domains, the sender's domains, the sending IP) that are internal are refused with
 * a 422 problem before anything is asked, and connections to internal addresses are refused
 * and reported as `target.private-address` on the check that wanted them. The CLI's optional
 * Microsoft 365 service-incident note (its `m365 login`) is not added: the server has no such
 * sign-in. The message is never logged.
 * @module
 */
import type { z } from 'zod';
import { DNSBL_LISTS, selectDnsblLists } from '../../checks/dnsbl/dnsbl-lists.js';
import { domainOf } from '../../diagnose/plan-checks.js';
import { diagnoseBounce } from '../../diagnose/diagnose-bounce.js';
import { diagnosisJson } from '../../diagnose/diagnosis-json.js';
import { parseBounceIdentities } from '../../diagnose/parse-bounce-identities.js';
import { messagesOfBytes } from '../../io/input/read-inputs.js';
import { analyzeBounce } from '../../ndr/analyze-bounce.js';
import { startCheckRun } from '../check-run.js';
import { addGuardFindings, refusedTarget } from '../guard/private-target-guard.js';
import { ApiError } from '../problem.js';
import { DiagnoseQuerySchema, DiagnosisSchema } from '../schemas/diagnose-schemas.js';
import { messageBodySchema } from '../schemas/message-input-schemas.js';
import { problemResponses } from '../schemas/problem-schema.js';
import type { ApiApp, RouteContext } from '../route-context.js';
import { messageInput } from './message-input.js';

/** The one message of the body; several (an mbox) are refused, as `diagnose` refuses them. */
function oneMessage(bytes: Buffer, name: string): { file: string; bytes: Buffer } {
  const messages = messagesOfBytes(bytes, name);
  const first = messages.next();
  if (first.done) throw new ApiError('unreadable-input', 'the body holds no message');
  if (!messages.next().done) throw new ApiError('bad-request', 'the body holds more than one message: diagnose takes one bounce (use /api/explain for many)');
  return first.value;
}

/** Refuses (422) a bounce whose checks would look at internal names or addresses, unless the server allows them. */
function refuseInternalTargets(route: RouteContext, bytes: Buffer): void {
  if (route.config.allowPrivateTargets) return;
  const report = analyzeBounce(bytes, { headers: true });
  const facts = report.kind === 'bounce' || report.kind === 'delay' ? report.bounces.filter((b) => b.action === 'failed' || b.action === 'delayed' || b.action === null) : [];
  for (const fact of facts) {
    const ids = parseBounceIdentities(report, fact);
    const domains = [fact.recipient, ids.mailFrom, ids.from].map((a) => (a ? domainOf(a) : null)).concat(ids.dkim.map((d) => d.domain));
    for (const target of [...domains.filter((d): d is string => Boolean(d)).map((domain) => ({ domain })), ...(ids.sendingIp ? [{ ip: ids.sendingIp }] : [])]) {
      const why = refusedTarget(target);
      if (why) throw new ApiError('private-target', why);
    }
  }
}

export function registerDiagnoseRoute(app: ApiApp, route: RouteContext): void {
  // The checks stop at their own time limit; the route waits a little longer for the report (as the check routes).
  const handlerTimeout = Math.max(route.config.handlerTimeoutMs, route.config.checkTimeoutMs + 5_000);
  app.post('/api/diagnose', {
    handlerTimeout,
    schema: {
      tags: ['diagnose'],
      summary: 'Diagnose a bounce',
      description: "The bounce analysis, only the live checks its cause calls for, and a verdict with evidence, who must act, and notes for the user, the admin and the recipient's postmaster; the same as `maildoctor diagnose --json`. Send one message as the body, as for /api/explain. The resolver, ports and time limit are the server's (`serve --dns-server`, `--timeout`); a bounce whose checks would look at internal names or addresses is refused, and connections to private addresses are not made, unless the server runs with --allow-private-targets.",
      security: [{ bearerAuth: [] }],
      querystring: DiagnoseQuerySchema,
      body: messageBodySchema(),
      response: { 200: DiagnosisSchema, ...problemResponses(400, 401, 413, 415, 422, 500, 503) },
    },
  }, async (request) => {
    const input = messageInput(request.body as Parameters<typeof messageInput>[0], request.query.name);
    const message = oneMessage(input.bytes, input.name);
    refuseInternalTargets(route, message.bytes);
    const run = startCheckRun(route);
    try {
      const report = await diagnoseBounce(message.bytes, {
        file: message.file,
        ctx: run.ctx,
        smtp: run.smtpSettings(true, false),
        lists: selectDnsblLists(DNSBL_LISTS, []),
        timeoutMs: run.timeoutMs,
      });
      const json = diagnosisJson(report);
      // The guard's findings join the check that wanted the connection (in place, as for the check routes).
      addGuardFindings(json as unknown as Parameters<typeof addGuardFindings>[0], run.guard.refusals);
      // Interfaces have no index signature; the serializer checks the value against the schema.
      return json as unknown as z.output<typeof DiagnosisSchema>;
    } finally {
      run.finish();
    }
  });
}
