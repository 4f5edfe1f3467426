/**
 * Exchange Online's service health from the Microsoft Graph service communications API:
 * the service's current status (`GET /admin/serviceAnnouncement/healthOverviews/Exchange`)
 * and its open issues, incidents and advisories alike (`GET /admin/serviceAnnouncement/issues`
 * with `$filter=isResolved eq false`, every page), mail-flow ones first, each with its latest
 * update as plain text. Needs ServiceHealth.Read.All.
 * Source: microsoft-365-mail-facts.md section 5.1 ([GRAPH] serviceannouncement-list-healthoverviews,
 * serviceannouncement-list-issues, servicehealthissue, servicehealthissuepost).
 * @module
 */
import { htmlToText } from '../../mime/html-to-text.js';
import type { GraphClient, GraphFailure } from '../graph/graph-client.js';
import features from './mail-flow-features.json' with { type: 'json' };

/** The service name issues carry for Exchange Online. */
export const EXCHANGE_SERVICE = 'Exchange Online';

interface GraphIssuePost {
  createdDateTime?: string;
  postType?: string;
  description?: { contentType?: string; content?: string };
}

export interface GraphServiceHealthIssue {
  id: string;
  title?: string;
  impactDescription?: string;
  classification?: string;
  status?: string;
  service?: string;
  feature?: string;
  featureGroup?: string;
  isResolved?: boolean;
  startDateTime?: string;
  lastModifiedDateTime?: string;
  posts?: GraphIssuePost[];
}

export interface HealthIssue {
  id: string;
  title: string;
  classification: string;
  status: string;
  feature: string | null;
  featureGroup: string | null;
  mailFlow: boolean;
  impact: string | null;
  startedAt: string | null;
  lastModifiedAt: string | null;
  latestUpdate: { at: string | null; text: string } | null;
}

export interface ExchangeHealth {
  service: string;
  /** serviceOperational, serviceDegradation, serviceInterruption, ... (Graph's words). */
  status: string;
  issues: HealthIssue[];
}

const MAIL_FLOW = features.patterns.map((p) => new RegExp(p, 'i'));

export function isMailFlowIssue(issue: Pick<GraphServiceHealthIssue, 'feature' | 'featureGroup' | 'title'>): boolean {
  const text = [issue.feature, issue.featureGroup, issue.title].filter(Boolean).join(' | ');
  return MAIL_FLOW.some((re) => re.test(text));
}

function latestUpdate(posts: readonly GraphIssuePost[] | undefined): HealthIssue['latestUpdate'] {
  const sorted = [...(posts ?? [])].sort((a, b) => (a.createdDateTime ?? '').localeCompare(b.createdDateTime ?? ''));
  const last = sorted[sorted.length - 1];
  if (!last?.description?.content) return null;
  const content = last.description.content;
  const text = last.description.contentType?.toLowerCase() === 'text' ? content : htmlToText(content);
  return { at: last.createdDateTime ?? null, text: text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim() };
}

/** Mail flow first, then incidents before advisories, then the most recently changed. */
export function orderIssues(issues: HealthIssue[]): HealthIssue[] {
  return [...issues].sort((a, b) =>
    Number(b.mailFlow) - Number(a.mailFlow)
    || Number(b.classification.toLowerCase() === 'incident') - Number(a.classification.toLowerCase() === 'incident')
    || (b.lastModifiedAt ?? '').localeCompare(a.lastModifiedAt ?? ''));
}

export function toHealthIssue(issue: GraphServiceHealthIssue): HealthIssue {
  return {
    id: issue.id,
    title: issue.title ?? '(no title)',
    classification: issue.classification ?? 'unknown',
    status: issue.status ?? 'unknown',
    feature: issue.feature ?? null,
    featureGroup: issue.featureGroup ?? null,
    mailFlow: isMailFlowIssue(issue),
    impact: issue.impactDescription ?? null,
    startedAt: issue.startDateTime ?? null,
    lastModifiedAt: issue.lastModifiedDateTime ?? null,
    latestUpdate: latestUpdate(issue.posts),
  };
}

export async function getExchangeHealth(graph: GraphClient): Promise<{ ok: true; health: ExchangeHealth } | { ok: false; failure: GraphFailure }> {
  const overview = await graph.get<{ service?: string; status?: string }>('/v1.0/admin/serviceAnnouncement/healthOverviews/Exchange');
  if (!overview.ok) return overview;
  const issues = await graph.getAll<GraphServiceHealthIssue>(`/v1.0/admin/serviceAnnouncement/issues?$filter=${encodeURIComponent('isResolved eq false')}`);
  if (!issues.ok) return issues;
  // The filter is asked of the server and applied again here, with the service.
  const open = issues.value.filter((i) => i.isResolved !== true && (i.service ?? EXCHANGE_SERVICE) === EXCHANGE_SERVICE).map(toHealthIssue);
  return { ok: true, health: { service: overview.value.service ?? EXCHANGE_SERVICE, status: overview.value.status ?? 'unknown', issues: orderIssues(open) } };
}
