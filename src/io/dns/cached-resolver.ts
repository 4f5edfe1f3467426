/**
 * One answer per name and type for the length of a run: checks that ask the same question
 * (the MX hosts' addresses, an SPF include used twice) share one query, including one still
 * in flight. Never global: a new cache per run (no module-level state).
 * @module
 */
import { normalizeQueryName, type DnsAnswer, type DnsRecordType, type DnsResolver } from './resolver.js';

export function cacheAnswers(inner: DnsResolver): DnsResolver {
  const answers = new Map<string, Promise<DnsAnswer>>();
  return {
    description: inner.description,
    query<T extends DnsRecordType>(rawName: string, type: T): Promise<DnsAnswer<T>> {
      const name = normalizeQueryName(rawName);
      const key = `${name}|${type}`;
      let pending = answers.get(key);
      if (!pending) {
        pending = inner.query(name, type);
        answers.set(key, pending);
      }
      return pending.then((a) => structuredClone(a)) as Promise<DnsAnswer<T>>;
    },
  };
}
