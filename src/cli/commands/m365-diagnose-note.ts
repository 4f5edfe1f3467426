/**
 * What `diagnose` adds when the user is signed in to Microsoft 365 (`m365 login`, or
 * MAILDOCTOR_GRAPH_TOKEN): for a bounce Exchange Online handled, the open Exchange Online
 * mail-flow incidents and advisories that had begun by the time of the failure, as notes
 * (`m365.service-incident-open`; `m365.service-health-unavailable` when Graph could not be
 * asked). Not signed in: nothing is asked and nothing is added. MAILDOCTOR_GRAPH_URL points it
 * at another Graph endpoint (tests); --ca-file of `diagnose` is trusted for it.
 * @module
 */
import { ToolkitError } from '../../core/errors.js';
import type { Finding } from '../../core/finding.js';
import type { DiagnosisReport } from '../../diagnose/types.js';
import { defaultLoginFilePath, readLoginFile } from '../../m365/auth/token-cache-file.js';
import { getExchangeHealth } from '../../m365/health/get-exchange-health.js';
import { matchServiceIncidents } from '../../m365/health/match-service-incidents.js';
import type { CliIo } from '../output.js';
import { graphClientFor } from './m365-graph.js';
import { cachedToken } from './m365-login.js';

const REF = 'https://learn.microsoft.com/graph/api/serviceannouncement-list-issues';

function handledByExchangeOnline(report: DiagnosisReport): boolean {
  return report.mta === 'exchange-online' || report.recipients.some((r) => /\.(?:outlook\.com|protection\.outlook\.com)$/i.test(r.fact.reportingMta ?? ''));
}

export async function serviceIncidentNotes(report: DiagnosisReport, io: CliIo, caFile: string | undefined): Promise<Finding[]> {
  if (report.recipients.length === 0 || !handledByExchangeOnline(report)) return [];
  if (!io.env['MAILDOCTOR_GRAPH_TOKEN'] && !readLoginFile(defaultLoginFilePath(io.env))) return [];
  try {
    const graphUrl = io.env['MAILDOCTOR_GRAPH_URL'];
    const { graph } = await graphClientFor({ ...(graphUrl ? { graphUrl } : {}), ...(caFile ? { caFile } : {}) }, io, cachedToken);
    const res = await getExchangeHealth(graph);
    if (!res.ok) return [{ code: 'm365.service-health-unavailable', severity: 'info', message: `Exchange Online service health could not be asked: ${res.failure.message}.`, ref: REF }];
    const failures = report.recipients.map((r) => ({ status: r.fact.status ?? null, date: r.fact.date ?? null }));
    return matchServiceIncidents(res.health, failures).map(({ issue, namesCode }) => ({
      code: 'm365.service-incident-open',
      severity: 'warning',
      message: `Exchange Online has an open ${issue.classification} about mail flow that may be the cause${namesCode ? ' (it names this status code)' : ''}: ${issue.id} "${issue.title}" (${issue.status}${issue.startedAt ? `, since ${issue.startedAt}` : ''})${issue.latestUpdate ? `. Latest update: ${issue.latestUpdate.text.replace(/\s+/g, ' ').slice(0, 300)}` : ''}. See \`maildoctor m365 health\`.`,
      ref: REF,
      data: { id: issue.id, classification: issue.classification, status: issue.status, namesCode },
    }));
  } catch (error) {
    if (error instanceof ToolkitError) return [{ code: 'm365.service-health-unavailable', severity: 'info', message: `Exchange Online service health could not be asked: ${error.message}.`, ref: REF }];
    throw error;
  }
}
