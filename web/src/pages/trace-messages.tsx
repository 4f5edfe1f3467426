/**
 * The filterable message table (`GET /api/trace/query`, the filters of `trace query`) and, for
 * the message chosen in it, its timeline (`GET /api/trace/message`): the recipients with the
 * NDR knowledge of each failure and every event in time order.
 * @module
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Actor, TraceMessageJson, TraceRowJson } from '../api/api-types.js';
import { queryTrace, traceMessage, type TraceFilters } from '../api/endpoints.js';
import { Busy, FailureNotice } from '../components/failure-notice.js';
import { bytes, count, utcTime } from '../components/format.js';
import { ACTOR_TEXT } from '../components/owner-strip.js';
import { StatusBadge, type BadgeStatus } from '../components/status-badge.js';
import { useApiCall } from '../components/use-api-call.js';

const STATUSES = ['delivered', 'failed', 'pending', 'expanded', 'quarantined', 'filtered-as-spam', 'getting-status', 'recalled', 'none'];
const PAGE = 100;

export function deliveryBadge(status: string | null): BadgeStatus {
  if (status === 'delivered' || status === 'expanded') return 'pass';
  if (status === 'failed') return 'fail';
  if (status === 'pending' || status === 'getting-status' || status === 'quarantined' || status === 'filtered-as-spam') return 'warn';
  return 'none';
}

function Filter({ label, value, onChange, type = 'text', placeholder }: { label: string; value: string; onChange(v: string): void; type?: string; placeholder?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type} value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} autoComplete="off" spellCheck={false} />
    </div>
  );
}

function MessageTimeline({ id, recipient, onClose }: { id: string; recipient: string; onClose(): void }) {
  const [state, load] = useApiCall(useCallback((signal: AbortSignal, messageId: string) => traceMessage(messageId, signal), []));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    void load(id);
    heading.current?.focus();
  }, [id, load]);
  return (
    <section className="card timeline-panel" aria-label="Message timeline">
      <div className="panel-head">
        <h3 ref={heading} tabIndex={-1}>Message timeline</h3>
        <button type="button" className="button-small" onClick={onClose}>Close</button>
      </div>
      <p className="muted small"><code>{id}</code></p>
      {state.state === 'running' ? <Busy text="Loading the message…" /> : null}
      {state.state === 'failed' ? <FailureNotice failure={state.failure} what="Message timeline" /> : null}
      {state.state === 'done' ? <TimelineView data={state.value} recipient={recipient} /> : null}
    </section>
  );
}

/** The chosen recipient first, the others in the stored order. */
export function chosenFirst<T extends { recipient: string }>(items: readonly T[], recipient: string | null): T[] {
  return [...items.filter((r) => r.recipient === recipient), ...items.filter((r) => r.recipient !== recipient)];
}

function Events({ events, recipient }: { events: TraceMessageJson['messages'][number]['events']; recipient: string | null }) {
  const own = events.filter((e) => e.recipient === recipient);
  const [all, setAll] = useState(own.length === 0);
  const shown = all ? events : own;
  if (events.length === 0) return <p className="muted">The export held no events (import Get-MessageTraceDetail or an extended report for them).</p>;
  return (
    <>
      <p className="muted small">
        {all ? `All ${events.length} events of the message.` : `The ${own.length} events of ${recipient}.`}{' '}
        {own.length > 0 && own.length < events.length ? (
          <button type="button" className="link-button" onClick={() => setAll(!all)}>
            {all ? `Show only ${recipient}'s` : `Show all ${events.length} (every recipient)`}
          </button>
        ) : null}
      </p>
      <ol className="events">
        {shown.map((e, i) => (
          <li key={`${e.at}-${e.recipient}-${e.event}-${i}`}>
            <span className="event-time">{utcTime(e.at, true)}</span> <strong>{e.event}</strong>
            {e.action ? <span className="muted"> ({e.action})</span> : null} <span className="muted">{e.recipient}</span>
            {e.statusCode ? <> <code>{e.statusCode}</code></> : null}
            {e.detail ? <p className="event-detail">{e.detail.slice(0, 500)}</p> : null}
          </li>
        ))}
      </ol>
    </>
  );
}

