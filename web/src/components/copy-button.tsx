/**
 * Copies a note to the clipboard (navigator.clipboard where the page may use it; otherwise the
 * text is selected in a hidden field and copied the old way), and says so.
 * @module
 */
import { useState } from 'react';

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Fall through to the selection copy.
  }
  const field = document.createElement('textarea');
  field.value = text;
  field.setAttribute('readonly', '');
  field.className = 'visually-hidden';
  document.body.append(field);
  field.select();
  let done = false;
  try {
    done = document.execCommand('copy');
  } catch {
    done = false;
  }
  field.remove();
  return done;
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      className="button-small"
      onClick={async () => {
        setState((await copyText(text)) ? 'copied' : 'failed');
        window.setTimeout(() => setState('idle'), 2500);
      }}
    >
      {state === 'copied' ? '✓ Copied' : state === 'failed' ? 'Copy failed: select the text' : `Copy ${label}`}
      <span className="visually-hidden" role="status">{state === 'copied' ? `${label} copied` : ''}</span>
    </button>
  );
}
