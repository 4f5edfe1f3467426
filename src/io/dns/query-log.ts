/**
 * The evidence of a run: every DNS question asked, with its answer, rcode, the time it took,
 * when it was asked and whether the resolver vouched for it with the AD bit. A check's result
 * carries the queries it made; the report carries all of them.
 * @module
 */
import type { Clock } from '../clock.js';
import { normalizeQueryName, type DnsAnswer, type DnsRecordType, type DnsResolver } from './resolver.js';

export interface DnsQueryLog extends DnsAnswer {
  /** Milliseconds the answer took (0 when it came from the run's cache). */
  ms: number;
  /** When the question was asked (ISO 8601, from the run's clock). */
  at: string;
}

/**
 * An append-only list of queries in the order they were asked (parallel questions answered
 * out of order keep their asking order); `unique()` keeps the first entry per name and type.
 */
export class QueryLog {
  private readonly slots: (DnsQueryLog | null)[] = [];

  /** Reserves the place of a question being asked; `fill` it when the answer is in. */
  reserve(): number {
    return this.slots.push(null) - 1;
  }

  fill(slot: number, entry: DnsQueryLog): void {
    this.slots[slot] = entry;
  }

  add(entry: DnsQueryLog): void {
    this.slots.push(entry);
  }

  /** The answered questions. */
  get entries(): DnsQueryLog[] {
    return this.slots.filter((e): e is DnsQueryLog => e !== null);
  }

  unique(): DnsQueryLog[] {
    const seen = new Set<string>();
    return this.entries.filter((e) => {
      const key = `${e.name}|${e.type}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
}

/** Wraps a resolver so that every answer is added to each of `logs`. */
export function logQueries(inner: DnsResolver, clock: Clock, ...logs: QueryLog[]): DnsResolver {
  return {
    description: inner.description,
    async query<T extends DnsRecordType>(name: string, type: T): Promise<DnsAnswer<T>> {
      const at = clock.now().toISOString();
      const slots = logs.map((log) => log.reserve());
      const started = performance.now();
      const answer = await inner.query(normalizeQueryName(name), type);
      const entry: DnsQueryLog = { ...answer, ms: Math.round(performance.now() - started), at };
      logs.forEach((log, i) => log.fill(slots[i]!, entry));
      return answer;
    },
  };
}
