/**
 * What a failed call means, in words: the server's problem (title, detail, each field that
 * was refused), "not available on this server" for routes it does not have, or the token
 * that was not given.
 * @module
 */
import type { ApiFailure } from '../api/api-problem.js';

export function FailureNotice({ failure, what }: { failure: ApiFailure; what?: string }) {
  if (failure.kind === 'not-available') {
    return (
      <div className="notice notice-muted" role="status">
        <strong><span aria-hidden="true">– </span>{what ? `${what}: not available on this server` : 'Not available on this server'}</strong>
        <p>{failure.message}</p>
      </div>
    );
  }
  return (
    <div className="notice notice-bad" role="alert">
      <strong><span aria-hidden="true">✗ </span>{failure.title}</strong>
      <p>{failure.message}</p>
      {failure.errors.length > 0 ? (
        <ul>
          {failure.errors.map((e) => (
            <li key={`${e.field}:${e.message}`}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Busy({ text }: { text: string }) {
  return (
    <p className="busy" role="status">
      <span className="spinner" aria-hidden="true" /> {text}
    </p>
  );
}
