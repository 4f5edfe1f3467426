/**
 * The trace dashboard, from `GET /api/trace/report` (`trace report --json`): the totals, the
 * alerts, the delivery rate over time, failures by reason, the top failing recipient domains
 * and senders. Each chart is an SVG image with a table of the same numbers beside it.
 * @module
 */
import type { ReactNode } from 'react';
import type { Actor, TraceReportJson } from '../api/api-types.js';
import { BarChart } from '../components/bar-chart.js';
import { DataTable } from '../components/data-table.js';
import { count, percent, utcTime } from '../components/format.js';
import { LineChart } from '../components/line-chart.js';
import { ACTOR_TEXT } from '../components/owner-strip.js';
import { StatusBadge } from '../components/status-badge.js';
import { deliverySeries, rateAxisFloor, topFailingDomains, topFailingSenders } from './trace-series.js';

const TOP = 10;

const TREND_TEXT: Record<string, string> = { rising: '↑ rising', falling: '↓ falling', steady: '→ steady', new: '★ new' };

function Totals({ report }: { report: TraceReportJson }) {
  const t = report.totals;
  const tiles = [
    { label: 'Recipients', value: count(t.total) },
    { label: 'Delivered', value: count(t.delivered) },
    { label: 'Failed', value: count(t.failed) },
    { label: 'Pending', value: count(t.pending) },
    { label: 'Delivery rate', value: percent(t.deliveryRate) },
  ];
  return (
    <dl className="tiles" aria-label="Totals">
      {tiles.map((tile) => (
        <div key={tile.label} className="tile">
          <dt>{tile.label}</dt>
          <dd>{tile.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Alerts({ alerts }: { alerts: TraceReportJson['alerts'] }) {
  if (alerts.length === 0) {
    return <p className="notice notice-good"><span aria-hidden="true">✓ </span>No alerts: no sender far above its own baseline or near Exchange Online's limits, no domain failing for everyone, no authentication-failure spike, no mail pending for hours.</p>;
  }
  return (
    <ul className="alerts">
      {alerts.map((alert, i) => (
        <li key={`${alert.code}-${alert.subject.value}-${i}`} className={`card alert alert-${alert.severity}`}>
          <p className="alert-head">
            <StatusBadge status={alert.severity === 'error' ? 'fail' : alert.severity === 'warning' ? 'warn' : 'info'} label={alert.severity} />{' '}
            <strong>{alert.title}</strong>
          </p>
          <p><span className="muted">{alert.subject.kind}:</span> <code>{alert.subject.value}</code> <span className="muted">· {utcTime(alert.window.from)} – {utcTime(alert.window.to)} · {alert.code}</span></p>
          <p>{alert.message}</p>
          <details>
            <summary>What to do</summary>
            <ol>{alert.advice.map((a) => <li key={a}>{a}</li>)}</ol>
            <p className="muted small">Source: {alert.ref}</p>
          </details>
        </li>
      ))}
    </ul>
  );
}

function ChartPair({ title, chart, table }: { title: string; chart: ReactNode; table: ReactNode }) {
  return (
    <section className="chart-section" aria-label={title}>
      <h3>{title}</h3>
      <div className="chart-pair">
        <div className="chart-box">{chart}</div>
        <div className="chart-table">{table}</div>
      </div>
    </section>
  );
}

export function TraceDashboard({ report }: { report: TraceReportJson }) {
  if (report.range.hours === 0 || report.totals.total === 0) {
    return <p className="notice notice-muted">The trace database holds no messages in this range yet. Upload an export above.</p>;
  }
  const series = deliverySeries(report.byHour);
  const withMail = series.points.filter((p) => p.rate !== null);
  const lowest = withMail.reduce<(typeof withMail)[number] | null>((low, p) => (low === null || (p.rate ?? 1) < (low.rate ?? 1) ? p : low), null);
  const reasons = report.failuresByReason.slice(0, TOP);
  const domains = topFailingDomains(report, TOP);
  const senders = topFailingSenders(report.bySender, TOP);
  return (
    <div className="dashboard">
      <p className="muted">
        {utcTime(report.range.since)} to {utcTime(report.range.until)} ({count(report.range.hours)} hours). Counts are recipients.
      </p>
      <Totals report={report} />
      <section aria-label="Alerts">
        <h3>Alerts ({report.alerts.length})</h3>
        <Alerts alerts={report.alerts} />
      </section>
      <ChartPair
        title={`Delivery rate per ${series.unit}`}
        chart={
          <LineChart
            title={`Delivery rate per ${series.unit}`}
            yMin={rateAxisFloor(series.points)}
            points={series.points.map((p) => ({ label: p.label, value: p.rate }))}
            summary={`${series.points.length} ${series.unit}s; overall ${percent(report.totals.deliveryRate)}${lowest ? `; lowest ${percent(lowest.rate)} at ${lowest.label}` : ''}.`}
          />
        }
        table={
          <DataTable
            caption={`Delivery rate per ${series.unit}`}
            hideCaption
            rows={series.points}
            rowKey={(p) => p.at}
            columns={[
              { header: series.unit === 'hour' ? 'Hour (UTC)' : 'Day (UTC)', cell: (p) => p.label },
              { header: 'Recipients', cell: (p) => count(p.total), numeric: true },
              { header: 'Failed', cell: (p) => count(p.failed), numeric: true },
              { header: 'Delivered', cell: (p) => percent(p.rate), numeric: true },
            ]}
          />
        }
      />
      <ChartPair
        title="Failures by reason"
        chart={<BarChart title="Failures by reason" items={reasons.map((r) => ({ label: r.reasonTitle ?? r.reason ?? 'no failure text', value: r.recipients, note: percent(r.share), tone: 'bad' }))} empty="No failures." />}
        table={
          <DataTable
            caption="Failures by reason"
            hideCaption
            rows={reasons}
            rowKey={(r, i) => `${r.reason ?? 'none'}-${i}`}
            columns={[
              { header: 'Reason', cell: (r) => <><code>{r.reason ?? '(none)'}</code>{r.reasonTitle ? ` ${r.reasonTitle}` : ''}</> },
              { header: 'Who must act', cell: (r) => (r.actor ? ACTOR_TEXT[r.actor as Actor] ?? r.actor : '') },
              { header: 'Recipients', cell: (r) => count(r.recipients), numeric: true },
              { header: 'Share', cell: (r) => percent(r.share), numeric: true },
            ]}
          />
        }
      />
      <ChartPair
        title="Top failing recipient domains"
        chart={<BarChart title="Top failing recipient domains" items={domains.map((d) => ({ label: d.domain, value: d.failed, note: `${percent(d.failureRate)} failed`, tone: 'bad' }))} empty="No domain had failures." />}
        table={
          <DataTable
            caption="Top failing recipient domains"
            hideCaption
            rows={domains}
            rowKey={(d) => d.domain}
            columns={[
              { header: 'Domain', cell: (d) => d.domain },
              { header: 'Failed', cell: (d) => count(d.failed), numeric: true },
              { header: 'Of', cell: (d) => count(d.total), numeric: true },
              { header: 'Rate', cell: (d) => percent(d.failureRate), numeric: true },
              { header: 'Trend', cell: (d) => (d.trend ? TREND_TEXT[d.trend] ?? d.trend : '') },
              { header: 'Top code', cell: (d) => d.topStatusCode ?? '' },
            ]}
          />
        }
      />
      <ChartPair
        title="Top failing senders"
        chart={<BarChart title="Top failing senders" items={senders.map((s) => ({ label: s.sender, value: s.failed, note: `${percent(s.failureRate)} failed`, tone: 'bad' }))} empty="No sender had failures." />}
        table={
          <DataTable
            caption="Top failing senders"
            hideCaption
            rows={senders}
            rowKey={(s) => s.sender}
            columns={[
              { header: 'Sender', cell: (s) => s.sender },
              { header: 'Failed', cell: (s) => count(s.failed), numeric: true },
              { header: 'Recipients', cell: (s) => count(s.recipients), numeric: true },
              { header: 'Rate', cell: (s) => percent(s.failureRate), numeric: true },
            ]}
          />
        }
      />
      {report.failuresByCode.length > 0 ? (
        <details>
          <summary>Failures by status code ({report.failuresByCode.length})</summary>
          <DataTable
            caption="Failures by status code"
            rows={report.failuresByCode}
            rowKey={(c, i) => `${c.statusCode ?? 'none'}-${c.reason ?? ''}-${i}`}
            columns={[
              { header: 'Code', cell: (c) => c.statusCode ?? '(no text)' },
              { header: 'Meaning', cell: (c) => c.codeTitle ?? c.reasonTitle ?? '' },
              { header: 'Recipients', cell: (c) => count(c.recipients), numeric: true },
              { header: 'Share', cell: (c) => percent(c.share), numeric: true },
            ]}
          />
        </details>
      ) : null}
    </div>
  );
}
