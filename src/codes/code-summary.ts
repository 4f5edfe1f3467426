/**
 * A knowledge-base code entry as JSON output shows it (`explain --json`, `trace message --json`,
 * the API): the explanation without the entry's match phrases.
 * @module
 */
import type { CodeEntry } from './types.js';

export interface CodeSummaryJson {
  id: string;
  code: string | null;
  codeTo: string | null;
  title: string;
  cause: string;
  userSteps: string[];
  adminSteps: string[];
  actor: string;
  source: string;
}

export function codeSummary(entry: CodeEntry | null): CodeSummaryJson | null {
  if (!entry) return null;
  return {
    id: entry.id, code: entry.code, codeTo: entry.codeTo, title: entry.title, cause: entry.cause,
    userSteps: entry.userSteps, adminSteps: entry.adminSteps, actor: entry.actor, source: entry.source,
  };
}
