/**
 * One explained message (`POST /api/explain`), as `maildoctor explain` prints it: per
 * recipient the reason, status and reply, remote server, hard or soft, whose side must act
 * (the owner strip), the steps for the sender and for the admin, and the rule that decided with
 * the text it matched.
 * @module
 */
import type { BounceFactJson, ExplainResultJson } from '../api/api-types.js';
import { OwnerStrip } from '../components/owner-strip.js';

const KIND_TEXT: Record<string, string> = {
  'bounce': 'Delivery failed',
  'delay': 'Delivery delayed (the server is still retrying)',
  'delivered': 'Delivery report: delivered',
  'autoreply': 'Automatic reply (the message arrived)',
  'feedback': 'Feedback-loop complaint report',
  'not-bounce': 'Not a bounce',
};

/** The middle party of the owner strip: Microsoft 365 when Exchange Online or Outlook.com wrote the report. */
export function providerName(mta: string | null): string {
  return mta && /^(exchange-online|outlook-com|office365)/.test(mta) ? 'Microsoft 365' : 'Provider';
}

function outcome(fact: BounceFactJson): { icon: string; word: string; tone: string } {
  if (fact.reason === 'delivered' || fact.reason === 'vacation') return { icon: '✓', word: 'delivered', tone: 'good' };
  if (fact.action === 'delayed') return { icon: '…', word: 'delayed', tone: 'warn' };
  return { icon: '✗', word: 'failed', tone: 'bad' };
}

function Steps({ title, steps }: { title: string; steps: string[] }) {
  if (steps.length === 0) return null;
  return (
    <div className="steps">
      <h4>{title}</h4>
      <ol>
        {steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
    </div>
  );
}

export function RecipientFact({ fact, provider }: { fact: BounceFactJson; provider: string }) {
  const mark = outcome(fact);
  const codes = [fact.replyCode, fact.status].filter(Boolean).join(' ');
  const permanence = fact.permanent === true ? 'permanent' : fact.permanent === false ? 'temporary' : 'permanence unknown';
  return (
    <article className={`card recipient recipient-${mark.tone}`} aria-label={`${fact.recipient || 'Recipient'}: ${mark.word}`}>
      <h3>
        <span className={`mark mark-${mark.tone}`} aria-hidden="true">{mark.icon}</span> {fact.recipient || '(recipient not named)'}{' '}
        <span className="tag">{mark.word}</span>
      </h3>
      <p className="summary">{fact.explanation.summary}</p>
      <dl className="facts">
        <div><dt>Reason</dt><dd><code>{fact.reason}</code>{fact.code ? ` — ${fact.code.title}` : ''}</dd></div>
        <div><dt>Status</dt><dd>{codes || 'none given'}</dd></div>
        <div><dt>Hard or soft</dt><dd>{fact.hardBounce ? 'hard bounce' : 'soft bounce'} ({permanence})</dd></div>
        {fact.remoteMta ? <div><dt>Remote server</dt><dd>{fact.remoteMta}</dd></div> : null}
        {fact.reportingMta ? <div><dt>Reported by</dt><dd>{fact.reportingMta}</dd></div> : null}
        {fact.command ? <div><dt>Failed at</dt><dd>{fact.command}</dd></div> : null}
      </dl>
      {fact.diagnosticCode ? (
        <figure className="reply">
          <figcaption>The server replied</figcaption>
          <blockquote>{fact.diagnosticCode.slice(0, 1500)}</blockquote>
        </figure>
      ) : null}
      <OwnerStrip actor={fact.actor} provider={provider} />
      <Steps title="What you can do" steps={fact.explanation.user} />
      <Steps title="For the mail admin" steps={fact.explanation.admin} />
      <div className="evidence">
        <h4>Evidence</h4>
        <p>
          Decided by the rule <code>{fact.ruleId}</code> (read by the <code>{fact.mta}</code> parser)
          {fact.evidence ? (
            <>
              {' '}on the text: <q className="matched">{fact.evidence}</q>
            </>
          ) : null}
        </p>
        {fact.code ? (
          <p className="muted">
            Code {fact.code.code ?? ''}{fact.code.codeTo ? `–${fact.code.codeTo.split('.').pop()}` : ''}: {fact.code.cause}{' '}
            <a href={fact.code.source} target="_blank" rel="noreferrer noopener">Source</a>
          </p>
        ) : null}
      </div>
    </article>
  );
}

export function ExplainResultView({ result }: { result: ExplainResultJson }) {
  const provider = providerName(result.mta);
  const o = result.original;
  return (
    <section className="result" aria-label={`Result for ${result.file}`}>
      <h2>
        {KIND_TEXT[result.kind] ?? result.kind}
        {result.mta ? <span className="muted small"> (read by the {result.mta} parser)</span> : null}
      </h2>
      {result.subject ? <p><span className="muted">Subject:</span> {result.subject}</p> : null}
      {result.kind === 'not-bounce' && result.notBounceReason ? <p className="notice notice-muted">{result.notBounceReason}</p> : null}
      {result.bounces.map((fact, index) => (
        <RecipientFact key={`${fact.recipient}-${index}`} fact={fact} provider={provider} />
      ))}
      {o && (o.messageId || o.subject || o.sendingIp || o.dkim.length > 0) ? (
        <details className="original">
          <summary>The original message</summary>
          <dl className="facts">
            {o.messageId ? <div><dt>Message-ID</dt><dd><code>{o.messageId}</code></dd></div> : null}
            {o.subject ? <div><dt>Subject</dt><dd>{o.subject}</dd></div> : null}
            {o.from ? <div><dt>From</dt><dd>{o.from}</dd></div> : null}
            {o.to ? <div><dt>To</dt><dd>{o.to}</dd></div> : null}
            {o.date ? <div><dt>Date</dt><dd>{o.date}</dd></div> : null}
            {o.sendingIp ? <div><dt>Sent from</dt><dd>{o.sendingIp}</dd></div> : null}
            {o.dkim.map((d) => (
              <div key={`${d.domain}/${d.selector}`}><dt>DKIM</dt><dd>d={d.domain} s={d.selector}</dd></div>
            ))}
          </dl>
        </details>
      ) : null}
      {result.notes.length > 0 ? (
        <ul className="notes">
          {result.notes.map((note) => (
            <li key={note.code}><span aria-hidden="true">i </span><span className="muted">Note:</span> {note.message}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