export function TimelineView({ data, recipient = null }: { data: TraceMessageJson; recipient?: string | null }) {
  if (data.messages.length === 0) return <p className="muted">No stored message has this id.</p>;
  return (
    <>
      {data.messages.map((m) => (
        <div key={m.message.messageKey} className="timeline-message">
          <dl className="facts">
            <div><dt>Subject</dt><dd>{m.message.subject ?? '(none)'}</dd></div>
            <div><dt>Sender</dt><dd>{m.message.sender ?? ''}</dd></div>
            <div><dt>Received</dt><dd>{utcTime(m.message.receivedAt, true)}</dd></div>
            {m.message.direction ? <div><dt>Direction</dt><dd>{m.message.direction}</dd></div> : null}
            {m.message.size !== null ? <div><dt>Size</dt><dd>{bytes(m.message.size)}</dd></div> : null}
            {m.message.fromIp ? <div><dt>From IP</dt><dd>{m.message.fromIp}</dd></div> : null}
          </dl>
          <h4>Recipients</h4>
          <ul className="timeline-recipients">
            {chosenFirst(m.recipients, recipient).map((r) => (
              <li key={r.recipient} className={r.recipient === recipient ? 'chosen' : undefined}>
                <StatusBadge status={deliveryBadge(r.status)} label={r.status ?? 'unknown'} /> <strong>{r.recipient}</strong>
                {r.recipient === recipient && m.recipients.length > 1 ? <span className="tag">chosen</span> : null}
                <span className="muted"> {utcTime(r.statusAt, true)}</span>
                {r.failure ? (
                  <div className="failure">
                    <p>
                      {r.failure.statusCode ? <code>{r.failure.statusCode}</code> : null} <strong>{r.failure.reasonTitle}</strong> ({r.failure.reason})
                      {' · '}who must act: {ACTOR_TEXT[r.failure.actor as Actor] ?? r.failure.actor}
                    </p>
                    <p>{r.failure.explanation.summary}</p>
                    <details>
                      <summary>What to do</summary>
                      {r.failure.explanation.user.length > 0 ? <><h5>For the sender</h5><ol>{r.failure.explanation.user.map((s) => <li key={s}>{s}</li>)}</ol></> : null}
                      {r.failure.explanation.admin.length > 0 ? <><h5>For the mail admin</h5><ol>{r.failure.explanation.admin.map((s) => <li key={s}>{s}</li>)}</ol></> : null}
                      <p className="muted small">The server's text: <q>{r.failure.text.slice(0, 600)}</q></p>
                    </details>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
          <h4>Events</h4>
          <Events events={m.events} recipient={recipient} />
        </div>
      ))}
    </>
  );
}

export function TraceMessages({ refresh }: { refresh: number }) {
  const [sender, setSender] = useState('');
  const [recipient, setRecipient] = useState('');
  const [domain, setDomain] = useState('');
  const [status, setStatus] = useState('');
  const [subject, setSubject] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [selected, setSelected] = useState<{ id: string; recipient: string } | null>(null);
  const [rows, query] = useApiCall(useCallback((signal: AbortSignal, filters: TraceFilters) => queryTrace(filters, signal), []));
  const statusId = useId();

  const filters = (): TraceFilters => ({
    ...(sender.trim() ? { sender: sender.trim() } : {}),
    ...(recipient.trim() ? { recipient: recipient.trim() } : {}),
    ...(domain.trim() ? { domain: domain.trim() } : {}),
    ...(status ? { status } : {}),
    ...(subject.trim() ? { subject: subject.trim() } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    limit: PAGE,
  });
  // Reload after an import (only `refresh` triggers it); the filters apply when the form is sent.
  useEffect(() => void query(filters()), [refresh, query]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setSelected(null);
    void query(filters());
  };

  return (
    <section aria-label="Messages">
      <h2>Messages</h2>
      <form className="filters" onSubmit={submit}>
        <Filter label="Sender" value={sender} onChange={setSender} placeholder="*@contoso.com" />
        <Filter label="Recipient" value={recipient} onChange={setRecipient} />
        <Filter label="Domain" value={domain} onChange={setDomain} />
        <div className="field">
          <label htmlFor={statusId}>Status</label>
          <select id={statusId} value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </div>
        <Filter label="Subject contains" value={subject} onChange={setSubject} />
        <Filter label="Since (UTC)" type="date" value={since} onChange={setSince} />
        <Filter label="Until (UTC)" type="date" value={until} onChange={setUntil} />
        <div className="buttons"><button type="submit" className="button-primary">Filter</button></div>
      </form>
      <div aria-live="polite">
        {rows.state === 'running' ? <Busy text="Querying…" /> : null}
        {rows.state === 'failed' ? <FailureNotice failure={rows.failure} what="Messages" /> : null}
        {rows.state === 'done' ? <p>{count(rows.value.count)} rows{rows.value.more ? ` (the newest ${count(rows.value.limit)}; narrow the filters for others)` : ''}.</p> : null}
      </div>
      {selected ? <MessageTimeline id={selected.id} recipient={selected.recipient} onClose={() => setSelected(null)} /> : null}
      {rows.state === 'done' && rows.value.rows.length > 0 ? (
        <div className="table-box" tabIndex={0} role="region" aria-label="Message rows">
          <table className="message-table">
            <caption className="visually-hidden">Messages, newest first; choose a recipient to see the message's timeline</caption>
            <thead>
              <tr>
                <th scope="col">Received (UTC)</th>
                <th scope="col">Status</th>
                <th scope="col">Recipient</th>
                <th scope="col">Sender</th>
                <th scope="col">Subject</th>
              </tr>
            </thead>
            <tbody>
              {rows.value.rows.map((row: TraceRowJson) => {
                const id = row.messageId ?? row.messageKey;
                return (
                  <tr key={`${row.messageKey}-${row.recipient}`} className={selected?.id === id && selected.recipient === row.recipient ? 'selected' : undefined}>
                    <td className="nowrap">{utcTime(row.receivedAt)}</td>
                    <td><StatusBadge status={deliveryBadge(row.status)} label={row.status ?? 'unknown'} /></td>
                    <td>
                      <button type="button" className="link-button" onClick={() => setSelected({ id, recipient: row.recipient })} aria-label={`Timeline of the message to ${row.recipient}`}>
                        {row.recipient}
                      </button>
                    </td>
                    <td>{row.sender ?? ''}</td>
                    <td>{row.subject ?? ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
