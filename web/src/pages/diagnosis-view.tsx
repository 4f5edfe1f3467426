/**
 * A diagnosis (`POST /api/diagnose`, as `maildoctor diagnose --json` gives it): per failed
 * recipient the verdict (the cause in one sentence, how sure, who must act, the evidence and
 * what was ruled out) and the three notes for the user, the admin and the recipient's
 * postmaster, each with a copy button; then the checks that ran and those that did not.
 * @module
 */
import type { DiagnosisCheck, DiagnosisJson, DiagnosisNotes, VerdictJson } from '../api/api-types.js';
import { CopyButton } from '../components/copy-button.js';
import { OwnerStrip } from '../components/owner-strip.js';
import { StatusBadge, badgeStatusOf } from '../components/status-badge.js';
import { providerName } from './explain-result-view.js';

const CONFIDENCE_TEXT: Record<string, string> = {
  high: 'high: a live check confirms it',
  medium: "medium: the bounce's own words",
  low: 'low: a guess from the kind of failure',
};

function Verdict({ verdict, notes, provider }: { verdict: VerdictJson; notes: DiagnosisNotes; provider: string }) {
  const admin = notes.admin.map((step, i) => `${i + 1}. ${step}`).join('\n');
  return (
    <article className="card verdict" aria-label={`Verdict${verdict.recipient ? ` for ${verdict.recipient}` : ''}`}>
      {verdict.recipient ? <h3>{verdict.recipient}</h3> : null}
      <p className="cause"><span className="muted">Cause:</span> <strong>{verdict.cause}</strong></p>
      <p>
        <span className="muted">Confidence:</span>{' '}
        <span className={`tag confidence-${verdict.confidence}`}>{CONFIDENCE_TEXT[verdict.confidence] ?? verdict.confidence}</span>
      </p>
      <OwnerStrip actor={verdict.actor} provider={provider} />
      {verdict.evidence.length > 0 ? (
        <div className="evidence">
          <h4>Evidence</h4>
          <ul className="evidence-list">
            {verdict.evidence.map((e, i) => (
              <li key={i}>
                <span aria-hidden="true">+ </span>
                <span className="tag">{e.source === 'bounce' ? 'bounce' : `${e.check ?? e.source}${e.target ? ` ${e.target}` : ''}`}</span>{' '}
                {e.code ? <code>{e.code}</code> : null} {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {verdict.ruledOut.length > 0 ? (
        <div className="ruled-out">
          <h4>Ruled out</h4>
          <ul className="evidence-list">
            {verdict.ruledOut.map((r, i) => (
              <li key={i}>
                <span aria-hidden="true">− </span>
                <span className="tag">{r.check} {r.target}</span> <StatusBadge status={badgeStatusOf(r.status)} /> {r.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="notes-grid">
        <section className="note" aria-label="Note for the user">
          <h4>For the user</h4>
          <p className="note-text">{notes.user}</p>
          <CopyButton text={notes.user} label="note for the user" />
        </section>
        <section className="note" aria-label="Note for the mail admin">
          <h4>For the mail admin</h4>
          <ol className="note-text">
            {notes.admin.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
          <CopyButton text={admin} label="note for the admin" />
        </section>
        {notes.postmaster ? (
          <section className="note" aria-label="Note for the recipient's postmaster">
            <h4>For the recipient's postmaster</h4>
            <pre className="note-text">{notes.postmaster}</pre>
            <CopyButton text={notes.postmaster} label="note for the postmaster" />
          </section>
        ) : null}
      </div>
    </article>
  );
}

function CheckLine({ check }: { check: DiagnosisCheck }) {
  return (
    <li>
      <StatusBadge status={badgeStatusOf(check.status)} /> <strong>{check.check}</strong>
      {check.target ? <> <code>{check.target}</code></> : null} <span className="muted">— {check.why}</span>
      {check.findings.length > 0 ? (
        <ul>
          {check.findings.map((f, i) => (
            <li key={i}><code>{f.code}</code> {f.message}</li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function DiagnosisView({ diagnosis }: { diagnosis: DiagnosisJson }) {
  const provider = providerName(diagnosis.bounce.mta);
  const recipients = diagnosis.bounce.recipients;
  const run = diagnosis.checks.filter((c) => c.status !== 'not-run');
  const notRun = diagnosis.checks.filter((c) => c.status === 'not-run');
  return (
    <section className="result diagnosis" aria-label="Diagnosis">
      <h2>Diagnosis{diagnosis.bounce.offline ? <span className="muted small"> (from the bounce alone, no live checks)</span> : null}</h2>
      {recipients.length > 0
        ? recipients.map((r, i) => <Verdict key={`${r.recipient}-${i}`} verdict={r.verdict} notes={r.notes} provider={provider} />)
        : <Verdict verdict={diagnosis.verdict} notes={diagnosis.notes} provider={provider} />}
      <details>
        <summary>Checks: {run.length} run, {notRun.length} not run</summary>
        {diagnosis.bounce.at ? <p className="muted">Run at {diagnosis.bounce.at}{diagnosis.bounce.resolver ? ` with ${diagnosis.bounce.resolver}` : ''}.</p> : null}
        <ul className="check-lines">{run.map((c, i) => <CheckLine key={`run-${i}`} check={c} />)}</ul>
        {notRun.length > 0 ? (
          <>
            <h4>Not run</h4>
            <ul className="check-lines">{notRun.map((c, i) => <CheckLine key={`not-${i}`} check={c} />)}</ul>
          </>
        ) : null}
      </details>
    </section>
  );
}
