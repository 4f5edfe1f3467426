/**
 * Entry of the web app: renders the shell into #root. Styles come from one stylesheet with the
 * system font stack (no web fonts: the page makes no request outside its own server).
 * @module
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
