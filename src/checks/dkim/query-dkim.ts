/**
 * The DNS side of DKIM: the key record at <selector>._domainkey.<domain> (RFC 6376 section
 * 3.6.2.1), and for the Microsoft 365 selectors also the CNAME, to recognise where it points.
 * Selectors are looked up in parallel.
 * @module
 */
import type { DnsAnswer, DnsResolver } from '../../io/dns/resolver.js';
import selectorsData from './selectors.json' with { type: 'json' };

export type DkimSelectorOrigin = 'user' | 'default';

export interface DkimSelectorSpec {
  selector: string;
  origin: DkimSelectorOrigin;
  provider: string | null;
  /** Also ask for the CNAME (Microsoft 365 publishes the selectors as CNAMEs). */
  cname: boolean;
}

export interface DkimSelectorAnswers extends DkimSelectorSpec {
  name: string;
  txt: DnsAnswer<'TXT'>;
  cnameAnswer: DnsAnswer<'CNAME'> | null;
}

interface SelectorEntry {
  selector: string;
  provider: string;
  cname: boolean;
}

/** The default selectors (data: selectors.json), in report order. */
export const DEFAULT_DKIM_SELECTORS: readonly SelectorEntry[] = (selectorsData as { selectors: SelectorEntry[] }).selectors;

/** The selectors to try: the user's first, then (unless `onlyUser`) the defaults, without repeats. */
export function dkimSelectorPlan(userSelectors: readonly string[], onlyUser: boolean, max: number): DkimSelectorSpec[] {
  const plan: DkimSelectorSpec[] = [];
  const seen = new Set<string>();
  for (const raw of userSelectors) {
    const selector = raw.trim().toLowerCase();
    if (!selector || seen.has(selector)) continue;
    seen.add(selector);
    const known = DEFAULT_DKIM_SELECTORS.find((d) => d.selector === selector);
    plan.push({ selector, origin: 'user', provider: known?.provider ?? null, cname: known?.cname ?? false });
  }
  if (!onlyUser) {
    for (const d of DEFAULT_DKIM_SELECTORS) {
      if (seen.has(d.selector)) continue;
      seen.add(d.selector);
      plan.push({ selector: d.selector, origin: 'default', provider: d.provider, cname: d.cname });
    }
  }
  return plan.slice(0, max);
}

export async function queryDkimSelectors(resolver: DnsResolver, domain: string, plan: readonly DkimSelectorSpec[]): Promise<DkimSelectorAnswers[]> {
  return Promise.all(
    plan.map(async (spec) => {
      const name = `${spec.selector}._domainkey.${domain}`;
      const [txt, cnameAnswer] = await Promise.all([resolver.query(name, 'TXT'), spec.cname ? resolver.query(name, 'CNAME') : Promise.resolve(null)]);
      return { ...spec, name, txt, cnameAnswer };
    }),
  );
}
