/**
 * The token question: a modal <dialog> (focus kept inside, Esc cancels) that asks once for the
 * server's token when an API call is refused with 401; the answer is kept for this tab only
 * (api/token-store.ts). Registered with api/token-prompt.ts by the app.
 * @module
 */
import { useEffect, useId, useRef, useState } from 'react';
import { setTokenPrompter } from '../api/token-prompt.js';

interface Question {
  retry: boolean;
  answer(token: string | null): void;
}

export function TokenDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [question, setQuestion] = useState<Question | null>(null);
  const [value, setValue] = useState('');
  const titleId = useId();
  const fieldId = useId();

  useEffect(() => {
    setTokenPrompter((retry) => new Promise<string | null>((resolve) => setQuestion({ retry, answer: resolve })));
    return () => setTokenPrompter(null);
  }, []);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (question && !element.open) {
      setValue('');
      element.showModal();
      input.current?.focus();
    }
    if (!question && element.open) element.close();
  }, [question]);

  const finish = (token: string | null): void => {
    question?.answer(token);
    setQuestion(null);
  };

  return (
    <dialog ref={dialog} className="token-dialog" aria-labelledby={titleId} onCancel={(event) => { event.preventDefault(); finish(null); }}>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (value.trim() !== '') finish(value.trim());
        }}
      >
        <h2 id={titleId}>This server needs its token</h2>
        {question?.retry ? (
          <p className="notice notice-bad" role="alert"><span aria-hidden="true">✗ </span>The server did not accept that token. Check it and try again.</p>
        ) : null}
        <p>
          Enter the access token of this maildoctor server: the <code>MAILDOCTOR_TOKEN</code> it was started with, or the
          one it printed at start. It is kept in this browser tab only, until you close it.
        </p>
        <label htmlFor={fieldId}>Token</label>
        <input id={fieldId} ref={input} type="password" autoComplete="off" spellCheck={false} value={value} onChange={(event) => setValue(event.target.value)} required />
        <div className="dialog-buttons">
          <button type="submit" className="button-primary">Use this token</button>
          <button type="button" onClick={() => finish(null)}>Cancel</button>
        </div>
      </form>
    </dialog>
  );
}
