/**
 * The Codes page: the knowledge base of Exchange Online NDR codes and enhanced status codes,
 * searched as you type (`GET /api/codes?q=`, debounced so that a word typed quickly is one
 * request): a code (5.7.23), a reply (550 5.7.1), a range (5.7.606-649) or a pasted error line.
 * @module
 */
import { useCallback, useEffect, useId, useState } from 'react';
import type { Actor, CodeEntryJson } from '../api/api-types.js';
import { searchCodes } from '../api/endpoints.js';
import { Busy, FailureNotice } from '../components/failure-notice.js';
import { ACTOR_TEXT } from '../components/owner-strip.js';
import { useApiCall } from '../components/use-api-call.js';

/** Time the search waits after the last key before it asks the server. */
export const SEARCH_DEBOUNCE_MS = 250;
/** Entries shown before "Show all". */
const FIRST_SHOWN = 40;

export function codeLabel(entry: Pick<CodeEntryJson, 'code' | 'codeTo'>): string {
  if (!entry.code) return '(by its text)';
  return entry.codeTo ? `${entry.code}–${entry.codeTo.split('.').pop()}` : entry.code;
}

function CodeEntryView({ entry }: { entry: CodeEntryJson }) {
  return (
    <article className="card code-entry" aria-label={`${codeLabel(entry)} ${entry.title}`}>
      <h2 className="code-title">
        <code className="code">{codeLabel(entry)}</code> {entry.title}
      </h2>
      <p className="tags">
        <span className="tag">{entry.family === 'exchange-online' ? 'Exchange Online' : 'enhanced status code'}</span>
        <span className="tag">reason: {entry.reason}</span>
        {entry.permanent === true ? <span className="tag">permanent</span> : entry.permanent === false ? <span className="tag">temporary</span> : null}
        <span className="tag">who must act: {ACTOR_TEXT[entry.actor as Actor] ?? entry.actor}</span>
      </p>
      <p>{entry.cause}</p>
      <details>
        <summary>What to do</summary>
        {entry.userSteps.length > 0 ? (
          <>
            <h3>For the sender</h3>
            <ol>{entry.userSteps.map((s) => <li key={s}>{s}</li>)}</ol>
          </>
        ) : null}
        {entry.adminSteps.length > 0 ? (
          <>
            <h3>For the mail admin</h3>
            <ol>{entry.adminSteps.map((s) => <li key={s}>{s}</li>)}</ol>
          </>
        ) : null}
        {entry.examples.length > 0 ? (
          <>
            <h3>As servers write it</h3>
            <ul className="examples">{entry.examples.slice(0, 3).map((e) => <li key={e}><code>{e}</code></li>)}</ul>
          </>
        ) : null}
        <p className="muted small">
          Source: <a href={entry.source} target="_blank" rel="noreferrer noopener">{entry.source}</a>
          {entry.rfc ? ` · ${entry.rfc}` : ''}{entry.registryName ? ` · registry: ${entry.registryName}` : ''}
        </p>
      </details>
    </article>
  );
}

export function CodesPage() {
  const [query, setQuery] = useState('');
  const [all, setAll] = useState(false);
  // The answer keeps the words it answers, so that a slow answer is never shown as another's.
  const [result, search] = useApiCall(useCallback(async (signal: AbortSignal, q: string) => ({ q: q.trim(), entries: await searchCodes(q, signal) }), []));
  const fieldId = useId();
  const hintId = useId();

  useEffect(() => {
    const timer = window.setTimeout(() => {
      setAll(false);
      void search(query);
    }, SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [query, search]);

  const entries = result.state === 'done' ? result.value.entries : [];
  const answered = result.state === 'done' ? result.value.q : '';
  const shown = all ? entries : entries.slice(0, FIRST_SHOWN);
  return (
    <>
      <h1>NDR and status codes</h1>
      <form role="search" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor={fieldId}>Search the codes</label>
        <p id={hintId} className="hint">A code (5.7.23), a reply (550 5.7.1), a range (5.7.606-649) or an error line pasted from a bounce.</p>
        <input id={fieldId} type="search" aria-describedby={hintId} value={query} onChange={(event) => setQuery(event.target.value)} placeholder="5.7.23" autoComplete="off" spellCheck={false} />
      </form>
      <div aria-live="polite" className="search-status">
        {result.state === 'running' ? <Busy text="Searching…" /> : null}
        {result.state === 'failed' ? <FailureNotice failure={result.failure} what="Codes" /> : null}
        {result.state === 'done' ? (
          <p>
            {entries.length === 0
              ? `Nothing matches “${answered}”. Try the code alone (5.7.1) or the words of the error.`
              : answered === ''
                ? `${entries.length} entries in the knowledge base.`
                : `${entries.length} ${entries.length === 1 ? 'entry matches' : 'entries match'} “${answered}”.`}
          </p>
        ) : null}
      </div>
      <div className="code-list">
        {shown.map((entry) => <CodeEntryView key={entry.id} entry={entry} />)}
      </div>
      {shown.length < entries.length ? (
        <button type="button" onClick={() => setAll(true)}>Show all {entries.length}</button>
      ) : null}
    </>
  );
}
