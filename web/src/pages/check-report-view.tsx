/**
 * A check report (`POST /api/check/...`, as `maildoctor check ... --json` prints it): the
 * verdict, then the checks grouped by area (receiving, sender authentication, reputation),
 * each with pass/warn/fail at a glance as icon and word, and its findings and data on demand
 * (<details>).
 * @module
 */
import type { CheckJson, CheckName, CheckReportJson } from '../api/api-types.js';
import { SeverityBadge, StatusBadge, badgeStatusOf } from '../components/status-badge.js';

export const CHECK_TITLES: Record<CheckName, string> = {
  resolver: 'DNS resolver',
  mx: 'MX (mail servers)',
  spf: 'SPF',
  dmarc: 'DMARC',
  dkim: 'DKIM',
  ptr: 'Reverse DNS (PTR)',
  dnsbl: 'IP blocklists',
  'dnsbl-domain': 'Domain blocklists',
  mtasts: 'MTA-STS',
  tlsrpt: 'TLS-RPT',
  smtp: 'SMTP and STARTTLS',
  dane: 'DANE',
  alignment: 'DMARC alignment',
};

export const CHECK_AREAS: { title: string; checks: CheckName[] }[] = [
  { title: 'Receiving mail', checks: ['mx', 'smtp', 'mtasts', 'tlsrpt', 'dane'] },
  { title: 'Sender authentication', checks: ['spf', 'dkim', 'dmarc', 'alignment'] },
  { title: 'Reputation', checks: ['ptr', 'dnsbl', 'dnsbl-domain'] },
  { title: 'DNS', checks: ['resolver'] },
];

/** The checks of a report grouped by area, in the areas' order; empty areas left out. */
export function groupChecks(checks: readonly CheckJson[]): { title: string; checks: CheckJson[] }[] {
  const known = new Set(CHECK_AREAS.flatMap((a) => a.checks));
  const groups = CHECK_AREAS.map((area) => ({ title: area.title, checks: checks.filter((c) => area.checks.includes(c.check)) }));
  const other = checks.filter((c) => !known.has(c.check));
  if (other.length > 0) groups.push({ title: 'Other', checks: other });
  return groups.filter((g) => g.checks.length > 0);
}

function tally(checks: readonly CheckJson[]): string {
  const counts = new Map<string, number>();
  for (const c of checks) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
}

function CheckItem({ check }: { check: CheckJson }) {
  const headline = check.findings.find((f) => f.severity === 'error') ?? check.findings.find((f) => f.severity === 'warning') ?? check.findings[0];
  return (
    <details className={`check check-${check.status}`}>
      <summary>
        <StatusBadge status={badgeStatusOf(check.status)} /> <strong>{CHECK_TITLES[check.check] ?? check.check}</strong>
        {headline ? <span className="check-headline"> — {headline.message}</span> : null}
      </summary>
      {check.findings.length === 0 ? <p className="muted">No findings.</p> : (
        <ul className="findings">
          {check.findings.map((f, i) => (
            <li key={`${f.code}-${i}`}>
              <SeverityBadge severity={f.severity} /> <code>{f.code}</code>
              <p>{f.message}</p>
              {f.fix ? <p className="fix"><span className="muted">Fix:</span> {f.fix}</p> : null}
              {f.ref ? <p className="muted small">Reference: {f.ref}</p> : null}
            </li>
          ))}
        </ul>
      )}
      {check.data !== undefined && check.data !== null ? (
        <details className="raw">
          <summary>Data</summary>
          <pre>{JSON.stringify(check.data, null, 2)}</pre>
        </details>
      ) : null}
    </details>
  );
}

export function CheckReportView({ report }: { report: CheckReportJson }) {
  return (
    <section className="result" aria-label={`Check of ${report.target}`}>
      <h2>
        <StatusBadge status={badgeStatusOf(report.verdict)} label={`overall: ${report.verdict}`} /> {report.target}
      </h2>
      <p className="muted">Checked {report.kind} at {report.at} with {report.resolver}.</p>
      {groupChecks(report.checks).map((group) => (
        <section key={group.title} className="area" aria-label={group.title}>
          <h3>{group.title} <span className="muted small">({tally(group.checks)})</span></h3>
          {group.checks.map((check, i) => (
            <CheckItem key={`${check.check}-${i}`} check={check} />
          ))}
        </section>
      ))}
      <details className="raw">
        <summary>DNS questions ({report.queries.length})</summary>
        <div className="table-box" tabIndex={0} role="region" aria-label="DNS questions">
          <table>
            <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Answer</th><th scope="col" className="num">ms</th></tr></thead>
            <tbody>
              {report.queries.map((q, i) => (
                <tr key={i}>
                  <td><code>{q.name}</code></td>
                  <td>{q.type}</td>
                  <td>{q.rcode}{q.records.length > 0 ? `: ${q.records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join(', ').slice(0, 300)}` : ''}</td>
                  <td className="num">{q.ms}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
