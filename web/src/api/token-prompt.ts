/**
 * Asking the person for the API token when the server answers 401: one question at a time,
 * however many requests were refused together. The app registers the dialog that asks
 * (components/token-dialog.tsx); requests wait for its answer and are then repeated once with
 * the token, or fail as "token needed" when the person cancels.
 * @module
 */
export type TokenPrompter = (retry: boolean) => Promise<string | null>;

let prompter: TokenPrompter | null = null;
let pending: Promise<string | null> | null = null;

export function setTokenPrompter(ask: TokenPrompter | null): void {
  prompter = ask;
}

/** The token the person gives (null: cancelled, or no dialog on this page). `retry`: the last one was refused. */
export function askForToken(retry: boolean): Promise<string | null> {
  if (!prompter) return Promise.resolve(null);
  pending ??= prompter(retry).finally(() => {
    pending = null;
  });
  return pending;
}
