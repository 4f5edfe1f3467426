/**
 * Uploading message-trace exports: one file after the other to `POST /api/trace/import`, with
 * the upload's progress from XMLHttpRequest's upload events, then the import's progress (rows
 * stored so far and rows per second, from the route's NDJSON progress lines) until the server
 * answers what it added (new, updated, unchanged, skipped rows with their lines).
 * @module
 */
import { useId, useRef, useState } from 'react';
import type { TraceImportResultJson } from '../api/api-types.js';
import { ApiFailure, networkFailure } from '../api/api-problem.js';
import { uploadTraceExport, type UploadProgress } from '../api/upload-file.js';
import { FailureNotice } from '../components/failure-notice.js';
import { bytes, count } from '../components/format.js';

const CULTURES = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'it-IT', 'nl-NL', 'pt-BR', 'ja-JP'];

type FileState =
  | { file: File; state: 'waiting' }
  | { file: File; state: 'sending'; progress: UploadProgress }
  | { file: File; state: 'done'; result: TraceImportResultJson }
  | { file: File; state: 'failed'; failure: ApiFailure };

function ProgressLine({ item }: { item: FileState }) {
  if (item.state === 'waiting') return <p className="muted">Waiting…</p>;
  if (item.state === 'sending') {
    const { phase, loaded, total, rows, rowsPerSecond } = item.progress;
    if (phase === 'importing') {
      return (
        <div className="progress-line">
          <progress aria-label={`Importing ${item.file.name}`} />
          <span role="status">
            {rows === undefined
              ? 'Uploaded. Importing into the database…'
              : `Imported ${count(rows)} rows…${rowsPerSecond === undefined ? '' : ` (${count(Math.round(rowsPerSecond))} rows/s)`}`}
          </span>
        </div>
      );
    }
    const share = total > 0 ? Math.round((loaded / total) * 100) : 0;
    return (
      <div className="progress-line">
        <progress max={100} value={share} aria-label={`Uploading ${item.file.name}`} />
        <span>Uploading: {share}% ({bytes(loaded)} of {bytes(total)})</span>
      </div>
    );
  }
  if (item.state === 'failed') return <FailureNotice failure={item.failure} what="Import" />;
  const r = item.result;
  return (
    <div className="import-result" role="status">
      <p>
        <span aria-hidden="true">✓ </span>Imported <strong>{count(r.rows)}</strong> rows{r.format ? ` (${r.format})` : ''}: {count(r.imported)} new,{' '}
        {count(r.updated)} updated, {count(r.unchanged)} unchanged{r.skipped > 0 ? <>, <strong>{count(r.skipped)} skipped</strong></> : ', none skipped'}.
      </p>
      {r.skippedRows.length > 0 ? (
        <details>
          <summary>Skipped rows ({r.skippedRows.length} listed)</summary>
          <ul className="skipped">
            {r.skippedRows.map((s) => <li key={`${s.line}-${s.reason}`}>line {s.line}: {s.reason}</li>)}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

export function TraceUpload({ onImported }: { onImported(): void }) {
  const [items, setItems] = useState<FileState[]>([]);
  const [culture, setCulture] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const fileId = useId();
  const cultureId = useId();
  const hintId = useId();

  const upload = async (files: File[]): Promise<void> => {
    if (files.length === 0) return;
    setBusy(true);
    const states: FileState[] = files.map((file) => ({ file, state: 'waiting' }));
    setItems([...states]);
    const update = (index: number, state: FileState): void => {
      states[index] = state;
      setItems([...states]);
    };
    let any = false;
    for (const [index, file] of files.entries()) {
      try {
        update(index, { file, state: 'sending', progress: { phase: 'uploading', loaded: 0, total: file.size } });
        const result = await uploadTraceExport(file, {
          ...(culture ? { culture } : {}),
          onProgress: (progress) => update(index, { file, state: 'sending', progress }),
        });
        update(index, { file, state: 'done', result });
        any = true;
      } catch (error) {
        update(index, { file, state: 'failed', failure: error instanceof ApiFailure ? error : networkFailure(error) });
      }
    }
    setBusy(false);
    if (input.current) input.current.value = '';
    if (any) onImported();
  };

  return (
    <section className="card upload" aria-label="Upload message-trace exports">
      <h2>Upload message-trace exports</h2>
      <p id={hintId} className="hint">
        CSV or JSON as downloaded from the Exchange admin center (message trace summary, enhanced summary or extended report), or saved from
        Get-MessageTrace / Get-MessageTraceDetail with Export-Csv or ConvertTo-Json. Importing the same rows again adds nothing.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void upload([...(input.current?.files ?? [])]);
        }}
      >
        <div className="field">
          <label htmlFor={fileId}>Export files</label>
          <input id={fileId} ref={input} type="file" multiple accept=".csv,.json,.txt,text/csv,application/json" aria-describedby={hintId} disabled={busy} />
        </div>
        <div className="field">
          <label htmlFor={cultureId}>Date format of the export</label>
          <select id={cultureId} value={culture} onChange={(event) => setCulture(event.target.value)} disabled={busy}>
            <option value="">Detect (ISO dates; otherwise en-US)</option>
            {CULTURES.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </div>
        <div className="buttons">
          <button type="submit" className="button-primary" disabled={busy}>Upload and import</button>
        </div>
      </form>
      <ul className="upload-list" aria-live="polite">
        {items.map((item, index) => (
          <li key={`${item.file.name}-${index}`}>
            <strong>{item.file.name}</strong> <span className="muted">({bytes(item.file.size)})</span>
            <ProgressLine item={item} />
          </li>
        ))}
      </ul>
    </section>
  );
}
