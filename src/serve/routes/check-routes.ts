/**
 * `POST /api/check/domain`, `/api/check/path` and `/api/check/ip`: the live checks of
 * `maildoctor check`, on the server's resolver and connectors (src/serve/check-run.ts), and
 * answered as `check ... --json` prints them. Targets named in the request that are internal
 * (private addresses, local-network names) are refused with a 422 problem before anything is
 * asked; connections a check would make to internal addresses are refused by the guard and
 * reported as the finding `target.private-address`.
 * @module
 */
import { checkDomain } from '../../checks/check-domain.js';
import { checkIp } from '../../checks/check-ip.js';
import { checkPath } from '../../checks/check-path.js';
import { DNSBL_LISTS, selectDnsblLists } from '../../checks/dnsbl/dnsbl-lists.js';
import type { CheckReport } from '../../checks/types.js';
import { isMailDomain, normalizeDomain } from '../../core/domain-name.js';
import { parseIp, type IpAddress } from '../../core/ip-address.js';
import { checkReportJson } from '../../report/render-check-json.js';
import { startCheckRun, type CheckRun } from '../check-run.js';
import { addGuardFindings, refusedTarget } from '../guard/private-target-guard.js';
import { ApiError } from '../problem.js';
import { CheckDomainBodySchema, CheckIpBodySchema, CheckPathBodySchema, CheckReportSchema } from '../schemas/check-schemas.js';
import { problemResponses } from '../schemas/problem-schema.js';
import type { ApiApp, RouteContext } from '../route-context.js';
import type { z } from 'zod';

type CheckReportJson = z.output<typeof CheckReportSchema>;

function invalid(field: string, message: string): ApiError {
  return new ApiError('validation', `${field}: ${message}`, [{ field, message }]);
}

function domainOf(raw: string, field: string): string {
  const domain = normalizeDomain(raw);
  if (!isMailDomain(domain)) throw invalid(field, `"${raw}" is not a domain name`);
  return domain;
}

/** `local@domain` with a usable mail domain (the domain normalised), as `check path --from/--to` take it. */
function addressOf(raw: string, field: string): string {
  const text = raw.trim().replace(/^<(.*)>$/, '$1');
  const at = text.lastIndexOf('@');
  const local = text.slice(0, at);
  if (at < 1 || /[\s<>@]/.test(local) || local.length > 64) throw invalid(field, `"${raw}" is not an address such as alice@contoso.com`);
  return `${local}@${domainOf(text.slice(at + 1), field)}`;
}

function ipOf(raw: string, field: string): IpAddress {
  const ip = parseIp(raw);
  if (!ip) throw invalid(field, `"${raw}" is not an IPv4 or IPv6 address`);
  return ip;
}

function refuseInternal(route: RouteContext, target: { ip?: string; domain?: string }): void {
  if (route.config.allowPrivateTargets) return;
  const why = refusedTarget(target);
  if (why) throw new ApiError('private-target', why);
}

/** Runs checks on a fresh context and answers with the report, the guard's findings added. */
async function answer(route: RouteContext, run: (checkRun: CheckRun) => Promise<CheckReport>): Promise<CheckReportJson> {
  const checkRun = startCheckRun(route);
  try {
    const report = await run(checkRun);
    return addGuardFindings(checkReportJson(report) as CheckReportJson, checkRun.guard.refusals);
  } finally {
    checkRun.finish();
  }
}

const DESCRIPTION_TAIL = ' The resolver, ports and time limit are the server\'s (`serve --dns-server`, `--timeout`); targets inside private networks are refused unless the server runs with --allow-private-targets.';

export function registerCheckRoutes(app: ApiApp, route: RouteContext): void {
  // The checks stop at their own time limit; the route waits a little longer for the report.
  const handlerTimeout = Math.max(route.config.handlerTimeoutMs, route.config.checkTimeoutMs + 5_000);
  const responses = { 200: CheckReportSchema, ...problemResponses(400, 401, 413, 422, 500, 503) };

  app.post('/api/check/domain', {
    handlerTimeout,
    schema: {
      tags: ['checks'],
      summary: 'Check a domain',
      description: 'As a receiver (MX, SMTP and STARTTLS, MTA-STS, TLS-RPT, DANE) and as a sender (SPF, DMARC, DKIM), and its domain blocklists; the same as `maildoctor check domain --json`.' + DESCRIPTION_TAIL,
      security: [{ bearerAuth: [] }],
      body: CheckDomainBodySchema,
      response: responses,
    },
  }, async (request) => {
    const body = request.body;
    const domain = domainOf(body.domain, 'body.domain');
    refuseInternal(route, { domain });
    const lists = selectDnsblLists(DNSBL_LISTS, body.blocklists ?? []);
    const selectors = (body.selectors ?? []).map((s) => s.toLowerCase());
    return answer(route, (run) => checkDomain(run.ctx, domain, { selectors, timeoutMs: run.timeoutMs, smtp: run.smtpSettings(body.smtp, body.probeRcpt), lists }));
  });

  app.post('/api/check/path', {
    handlerTimeout,
    schema: {
      tags: ['checks'],
      summary: 'Check the path of one message',
      description: "What one message from a sender to a recipient would meet: SPF, DKIM, DMARC and alignment of the sender; MX, SMTP, TLS and policies of the recipient; the sending IP's reverse DNS and blocklists. The same as `maildoctor check path --json`." + DESCRIPTION_TAIL,
      security: [{ bearerAuth: [] }],
      body: CheckPathBodySchema,
      response: responses,
    },
  }, async (request) => {
    const body = request.body;
    const from = addressOf(body.from, 'body.from');
    const to = addressOf(body.to, 'body.to');
    const ip = body.ip === undefined ? undefined : ipOf(body.ip, 'body.ip');
    const helo = body.helo === undefined ? undefined : domainOf(body.helo, 'body.helo');
    refuseInternal(route, { domain: from.slice(from.lastIndexOf('@') + 1) });
    refuseInternal(route, { domain: to.slice(to.lastIndexOf('@') + 1) });
    if (body.ip !== undefined) refuseInternal(route, { ip: body.ip });
    const lists = selectDnsblLists(DNSBL_LISTS, body.blocklists ?? []);
    const dkimSignatures = (body.dkimSignatures ?? []).map((sig) => ({ domain: domainOf(sig.domain, 'body.dkimSignatures.domain'), selector: sig.selector.toLowerCase() }));
    return answer(route, (run) =>
      checkPath(run.ctx, { from, to, ...(ip ? { ip } : {}), ...(helo ? { helo } : {}), dkimSignatures, lists, timeoutMs: run.timeoutMs, smtp: run.smtpSettings(body.smtp, false) }),
    );
  });

  app.post('/api/check/ip', {
    handlerTimeout,
    schema: {
      tags: ['checks'],
      summary: 'Check a sending IP',
      description: 'Reverse DNS (present, forward-confirmed, not generic) and DNS blocklists; the same as `maildoctor check ip --json`.' + DESCRIPTION_TAIL,
      security: [{ bearerAuth: [] }],
      body: CheckIpBodySchema,
      response: responses,
    },
  }, async (request) => {
    const ip = ipOf(request.body.ip, 'body.ip');
    refuseInternal(route, { ip: request.body.ip });
    const lists = selectDnsblLists(DNSBL_LISTS, request.body.blocklists ?? []);
    return answer(route, (run) => checkIp(run.ctx, ip, { lists, timeoutMs: run.timeoutMs }));
  });
}
