/**
 * The DMARC check: find the applying record, validate every tag, and check the external
 * report authorisations.
 * @module
 */
import type { DnsAnswer } from '../../io/dns/resolver.js';
import type { CheckContext } from '../context.js';
import { runCheck } from '../context.js';
import type { CheckResult } from '../types.js';
import { evaluateDmarc, reportDestinations, type DmarcData } from './evaluate-dmarc.js';
import { parseDmarc } from './parse-dmarc.js';
import { queryDmarc, queryReportAuthorization } from './query-dmarc.js';

export function checkDmarc(ctx: CheckContext, domain: string): Promise<CheckResult<DmarcData | null>> {
  return runCheck(ctx, 'dmarc', domain, async (c) => {
    const lookups = await queryDmarc(c.resolver, domain);
    const applying = lookups.direct.status === 'found' ? lookups.direct : lookups.org?.status === 'found' ? lookups.org : null;
    const record = applying?.records[0];
    const parsed = applying && record ? parseDmarc(record, applying.name) : null;
    const authorizations = new Map<string, DnsAnswer<'TXT'>>();
    if (parsed && applying) {
      const external = reportDestinations(parsed, applying.domain).filter((d) => d.external).slice(0, c.limits.dmarcReportUris);
      const destinations = [...new Set(external.map((d) => d.domain))];
      const answers = await Promise.all(destinations.map((dest) => queryReportAuthorization(c.resolver, applying.domain, dest)));
      for (const answer of answers) authorizations.set(answer.name, answer);
    }
    return evaluateDmarc(lookups, parsed, authorizations);
  });
}
