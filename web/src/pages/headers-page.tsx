/**
 * The Headers page: paste a message's headers (or choose a file); `POST /api/headers` answers
 * the analysis that `maildoctor headers` prints: the route as a timeline, origin first, with
 * the delay at each hop; SPF, DKIM, DMARC, ARC and alignment; Microsoft 365's anti-spam stamps
 * decoded (SCL, BCL, compauth, the folder, every field of X-Forefront-Antispam-Report) and
 * other filters' verdicts; and the findings.
 * @module
 */
import { useCallback, useState } from 'react';
import type { HeaderReport, HeadersResultJson } from '../api/api-types.js';
import { analyzeHeaders, type MessageSource } from '../api/endpoints.js';
import { Busy, FailureNotice } from '../components/failure-notice.js';
import { duration, utcTime } from '../components/format.js';
import { EMPTY_DRAFT, MessageInput, draftSource, type MessageDraft } from '../components/message-input.js';
import { SeverityBadge, StatusBadge, badgeStatusOf } from '../components/status-badge.js';
import { useApiCall } from '../components/use-api-call.js';

type Hop = HeaderReport['route']['hops'][number];
type Microsoft = NonNullable<HeaderReport['microsoft']>;

/** The width of a hop's delay bar: a share of the longest delay of the route, at least a sliver when there is any. */
export function delayShare(delay: number | null, longest: number): number {
  if (delay === null || delay <= 0 || longest <= 0) return 0;
  return Math.max(2, Math.round((delay / longest) * 100));
}

