/**
 * The web app end to end: the real server (`maildoctor serve` on 127.0.0.1 port 0 with
 * --allow-private-targets and a fixture DNS server) serving the app Vite builds from web/,
 * driven by Debian's Chromium through every page: a pasted bounce explained (and diagnosed),
 * a domain checked against the fixture DNS server, a code looked up, headers read, a generated
 * trace export uploaded and the dashboard and a message timeline shown, and the token dialog
 * of a server that needs one. One browser for all; screenshots of each page at desktop and
 * phone width go to test-results/screens/.
 *
 * Routes that other work adds to the server (POST /api/diagnose, GET /api/trace/report,
 * GET /api/trace/message): while the server does not have them, the test first sees the page
 * say "not available on this server", then answers those calls in the browser with what the
 * library gives for the same input (`diagnosisJson`, `traceReportJson`, `traceMessageJson`, as
 * the CLI's --json prints them), so the pages are tested on real data; once the server has a
 * route, the real route answers and nothing is intercepted.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseBounce } from '../../src/diagnose/diagnose-bounce.js';
import { diagnosisJson } from '../../src/diagnose/diagnosis-json.js';
import { traceMessageJson } from '../../src/report/render-trace-message.js';
import { traceReportJson } from '../../src/report/render-trace-report.js';
import { queryMessageTimeline } from '../../src/trace/queries/query-message-timeline.js';
import { buildTraceReport } from '../../src/trace/report/build-trace-report.js';
import { explainTraceMessage } from '../../src/trace/report/explain-trace-message.js';
import { openTraceStore } from '../../src/trace/store/open-trace-store.js';
import type { TraceStore } from '../../src/trace/store/trace-store.js';
import { readFixtureZone, startDnsFixtureServer, type DnsFixtureServer } from '../helpers/dns-fixture-server.js';
import { REPO, answerMissingRoute, buildWebApp, launchChromium, openPage, screenshots, serverHasRoute, startWebServer, writeTraceExports, type WebServer } from './web-app-harness.js';

const TOKEN = 'e2e-token-0123456789abcdef';
const BOUNCE = readFileSync(join(REPO, 'examples', 'exo-recipient-not-found.eml'), 'utf8');
const HEADERS = readFileSync(join(REPO, 'test', 'fixtures', 'headers', 'm365-inbound-junk.eml'), 'utf8');

let work: string;
let dns: DnsFixtureServer;
let web: WebServer;
let chrome: Awaited<ReturnType<typeof launchChromium>>;
let traceFiles: string[];
/** Every URL the pages asked for, to prove that nothing leaves the server's origin. */
const requested: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'maildoctor-e2e-web-'));
  const webRoot = join(work, 'web');
  [dns, chrome] = await Promise.all([startDnsFixtureServer(readFixtureZone('healthy-m365')), launchChromium(), buildWebApp(webRoot)]).then(([d, c]) => [d, c] as const);
  web = await startWebServer(webRoot, { allowPrivateTargets: true, dnsServer: [dns.address], timeout: '10' });
  traceFiles = writeTraceExports(work);
}, 60_000);

