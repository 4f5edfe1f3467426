/**
 * The Bounce page: paste an NDR or choose/drop an .eml, .msg or .txt file; "Explain" calls
 * `POST /api/explain` and shows each recipient; "Diagnose" calls `POST /api/diagnose` (live
 * checks on the server) and shows the verdict and the three notes, or says that this server
 * does not have it.
 * @module
 */
import { useCallback, useState } from 'react';
import { diagnoseBounce, explainBounce, type MessageSource } from '../api/endpoints.js';
import { Busy, FailureNotice } from '../components/failure-notice.js';
import { EMPTY_DRAFT, MessageInput, draftSource, type MessageDraft } from '../components/message-input.js';
import { useApiCall } from '../components/use-api-call.js';
import { DiagnosisView } from './diagnosis-view.js';
import { ExplainResultView } from './explain-result-view.js';

export function BouncePage() {
  const [draft, setDraft] = useState<MessageDraft>(EMPTY_DRAFT);
  const [explained, explain] = useApiCall(useCallback((signal: AbortSignal, source: MessageSource) => explainBounce(source, signal), []));
  const [diagnosed, diagnose, resetDiagnosis] = useApiCall(useCallback((signal: AbortSignal, source: MessageSource) => diagnoseBounce(source, signal), []));
  const source = draftSource(draft, 'pasted bounce');

  return (
    <>
      <h1>Why did my email bounce?</h1>
      <p className="lead">
        Paste the bounce (the “Undeliverable” or “Delivery Status Notification” message) or the whole message, or choose the file
        you saved. maildoctor says what happened, whose side must act, and what to do.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (source) {
            resetDiagnosis();
            void explain(source);
          }
        }}
      >
        <MessageInput
          draft={draft}
          onChange={setDraft}
          label="The bounce"
          hint="Text copied from Outlook or a webmail works; a saved .eml, .msg or .txt file gives the most detail."
          accept=".eml,.msg,.txt,message/rfc822,text/plain,application/vnd.ms-outlook"
          placeholder={'Delivery has failed to these recipients or groups:\n\nbob@fabrikam.example\n…\nRemote server returned \'550 5.1.10 RESOLVER.ADR.RecipientNotFound\''}
        />
        <div className="buttons">
          <button type="submit" className="button-primary" disabled={!source || explained.state === 'running'}>Explain</button>
          <button type="button" disabled={!source || diagnosed.state === 'running'} onClick={() => source && void diagnose(source)}>
            Diagnose with live checks
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {explained.state === 'running' ? <Busy text="Reading the bounce…" /> : null}
        {explained.state === 'failed' ? <FailureNotice failure={explained.failure} what="Explain" /> : null}
      </div>
      <div aria-live="polite">
        {diagnosed.state === 'running' ? <Busy text="Diagnosing: running the checks the cause calls for…" /> : null}
        {diagnosed.state === 'failed' ? <FailureNotice failure={diagnosed.failure} what="Diagnose" /> : null}
        {diagnosed.state === 'done' ? <DiagnosisView diagnosis={diagnosed.value} /> : null}
      </div>
      {explained.state === 'done' ? (
        explained.value.length === 0 ? <p className="notice notice-muted">The input held no message.</p> : explained.value.map((result, i) => <ExplainResultView key={`${result.file}-${i}`} result={result} />)
      ) : null}
    </>
  );
}
