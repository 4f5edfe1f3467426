/**
 * Where a message comes in: pasted into a text box, or an .eml/.msg/.txt file chosen with the
 * file picker or dropped on the box. The file is read in the browser and sent as its bytes
 * (an Outlook .msg is binary); nothing is uploaded before the person asks.
 * @module
 */
import { useId, useRef, useState, type DragEvent } from 'react';
import type { MessageSource } from '../api/endpoints.js';
import { bytes } from './format.js';

export interface MessageDraft {
  text: string;
  file: { name: string; size: number; content: ArrayBuffer } | null;
}

export const EMPTY_DRAFT: MessageDraft = { text: '', file: null };

/** What to send for a draft; null when there is nothing. */
export function draftSource(draft: MessageDraft, pastedName: string): MessageSource | null {
  if (draft.file) return { name: draft.file.name, content: draft.file.content };
  if (draft.text.trim() === '') return null;
  return { name: pastedName, content: draft.text };
}

export function MessageInput({ draft, onChange, label, hint, accept, placeholder }: {
  draft: MessageDraft;
  onChange(draft: MessageDraft): void;
  label: string;
  hint: string;
  accept: string;
  placeholder: string;
}) {
  const textId = useId();
  const hintId = useId();
  const fileId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [readError, setReadError] = useState<string | null>(null);

  const takeFile = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    try {
      setReadError(null);
      onChange({ ...draft, file: { name: file.name, size: file.size, content: await file.arrayBuffer() } });
    } catch (error) {
      setReadError(`${file.name} could not be read: ${(error as Error).message}`);
    }
  };
  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    setDragging(false);
    void takeFile(event.dataTransfer.files[0]);
  };

  return (
    <div
      className={dragging ? 'message-input dragging' : 'message-input'}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <label htmlFor={textId}>{label}</label>
      <p id={hintId} className="hint">{hint}</p>
      <textarea
        id={textId}
        aria-describedby={hintId}
        value={draft.text}
        placeholder={placeholder}
        spellCheck={false}
        rows={10}
        disabled={draft.file !== null}
        onChange={(event) => onChange({ ...draft, text: event.target.value })}
      />
      <div className="file-row">
        {draft.file ? (
          <p className="chosen-file">
            <strong>{draft.file.name}</strong> ({bytes(draft.file.size)}) will be sent instead of the text.{' '}
            <button
              type="button"
              className="button-small"
              onClick={() => {
                onChange({ ...draft, file: null });
                if (fileInput.current) fileInput.current.value = '';
              }}
            >
              Remove file
            </button>
          </p>
        ) : (
          <p className="drop-hint">
            <label htmlFor={fileId} className="file-label">Or choose a file</label>{' '}
            <input id={fileId} ref={fileInput} type="file" accept={accept} onChange={(event) => void takeFile(event.target.files?.[0])} />
            <span className="muted"> (or drop it here)</span>
          </p>
        )}
      </div>
      {readError ? <p className="notice notice-bad" role="alert">{readError}</p> : null}
    </div>
  );
}