afterAll(async () => {
  await Promise.all([chrome?.close(), web?.close(), dns?.close()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

async function open(path: string): Promise<{ page: Page; close(): Promise<void> }> {
  const { context, page, requests, consoleErrors } = await openPage(chrome.browser);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.url });
  await page.goto(`${web.url}${path}`);
  // React renders after the load event: wait for the page's heading.
  await page.locator('main h1').waitFor();
  return {
    page,
    close: async () => {
      requested.push(...requests);
      pageErrors.push(...consoleErrors);
      await context.close();
    },
  };
}

const text = async (page: Page, selector: string): Promise<string> => (await page.locator(selector).allInnerTexts()).join('\n');

describe('the web app in Chromium', () => {
  it('Bounce: a pasted NDR is explained per recipient, with the owner strip, steps and evidence', async () => {
    const { page, close } = await open('/');
    try {
      await page.getByLabel('The bounce').fill(BOUNCE);
      await page.getByRole('button', { name: 'Explain' }).click();
      const card = page.getByRole('article', { name: /jonas\.berg@fabrikam\.com: failed/ });
      await card.waitFor();
      const body = await card.innerText();
      expect(body).toContain('userunknown');
      expect(body).toContain('550 5.1.10');
      expect(body).toMatch(/hard bounce \(permanent\)/);
      expect(body).toContain('SA1PR14MB5882.namprd14.prod.outlook.com');
      expect(body).toContain('exo-5.1.10-recipient-not-found');
      expect(body).toContain('What you can do');
      expect(body).toContain('For the mail admin');
      // The owner strip: the sender must act, said in words; the middle party is Microsoft 365.
      const strip = card.getByRole('list', { name: /Who must act: you, the sender/ });
      expect(await strip.locator('[aria-current="true"]').innerText()).toMatch(/Sender\s*action required/i);
      expect(await strip.innerText()).toContain('Microsoft 365');
      expect(await screenshots(page, 'bounce')).toEqual({ phoneOverflowPx: 0 });

      // A chosen file is sent instead of the text (as its bytes, under its name).
      await page.getByLabel('Or choose a file').setInputFiles(join(REPO, 'examples', 'exo-recipient-not-found.eml'));
      expect(await page.locator('.chosen-file').innerText()).toMatch(/exo-recipient-not-found\.eml .* will be sent instead of the text/);
      expect(await page.getByLabel('The bounce').isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Explain' }).click();
      await page.getByRole('region', { name: 'Result for exo-recipient-not-found.eml' }).getByRole('article', { name: /jonas\.berg@fabrikam\.com: failed/ }).waitFor();
      // A dropped file too.
      await page.getByRole('button', { name: 'Remove file' }).click();
      const dropped = await page.evaluateHandle(`(() => { const d = new DataTransfer(); d.items.add(new File([${JSON.stringify(BOUNCE)}], 'dropped.eml', { type: 'message/rfc822' })); return d; })()`);
      await page.locator('.message-input').dispatchEvent('drop', { dataTransfer: dropped });
      await page.getByText('dropped.eml').waitFor();
      await page.getByRole('button', { name: 'Explain' }).click();
      await page.getByRole('region', { name: 'Result for dropped.eml' }).getByText('userunknown').first().waitFor();
    } finally {
      await close();
    }
  });

  it('Bounce: Diagnose shows the verdict and the three notes with copy buttons (or says the server lacks it)', async () => {
    const { page, close } = await open('/');
    try {
      await page.getByLabel('The bounce').fill(BOUNCE);
      const missing = !(await serverHasRoute(web.url, 'POST', '/api/diagnose'));
      if (missing) {
        await page.getByRole('button', { name: 'Diagnose with live checks' }).click();
        await page.getByText('Diagnose: not available on this server').waitFor();
        await answerMissingRoute(web.url, page, 'POST', '/api/diagnose', async (route) => diagnosisJson(await diagnoseBounce(route.request().postDataBuffer() ?? Buffer.alloc(0), { file: 'pasted bounce', ctx: null })));
      }
      await page.getByRole('button', { name: 'Diagnose with live checks' }).click();
      const verdict = page.getByRole('article', { name: /Verdict for jonas\.berg@fabrikam\.com/ });
      await verdict.waitFor();
      const body = await verdict.innerText();
      expect(body).toMatch(/Cause:/);
      expect(body).toMatch(/Confidence:\s*(high|medium|low)/);
      expect(body).toContain('For the user');
      expect(body).toContain('For the mail admin');
      const userNote = await verdict.getByRole('region', { name: 'Note for the user' }).locator('.note-text').innerText();
      expect(userNote.length).toBeGreaterThan(20);
      await verdict.getByRole('button', { name: 'Copy note for the user' }).click();
      await verdict.getByRole('button', { name: /Copied/ }).waitFor();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(userNote);
      expect(await screenshots(page, 'bounce-diagnosis')).toEqual({ phoneOverflowPx: 0 });
    } finally {
      await close();
    }
  });

  it('Checks: check domain against the fixture DNS server, grouped by area with pass/warn/fail in words', async () => {
    const { page, close } = await open('/checks');
    try {
      await page.getByRole('textbox', { name: 'Domain' }).fill('contoso.example');
      await page.getByLabel(/Connect to the mail servers/).uncheck();
      await page.getByRole('button', { name: 'Run the checks' }).click();
      const result = page.getByRole('region', { name: 'Check of contoso.example' });
      await result.waitFor({ timeout: 20_000 });
      const areas = await result.locator('section.area h3').allInnerTexts();
      expect(areas.map((a) => a.replace(/\s*\(.*\)$/, ''))).toEqual(expect.arrayContaining(['Receiving mail', 'Sender authentication']));
      const spf = result.locator('details.check', { hasText: 'SPF' }).first();
      expect(await spf.locator('> summary').innerText()).toMatch(/pass\s+SPF/);
      // Details on demand: the findings are inside a closed <details> until opened.
      expect(await spf.getAttribute('open')).toBeNull();
      await spf.locator('> summary').click();
      expect(await spf.getAttribute('open')).toBe('');
      // The questions went to the fixture server.
      expect(dns.received.some((q) => q.name === 'contoso.example' && q.type === 'MX')).toBe(true);
      expect(await screenshots(page, 'checks')).toEqual({ phoneOverflowPx: 0 });

      // The IP form: a refused value is shown with the server's words and the field.
      await page.getByRole('radio', { name: 'IP' }).check();
      await page.getByRole('textbox', { name: 'IP address' }).fill('not-an-ip');
      await page.getByRole('button', { name: 'Run the checks' }).click();
      const refused = page.getByRole('alert');
      await refused.waitFor();
      expect(await refused.innerText()).toMatch(/Invalid request[\s\S]*body\.ip/);
      await page.getByRole('textbox', { name: 'IP address' }).fill('192.0.2.25');
      await page.getByRole('button', { name: 'Run the checks' }).click();
      const ip = page.getByRole('region', { name: 'Check of 192.0.2.25' });
      await ip.waitFor({ timeout: 20_000 });
      expect(await ip.locator('section.area h3').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^Reputation/)]));
    } finally {
      await close();
    }
  });

  it('Headers: the route as a timeline with delays, authentication, and Microsoft 365 stamps decoded', async () => {
    const { page, close } = await open('/headers');
    try {
      await page.getByLabel('The headers').fill(HEADERS);
      await page.getByRole('button', { name: 'Analyse' }).click();
      const result = page.getByRole('region', { name: 'Header analysis' });
      await result.waitFor();
      const hops = result.getByRole('list', { name: 'Route, origin first' }).locator('li.hop');
      expect(await hops.count()).toBe(3);
      expect(await hops.nth(0).innerText()).toContain('mail.fabrikam.com');
      expect(await hops.nth(1).innerText()).toMatch(/\+1 s after the hop before/);
      const auth = await result.getByRole('region', { name: 'Authentication' }).innerText();
      expect(auth).toMatch(/SPF\s+✗?\s*fail/);
      expect(auth).toMatch(/DMARC\s+✗?\s*fail/);
      const ms = result.getByRole('region', { name: 'Microsoft 365 anti-spam' });
      expect(await ms.innerText()).toMatch(/SCL \(spam confidence\)\s*5: spam/i);
      expect(await ms.innerText()).toContain('Junk Email');
      await ms.getByText(/Every anti-spam field, decoded/).click();
      expect(await ms.getByRole('row', { name: /SFV SPM/ }).innerText()).toContain('marked the message as spam');
      expect(await screenshots(page, 'headers')).toEqual({ phoneOverflowPx: 0 });
    } finally {
      await close();
    }
  });

  it('Codes: search as you type finds a code and its steps', async () => {
    const { page, close } = await open('/codes');
    try {
      await page.getByText(/entries in the knowledge base/).waitFor();
      await page.getByRole('searchbox', { name: 'Search the codes' }).pressSequentially('5.7.23', { delay: 20 });
      await page.getByText(/match(es)? “5\.7\.23”/).waitFor();
      const entries = page.locator('article.code-entry');
      expect(await entries.count()).toBeGreaterThan(0);
      expect(await entries.first().innerText()).toMatch(/5\.7\.23\s+.*SPF/);
      await entries.first().getByText('What to do').click();
      expect(await entries.first().innerText()).toContain('For the mail admin');
      await page.getByRole('searchbox', { name: 'Search the codes' }).fill('9.9.9 nothing like this');
      await page.getByText(/Nothing matches/).waitFor();
      await page.getByRole('searchbox', { name: 'Search the codes' }).fill('5.7.23');
      await page.getByText(/match(es)? “5\.7\.23”/).waitFor();
      expect(await screenshots(page, 'codes')).toEqual({ phoneOverflowPx: 0 });
    } finally {
      await close();
    }
  });

  it('Keyboard: skip link, navigation, search and details without a mouse', async () => {
    const { page, close } = await open('/');
    const focused = async (): Promise<string> => String(await page.evaluate('document.activeElement?.textContent ?? ""')).trim();
    try {
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('Skip to the content');
      // The skip link shows itself when focused.
      expect((await page.getByRole('link', { name: 'Skip to the content' }).boundingBox())?.x).toBeGreaterThanOrEqual(0);
      // Through the navigation to Codes; the new page's heading takes the focus.
      let steps = 0;
      while ((await focused()) !== 'Codes' && steps++ < 10) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${web.url}/codes`);
      expect(await focused()).toBe('NDR and status codes');
      await page.keyboard.press('Tab');
      await page.keyboard.type('5.7.23');
      await page.getByText(/match(es)? “5\.7\.23”/).waitFor();
      steps = 0;
      while ((await focused()) !== 'What to do' && steps++ < 5) await page.keyboard.press('Tab');
      expect(await focused()).toBe('What to do');
      await page.keyboard.press('Enter');
      expect(await page.locator('article.code-entry details').first().getAttribute('open')).toBe('');
      // Back in history returns to the first page.
      await page.goBack();
      await page.getByRole('heading', { name: 'Why did my email bounce?' }).waitFor();
    } finally {
      await close();
    }
  });

  it('Trace: uploads exports with progress, then the dashboard, the message table and a timeline', async () => {
    const { page, close } = await open('/trace');
    let store: TraceStore | null = null;
    try {
      // Uploads slowed to 2 MiB/s (Chromium's network emulation), so that the progress can be seen.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2 * 1024 * 1024 });
      // Every text the upload list shows, kept as it changes: the import's progress may be too quick to catch by polling.
      await page.evaluate(`(() => {
        const seen = (window.uploadTexts = []);
        const list = document.querySelector('.upload-list');
        if (list) new MutationObserver(() => seen.push(list.innerText)).observe(list, { subtree: true, childList: true, characterData: true });
      })()`);
      const importRequests: Array<{ accept: string; contentType: string }> = [];
      page.on('response', (response) => {
        if (new URL(response.url()).pathname === '/api/trace/import') importRequests.push({ accept: response.request().headers()['accept'] ?? '', contentType: response.headers()['content-type'] ?? '' });
      });
      await page.getByLabel('Export files').setInputFiles(traceFiles);
      await page.getByRole('button', { name: 'Upload and import' }).click();
      const progress = page.getByRole('progressbar', { name: /Uploading message-trace/ });
      await progress.first().waitFor();
      const shown = Number(await progress.first().getAttribute('value'));
      expect(shown).toBeGreaterThanOrEqual(0);
      expect(shown).toBeLessThan(100);
      expect(await page.locator('.upload-list').innerText()).toMatch(/Uploading: \d+% \([\d.]+ (B|KiB) of 409\.3 KiB\)/);
      await page.getByText(/Imported [\d,]+ rows \(exo-message-trace-detail\)/).waitFor({ timeout: 30_000 });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      const imported = await text(page, '.upload-list');
      expect(imported).toMatch(/message-trace\.csv[\s\S]*Imported [\d,]+ rows \(exo-message-trace\)/);
      // The import was asked for and answered as NDJSON; its progress ("Imported N rows… (R rows/s)") was shown
      // while the rows were stored, unless the import ended before the page drew it, then the result was.
      expect(importRequests.length).toBeGreaterThanOrEqual(2);
      for (const r of importRequests) {
        expect(r.accept).toContain('application/x-ndjson');
        expect(r.contentType).toMatch(/^application\/x-ndjson/);
      }
      const seenTexts = (await page.evaluate('window.uploadTexts')) as string[];
      const importProgress = seenTexts.find((t) => /Imported [\d,]+ rows… \([\d,]+ rows\/s\)/.test(t));
      expect(importProgress ?? imported).toMatch(/Imported [\d,]+ rows(… \([\d,]+ rows\/s\)| \(exo-message-trace)/);
      // The message table (GET /api/trace/query) shows the stored rows.
      const rows = page.getByRole('region', { name: 'Message rows' }).locator('tbody tr');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(100);

      store = await openTraceStore(web.dbPath);
      const opened = store;
      const reportMissing = !(await serverHasRoute(web.url, 'GET', '/api/trace/report'));
      if (reportMissing) {
        await page.getByText('Dashboard: not available on this server').waitFor();
        await answerMissingRoute(web.url, page, 'GET', '/api/trace/report', async (route) => {
          const url = new URL(route.request().url());
          const since = url.searchParams.get('since');
          const until = url.searchParams.get('until');
          return traceReportJson(await buildTraceReport(opened, { ...(since ? { since: Date.parse(since) } : {}), ...(until ? { until: Date.parse(until) } : {}) }));
        });
        await page.getByRole('button', { name: 'Show' }).click();
      }
      const dashboard = page.getByRole('region', { name: 'Dashboard' });
      await dashboard.getByRole('definition').first().waitFor();
      const totals = await dashboard.locator('dl.tiles').innerText();
      const stored = await opened.db.selectFrom('trace_recipients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(totals.replace(/,/g, '')).toContain(`Recipients\n${Number(stored.n)}`);
      expect(totals).toMatch(/Delivery rate\n\d+(\.\d)?%/);
      // Each chart is an image with a table of the same numbers beside it.
      for (const title of ['Failures by reason', 'Top failing recipient domains', 'Top failing senders']) {
        const section = dashboard.getByRole('region', { name: title });
        expect(await section.getByRole('img').count()).toBe(1);
        expect(await section.getByRole('table').locator('tbody tr').count()).toBeGreaterThan(0);
      }
      expect(await dashboard.getByRole('region', { name: /Delivery rate per (hour|day)/ }).getByRole('img').count()).toBe(1);
      const bars = await dashboard.getByRole('region', { name: 'Failures by reason' }).locator('rect.bar-fill').count();
      expect(bars).toBeGreaterThan(0);

      // A failed recipient's timeline.
      await page.getByLabel('Status', { exact: true }).selectOption('failed');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.getByText(/^\d+ rows/).waitFor();
      const firstFailed = page.getByRole('region', { name: 'Message rows' }).locator('tbody tr').first();
      expect(await firstFailed.innerText()).toMatch(/fail/);
      const messageMissing = !(await serverHasRoute(web.url, 'GET', '/api/trace/message'));
      const timelineButton = firstFailed.getByRole('button', { name: /Timeline of the message to/ });
      if (messageMissing) {
        await timelineButton.click();
        await page.getByText('Message timeline: not available on this server').waitFor();
        await answerMissingRoute(web.url, page, 'GET', '/api/trace/message', async (route) => {
          const id = new URL(route.request().url()).searchParams.get('id') ?? '';
          return { query: id, messages: (await queryMessageTimeline(opened.db, id)).map(explainTraceMessage).map(traceMessageJson) };
        });
        await page.getByRole('button', { name: 'Close' }).click();
      }
      const failedRecipient = (await timelineButton.innerText()).trim();
      await timelineButton.click();
      const timeline = page.getByRole('region', { name: 'Message timeline' });
      await timeline.locator('ol.events li').first().waitFor();
      // The chosen recipient first, failed, with what its failure means and who must act; its own events.
      const chosen = await timeline.locator('ul.timeline-recipients > li').first().innerText();
      expect(chosen).toContain(failedRecipient);
      expect(chosen).toMatch(/✗\s*failed/);
      expect(chosen).toMatch(/who must act:/);
      const events = await timeline.locator('ol.events li').allInnerTexts();
      expect(events.every((e) => e.includes(failedRecipient))).toBe(true);
      expect(await screenshots(page, 'trace')).toEqual({ phoneOverflowPx: 0 });
    } finally {
      await store?.close();
      await close();
    }
  });

  it('Token: a server with a token asks for it once, keeps it for the session, and says when it is wrong', async () => {
    const guarded = await startWebServer(join(work, 'web'), { allowPrivateTargets: true, dnsServer: [dns.address] }, { MAILDOCTOR_TOKEN: TOKEN });
    const { context, page, requests, consoleErrors } = await openPage(chrome.browser);
    const authorizations: (string | undefined)[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/codes')) authorizations.push(request.headers()['authorization']);
    });
    try {
      await page.goto(`${guarded.url}/codes`);
      const dialog = page.getByRole('dialog', { name: 'This server needs its token' });
      await dialog.waitFor();
      await dialog.getByLabel('Token').fill('not-the-right-token-at-all');
      await dialog.getByRole('button', { name: 'Use this token' }).click();
      await dialog.getByText('The server did not accept that token').waitFor();
      expect(await screenshots(page, 'token-dialog')).toEqual({ phoneOverflowPx: 0 });
      await dialog.getByLabel('Token').fill(TOKEN);
      await dialog.getByRole('button', { name: 'Use this token' }).click();
      await page.getByText(/entries in the knowledge base/).waitFor();
      expect(await dialog.isVisible()).toBe(false);
      expect(authorizations).toEqual([undefined, 'Bearer not-the-right-token-at-all', `Bearer ${TOKEN}`]);
      // Kept for the session: the next search and another page send it without asking.
      await page.getByRole('searchbox', { name: 'Search the codes' }).fill('5.1.10');
      await page.getByText(/match(es)? “5\.1\.10”/).waitFor();
      expect(authorizations.at(-1)).toBe(`Bearer ${TOKEN}`);
      expect(await page.evaluate('sessionStorage.getItem("maildoctor.token")')).toBe(TOKEN);
      await page.getByRole('link', { name: 'Headers' }).click();
      await page.getByLabel('The headers').fill(HEADERS);
      await page.getByRole('button', { name: 'Analyse' }).click();
      await page.getByRole('region', { name: 'Header analysis' }).waitFor();
      expect(await dialog.isVisible()).toBe(false);
      // Forgotten (the footer's button), then asked again; cancelled: the page says the token is needed.
      await page.getByRole('button', { name: 'Forget the token' }).click();
      expect(await page.evaluate('sessionStorage.getItem("maildoctor.token")')).toBeNull();
      expect(await page.getByRole('button', { name: 'Forget the token' }).count()).toBe(0);
      await page.goto(`${guarded.url}/codes`);
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await page.getByText('Token needed').waitFor();
    } finally {
      requested.push(...requests.filter((url) => !url.startsWith(guarded.url)));
      pageErrors.push(...consoleErrors.filter((e) => !/401/.test(e)));
      await context.close();
      await guarded.close();
    }
  });

  it('the pages asked only their own server, and logged no script errors', () => {
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => !url.startsWith(web.url + '/'))).toEqual([]);
    // The browser logs every refused call (the invalid IP, the token, routes the server lacks); nothing else.
    expect(pageErrors.filter((e) => !/status of (400|401|404)/.test(e))).toEqual([]);
  });
});

