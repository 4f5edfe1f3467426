/**
 * `explain --summary`: groups analysed recipients by reason, recipient domain, remote server,
 * sending IP, status code and hard/soft, with counts and shares. Results are added one at a
 * time, so a summary over millions of messages keeps only the counters.
 * @module
 */
import type { ExplainResultJson } from './explain-json.js';

export const SUMMARY_GROUPS = ['reason', 'recipientDomain', 'remoteMta', 'sendingIp', 'status', 'hardness'] as const;
export type SummaryGroup = (typeof SUMMARY_GROUPS)[number];

export interface SummaryRow {
  key: string;
  count: number;
  /** Share of all recipients counted in the summary, 0..1. */
  share: number;
}

export interface Summary {
  messages: number;
  byKind: Record<string, number>;
  recipients: number;
  groups: Record<SummaryGroup, SummaryRow[]>;
  /** Messages that were not bounces or could not be read, with the reason: never dropped. */
  notAnalysed: { file: string; reason: string }[];
}

/** Most groups and unread messages kept in a summary; the rest are counted under "(other)". */
const MAX_KEYS_PER_GROUP = 10_000;
const MAX_LISTED_UNREAD = 100_000;

export class SummaryBuilder {
  private messages = 0;
  private recipients = 0;
  private readonly byKind = new Map<string, number>();
  private readonly counts = new Map<SummaryGroup, Map<string, number>>(SUMMARY_GROUPS.map((g) => [g, new Map()]));
  private readonly notAnalysed: { file: string; reason: string }[] = [];
  private unlisted = 0;

  add(result: ExplainResultJson): void {
    this.messages++;
    this.byKind.set(result.kind, (this.byKind.get(result.kind) ?? 0) + 1);
    if (result.kind === 'not-bounce') {
      if (this.notAnalysed.length < MAX_LISTED_UNREAD) this.notAnalysed.push({ file: result.file, reason: result.notBounceReason ?? 'not a bounce' });
      else this.unlisted++;
      return;
    }
    for (const b of result.bounces) {
      this.recipients++;
      this.count('reason', b.reason);
      this.count('recipientDomain', b.recipient.split('@')[1]?.toLowerCase() || '(none)');
      this.count('remoteMta', b.remoteMta?.toLowerCase() || '(not named)');
      this.count('sendingIp', result.original?.sendingIp || '(unknown)');
      this.count('status', b.status ?? '(none)');
      this.count('hardness', b.hardBounce ? 'hard' : 'soft');
    }
  }

  private count(group: SummaryGroup, key: string): void {
    const map = this.counts.get(group) as Map<string, number>;
    const k = map.has(key) || map.size < MAX_KEYS_PER_GROUP ? key : '(other)';
    map.set(k, (map.get(k) ?? 0) + 1);
  }

  build(): Summary {
    const total = this.recipients || 1;
    const groups = Object.fromEntries(SUMMARY_GROUPS.map((g) => {
      const rows = [...(this.counts.get(g) as Map<string, number>)]
        .map(([key, count]) => ({ key, count, share: count / total }))
        .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
      return [g, rows];
    })) as Record<SummaryGroup, SummaryRow[]>;
    const notAnalysed = [...this.notAnalysed];
    if (this.unlisted > 0) notAnalysed.push({ file: `(${this.unlisted} more)`, reason: 'not listed: over the listing limit' });
    return { messages: this.messages, byKind: Object.fromEntries(this.byKind), recipients: this.recipients, groups, notAnalysed };
  }
}
