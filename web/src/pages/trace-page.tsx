/**
 * The Trace page: upload message-trace exports, then the dashboard of what is stored (the
 * report; "not available on this server" when the server has no report route) and the
 * message table with each message's timeline.
 * @module
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { traceReport } from '../api/endpoints.js';
import { Busy, FailureNotice } from '../components/failure-notice.js';
import { useApiCall } from '../components/use-api-call.js';
import { TraceDashboard } from './trace-dashboard.js';
import { TraceMessages } from './trace-messages.js';
import { TraceUpload } from './trace-upload.js';

export function TracePage() {
  const [refresh, setRefresh] = useState(0);
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [report, load] = useApiCall(useCallback((signal: AbortSignal, range: { since?: string; until?: string }) => traceReport(range, signal), []));
  const sinceId = useId();
  const untilId = useId();

  useEffect(() => {
    void load({ ...(since ? { since } : {}), ...(until ? { until } : {}) });
    // Only an import reloads it; the range applies when the form is sent.
  }, [refresh, load]);

  return (
    <>
      <h1>Message trace</h1>
      <p className="lead">Exchange Online message-trace exports, stored on this server: delivery over time, what fails and why, and every message's path.</p>
      <TraceUpload onImported={() => setRefresh((n) => n + 1)} />
      <section aria-label="Dashboard" className="dashboard-section">
        <h2>Dashboard</h2>
        <form
          className="filters"
          onSubmit={(event) => {
            event.preventDefault();
            void load({ ...(since ? { since } : {}), ...(until ? { until } : {}) });
          }}
        >
          <div className="field">
            <label htmlFor={sinceId}>From (UTC)</label>
            <input id={sinceId} type="date" value={since} onChange={(e) => setSince(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={untilId}>Until (UTC)</label>
            <input id={untilId} type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
          </div>
          <div className="buttons"><button type="submit">Show</button></div>
        </form>
        <div aria-live="polite">
          {report.state === 'running' ? <Busy text="Computing the report…" /> : null}
          {report.state === 'failed' ? <FailureNotice failure={report.failure} what="Dashboard" /> : null}
        </div>
        {report.state === 'done' ? <TraceDashboard report={report.value} /> : null}
      </section>
      <TraceMessages refresh={refresh} />
    </>
  );
}