function RouteTimeline({ route }: { route: HeaderReport['route'] }) {
  const longest = Math.max(0, ...route.hops.map((h) => h.delaySeconds ?? 0));
  if (route.hops.length === 0) return <p className="muted">No Received headers: the route is unknown.</p>;
  return (
    <>
      <p>
        {route.hops.length} hop{route.hops.length === 1 ? '' : 's'}
        {route.totalSeconds !== null ? <>, <strong>{duration(route.totalSeconds)}</strong> from the first to the last</> : null}.
      </p>
      <ol className="timeline" aria-label="Route, origin first">
        {route.hops.map((hop: Hop) => {
          const share = delayShare(hop.delaySeconds, longest);
          const slow = hop.delaySeconds !== null && hop.delaySeconds >= 300;
          return (
            <li key={hop.headerIndex} className={`hop${hop.external ? ' hop-external' : ''}${route.boundaryHop === hop.hop ? ' hop-boundary' : ''}`}>
              <div className="hop-head">
                <span className="hop-number">Hop {hop.hop}</span>
                <span className="hop-time">{hop.date ? utcTime(hop.date.iso, true) : hop.dateProblem ? `date ${hop.dateProblem}` : ''}</span>
              </div>
              <p className="hop-path">
                <strong>{hop.from ?? hop.helo ?? 'unknown'}</strong>
                {hop.fromIp ? <span className="muted"> [{hop.fromIp}]</span> : null}
                <span aria-hidden="true"> → </span><span className="visually-hidden"> to </span>
                <strong>{hop.by ?? 'unknown'}</strong>
              </p>
              <p className="hop-tags">
                {hop.encrypted === true ? <span className="tag">encrypted{hop.tls?.version ? ` (${hop.tls.version})` : ''}</span> : hop.encrypted === false ? <span className="tag tag-warn"><span aria-hidden="true">! </span>not encrypted</span> : null}
                {hop.authenticated ? <span className="tag">authenticated</span> : null}
                {hop.external ? <span className="tag">from outside</span> : null}
                {route.boundaryHop === hop.hop ? <span className="tag">entered the receiving organisation</span> : null}
                {hop.mayBeForged ? <span className="tag tag-warn"><span aria-hidden="true">! </span>may be forged</span> : null}
                {hop.protocol ? <span className="tag">{hop.protocol}</span> : null}
              </p>
              {hop.delaySeconds !== null ? (
                <div className="delay">
                  <span className={slow ? 'delay-text delay-slow' : 'delay-text'}>
                    {slow ? <span aria-hidden="true">! </span> : null}
                    {hop.delaySeconds < 0 ? `clock ${duration(-hop.delaySeconds)} behind the hop before` : `+${duration(hop.delaySeconds)} after the hop before`}
                  </span>
                  <span className="delay-bar" aria-hidden="true"><span className={slow ? 'delay-fill delay-fill-slow' : 'delay-fill'} style={{ width: `${share}%` }} /></span>
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}

function Authentication({ auth }: { auth: HeaderReport['authentication'] }) {
  const rows: { name: string; result: string | null; detail: string }[] = [
    { name: 'SPF', result: auth.spf, detail: auth.alignment.spf ? `${auth.alignment.spf.domain} (${auth.alignment.spf.alignment} alignment)` : '' },
    { name: 'DKIM', result: auth.dkim, detail: auth.alignment.dkim.map((d) => `${d.domain} ${d.result}`).join(', ') || (auth.dkimSignatures.length === 0 ? 'not signed' : auth.dkimSignatures.map((s) => `d=${s.domain ?? '?'} s=${s.selector ?? '?'}`).join(', ')) },
    { name: 'DMARC', result: auth.dmarc?.result ?? null, detail: auth.dmarc ? [auth.dmarc.domain, auth.dmarc.policy ? `policy ${auth.dmarc.policy}` : null, auth.dmarc.action ? `action ${auth.dmarc.action}` : null, auth.dmarc.by ? `by ${auth.dmarc.by}` : null].filter(Boolean).join(', ') : '' },
    { name: 'ARC', result: auth.arc.status, detail: auth.arc.problems.join('; ') || (auth.arc.instances.length > 0 ? `${auth.arc.instances.length} instance(s)` : '') },
  ];
  return (
    <>
      <ul className="auth-list">
        {rows.map((row) => (
          <li key={row.name}>
            <strong className="auth-name">{row.name}</strong> <StatusBadge status={badgeStatusOf(row.result)} label={row.result ?? 'none'} />
            {row.detail ? <span className="muted"> {row.detail}</span> : null}
          </li>
        ))}
      </ul>
      <p>
        From domain <code>{auth.alignment.fromDomain ?? '(none)'}</code>:{' '}
        {auth.alignment.aligned === true ? <StatusBadge status="pass" label="aligned" /> : auth.alignment.aligned === false ? <StatusBadge status="fail" label="not aligned" /> : <StatusBadge status="none" label="alignment unknown" />}
        {auth.alignment.multipleFrom ? <span className="tag tag-warn">several From addresses</span> : null}
      </p>
    </>
  );
}

function MicrosoftStamps({ ms }: { ms: Microsoft }) {
  const levels = [ms.scl ? { name: 'SCL (spam confidence)', level: ms.scl } : null, ms.bcl ? { name: 'BCL (bulk complaint)', level: ms.bcl } : null, ms.pcl ? { name: 'PCL (phishing confidence)', level: ms.pcl } : null].filter((x) => x !== null);
  const fields = [
    ...(ms.forefront ?? []).map((f) => ({ ...f, header: 'X-Forefront-Antispam-Report' })),
    ...(ms.antispam ?? []).map((f) => ({ ...f, header: 'X-Microsoft-Antispam' })),
    ...(ms.mailboxDelivery ?? []).map((f) => ({ ...f, header: 'X-Microsoft-Antispam-Mailbox-Delivery' })),
  ];
  return (
    <>
      <dl className="facts">
        {levels.map((l) => (
          <div key={l.name}><dt>{l.name}</dt><dd><strong>{l.level.value}</strong>: {l.level.meaning}{l.level.folder ? ` → ${l.level.folder}` : ''}</dd></div>
        ))}
        {ms.compauth ? (
          <div>
            <dt>compauth</dt>
            <dd><StatusBadge status={badgeStatusOf(ms.compauth.result)} label={ms.compauth.result} /> {ms.compauth.resultMeaning}{ms.compauth.reason ? ` (reason ${ms.compauth.reason}: ${ms.compauth.reasonMeaning ?? 'unknown'})` : ''}</dd>
          </div>
        ) : null}
        {ms.folder ? <div><dt>Folder</dt><dd><strong>{ms.folder.folder}</strong> <span className="muted">({ms.folder.basis})</span></dd></div> : null}
      </dl>
      {fields.length > 0 ? (
        <details>
          <summary>Every anti-spam field, decoded ({fields.length})</summary>
          <div className="table-box" tabIndex={0} role="region" aria-label="Microsoft anti-spam fields">
            <table>
              <thead><tr><th scope="col">Field</th><th scope="col">Value</th><th scope="col">Meaning</th></tr></thead>
              <tbody>
                {fields.map((f, i) => (
                  <tr key={`${f.header}-${f.field}-${i}`}>
                    <td><code>{f.field}</code></td>
                    <td><code>{f.raw}</code></td>
                    <td>{f.meaning ?? f.name ?? <span className="muted">undocumented</span>}{f.meaning && f.name ? <span className="muted"> ({f.name})</span> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </>
  );
}

export function HeaderReportView({ report }: { report: HeadersResultJson }) {
  const m = report.message;
  return (
    <section className="result" aria-label="Header analysis">
      <h2>{m.subject ?? '(no subject)'}</h2>
      <dl className="facts">
        {m.from ? <div><dt>From</dt><dd>{m.from}</dd></div> : null}
        {m.to ? <div><dt>To</dt><dd>{m.to}</dd></div> : null}
        {m.date ? <div><dt>Date</dt><dd>{m.date}</dd></div> : null}
        {m.messageId ? <div><dt>Message-ID</dt><dd><code>{m.messageId}</code></dd></div> : null}
        {report.source !== 'message' ? <div><dt>Analysed</dt><dd>{report.source.replace(/-/g, ' ')}</dd></div> : null}
      </dl>
      {report.findings.length > 0 ? (
        <section aria-label="Findings">
          <h3>Findings</h3>
          <ul className="findings">
            {report.findings.map((f, i) => (
              <li key={`${f.code}-${i}`}>
                <SeverityBadge severity={f.severity} /> <code>{f.code}</code>
                <p>{f.message}</p>
                {f.fix ? <p className="fix"><span className="muted">Fix:</span> {f.fix}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-label="Route">
        <h3>Route</h3>
        <RouteTimeline route={report.route} />
      </section>
      <section aria-label="Authentication">
        <h3>Authentication</h3>
        <Authentication auth={report.authentication} />
      </section>
      {report.microsoft ? (
        <section aria-label="Microsoft 365 anti-spam">
          <h3>Microsoft 365 anti-spam</h3>
          <MicrosoftStamps ms={report.microsoft} />
        </section>
      ) : null}
      {report.filters.length > 0 ? (
        <section aria-label="Other filters">
          <h3>Other filters</h3>
          <ul className="auth-list">
            {report.filters.map((f, i) => (
              <li key={`${f.filter}-${i}`}>
                <strong>{f.filter}</strong> ({f.vendor}){' '}
                {f.verdict ? <StatusBadge status={f.verdict === 'spam' ? 'fail' : 'pass'} label={f.verdict} /> : null}
                {f.score !== null ? <span className="muted"> score {f.score}{f.required !== null ? ` of ${f.required}` : ''}</span> : null}
                {f.tests.length > 0 ? <span className="muted"> — {f.tests.slice(0, 12).join(', ')}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {report.notes.length > 0 ? (
        <ul className="notes">
          {report.notes.map((n, i) => <li key={`${n.code}-${i}`}><span className="muted">Note:</span> {n.message}</li>)}
        </ul>
      ) : null}
    </section>
  );
}

export function HeadersPage() {
  const [draft, setDraft] = useState<MessageDraft>(EMPTY_DRAFT);
  const [result, analyze] = useApiCall(useCallback((signal: AbortSignal, source: MessageSource) => analyzeHeaders(source, signal), []));
  const source = draftSource(draft, 'pasted headers');
  return (
    <>
      <h1>Read a message's headers</h1>
      <p className="lead">
        Paste the headers of a message (in Outlook: File › Properties › Internet headers; in Outlook on the web: … › View › View
        message details), or choose the saved message. Nothing is looked up: the analysis reads what the servers wrote.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (source) void analyze(source);
        }}
      >
        <MessageInput
          draft={draft}
          onChange={setDraft}
          label="The headers"
          hint="For a bounce, the headers of the returned original are analysed."
          accept=".eml,.msg,.txt,message/rfc822,text/plain"
          placeholder={'Received: from mail.contoso.com (198.51.100.7) by …\nAuthentication-Results: spf=pass …'}
        />
        <div className="buttons">
          <button type="submit" className="button-primary" disabled={!source || result.state === 'running'}>Analyse</button>
        </div>
      </form>
      <div aria-live="polite">
        {result.state === 'running' ? <Busy text="Reading the headers…" /> : null}
        {result.state === 'failed' ? <FailureNotice failure={result.failure} what="Headers" /> : null}
      </div>
      {result.state === 'done' ? <HeaderReportView report={result.value} /> : null}
    </>
  );
}
