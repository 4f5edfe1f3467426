/**
 * The web app's shell: the navigation between the five pages (history API paths, so each
 * page has its own address and the server answers every one with the app), the token dialog,
 * and the footer with the API reference. Keyboard: a skip link to the content, focus moved to
 * the page heading when the page changes.
 * @module
 */
import { useEffect, useRef, useState, useSyncExternalStore, type MouseEvent } from 'react';
import { currentToken, forgetToken, subscribeToken } from './api/token-store.js';
import { TokenDialog } from './components/token-dialog.js';
import { BouncePage } from './pages/bounce-page.js';
import { ChecksPage } from './pages/checks-page.js';
import { CodesPage } from './pages/codes-page.js';
import { HeadersPage } from './pages/headers-page.js';
import { TracePage } from './pages/trace-page.js';

export const PAGES = [
  { path: '/', label: 'Bounce', title: 'Bounce', view: BouncePage },
  { path: '/checks', label: 'Checks', title: 'Checks', view: ChecksPage },
  { path: '/headers', label: 'Headers', title: 'Headers', view: HeadersPage },
  { path: '/codes', label: 'Codes', title: 'Codes', view: CodesPage },
  { path: '/trace', label: 'Trace', title: 'Message trace', view: TracePage },
] as const;

/** The page of a path (`/bounce` is the first page too); unknown paths show the first page. */
export function pageOf(path: string): (typeof PAGES)[number] {
  const clean = path.replace(/\/+$/, '') || '/';
  return PAGES.find((p) => p.path === clean) ?? PAGES[0];
}

function usePath(): [string, (path: string) => void] {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const onPop = (): void => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = (next: string): void => {
    if (next === window.location.pathname) return;
    window.history.pushState(null, '', next);
    setPath(next);
  };
  return [path, go];
}

export function App() {
  const [path, go] = usePath();
  const page = pageOf(path);
  const main = useRef<HTMLElement>(null);
  const shown = useRef<string | null>(null);
  const hasToken = useSyncExternalStore(subscribeToken, () => currentToken() !== null);

  useEffect(() => {
    document.title = `${page.title} · maildoctor`;
    // Focus moves to the heading when the page changes, not when the app first opens.
    const before = shown.current;
    shown.current = page.path;
    if (before === null || before === page.path) return;
    const heading = main.current?.querySelector('h1');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
  }, [page]);

  const follow = (event: MouseEvent<HTMLAnchorElement>, to: string): void => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    go(to);
  };
  const View = page.view;
  return (
    <>
      <a className="skip-link" href="#content">Skip to the content</a>
      <header className="site-header">
        <a className="brand" href="/" onClick={(event) => follow(event, '/')}>
          <span aria-hidden="true">✉︎ </span>maildoctor
        </a>
        <nav aria-label="Pages">
          <ul>
            {PAGES.map((p) => (
              <li key={p.path}>
                <a href={p.path} aria-current={p === page ? 'page' : undefined} onClick={(event) => follow(event, p.path)}>{p.label}</a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="content" ref={main} tabIndex={-1}>
        <View key={page.path} />
      </main>
      <footer className="site-footer">
        <p>
          maildoctor explains why an email did not arrive. The same answers on the command line (<code>maildoctor --help</code>) and
          over HTTP (<a href="/api/docs">API reference</a>).
          {hasToken ? (
            <>
              {' '}
              <button
                type="button"
                className="link-button"
                onClick={forgetToken}
              >
                Forget the token
              </button>
            </>
          ) : null}
        </p>
      </footer>
      <TokenDialog />
    </>
  );
}
