/**
 * Vite configuration of the web app (web/): React, built into dist/web by scripts/build.mjs
 * (`vite build`), which `maildoctor serve` serves at `/` (src/serve/web-app.ts). `npx vite web`
 * runs it in development against a server started with `npm start` (the API is proxied).
 * Everything is bundled: no request leaves the server's own origin (the page's CSP is
 * `default-src 'self'`).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    // No inline polyfill script: the CSP allows scripts from the server's own files only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8825' },
  },
});
