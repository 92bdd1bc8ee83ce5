/**
 * Headless Chromium (playwright-core + /usr/bin/chromium) around the flame page. `openPanel` serves the
 * page like VS Code does (script by URI, data by postMessage, a recording acquireVsCodeApi);
 * `openFile` loads a standalone report from disk with every network request refused.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import type { LoadProfileMessage, WebviewToHostMessage } from '../../../server/src/protocol/webview-messages';
import { buildPanelHtml, createNonce } from '../../../server/src/report/panel-html';
import { webviewBundle } from './bundle';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Calls `window.__perflens[fn](...args)`, the page's debug API (webview/src/debug-api.ts). */
export function api<T>(page: Page, fn: string, ...args: unknown[]): Promise<T> {
  type Api = { __perflens: Record<string, (...a: unknown[]) => unknown> };
  return page.evaluate(({ fn, args }) => (window as unknown as Api).__perflens[fn]!(...args), { fn, args }) as Promise<T>;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Everything a page did that a hostile profile could trigger. */
export interface PageWatch {
  dialogs: string[];
  errors: string[];
  requests: string[];
}

function watch(page: Page): PageWatch {
  const w: PageWatch = { dialogs: [], errors: [], requests: [] };
  page.on('dialog', (d) => { w.dialogs.push(d.message()); void d.dismiss(); });
  page.on('pageerror', (e) => w.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') w.errors.push(m.text()); });
  page.on('request', (r) => w.requests.push(r.url()));
  return w;
}

export interface PanelPage { page: Page; watch: PageWatch; posted: () => Promise<WebviewToHostMessage[]> }

export interface PanelOptions {
  width?: number;
  height?: number;
  dpr?: number;
  /** state returned by getState(), as VS Code restores it */
  savedState?: unknown;
  bodyClass?: string;
}

const ORIGIN = 'https://perflens.test';

export async function openPanel(browser: Browser, message: LoadProfileMessage | null, o: PanelOptions = {}): Promise<PanelPage> {
  const context = await browser.newContext({ viewport: { width: o.width ?? 1000, height: o.height ?? 600 }, deviceScaleFactor: o.dpr ?? 1 });
  const page = await context.newPage();
  const w = watch(page);
  const script = readFileSync(await webviewBundle(), 'utf8');
  const html = buildPanelHtml({ nonce: createNonce(), scriptUri: `${ORIGIN}/webview.js`, cspSource: ORIGIN, bodyClass: o.bodyClass ?? 'vscode-dark' });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === `${ORIGIN}/`) return route.fulfill({ contentType: 'text/html', body: html });
    if (url === `${ORIGIN}/webview.js`) return route.fulfill({ contentType: 'text/javascript', body: script });
    return route.abort();
  });
  // a string, not a function: tsx would inject its __name helper into a serialised function
  await page.addInitScript(`(() => {
    const saved = ${JSON.stringify(o.savedState ?? null)};
    window.__posted = [];
    window.__state = saved === null ? undefined : saved;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => { window.__posted.push(JSON.parse(JSON.stringify(m))); },
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });
  })();`);
  await page.goto(`${ORIGIN}/`);
  const posted = () => page.evaluate(() => (window as unknown as { __posted: WebviewToHostMessage[] }).__posted);
  await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'), null, { timeout: 10_000 });
  if (message) {
    await page.evaluate((m) => window.postMessage(m, '*'), message as unknown as Record<string, unknown>);
    await waitFirstRender(page);
  }
  return { page, watch: w, posted };
}

export async function openFile(browser: Browser, path: string): Promise<{ page: Page; watch: PageWatch }> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 600 } });
  const page = await context.newPage();
  const w = watch(page);
  await page.route('**/*', (route) => (route.request().url().startsWith('file://') ? route.continue() : route.abort()));
  await page.goto(`file://${path}`);
  return { page, watch: w };
}

export async function waitFirstRender(page: Page): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('perflens:first-render').length > 0, null, { timeout: 20_000 });
}

/** RGBA of the flame canvas of a pane at CSS pixel (x, y) relative to that canvas. */
export async function pixel(page: Page, selector: string, x: number, y: number): Promise<[number, number, number, number]> {
  return page.evaluate(({ selector, x, y }) => {
    const c = document.querySelector(selector) as HTMLCanvasElement;
    const dpr = c.width / c.getBoundingClientRect().width;
    const d = c.getContext('2d')!.getImageData(Math.floor(x * dpr), Math.floor(y * dpr), 1, 1).data;
    return [d[0]!, d[1]!, d[2]!, d[3]!] as [number, number, number, number];
  }, { selector, x, y });
}

/** Hue 0..360 of an RGB colour (NaN for grey). */
export function hue([r, g, b]: readonly number[]): number {
  const max = Math.max(r!, g!, b!);
  const min = Math.min(r!, g!, b!);
  if (max - min < 8) return NaN;
  let h: number;
  if (max === r) h = ((g! - b!) / (max - min)) % 6;
  else if (max === g) h = (b! - r!) / (max - min) + 2;
  else h = (r! - g!) / (max - min) + 4;
  return (h * 60 + 360) % 360;
}

/** Waits until the test page posted a message matching `pred`. */
export async function waitPosted(p: PanelPage, pred: (m: WebviewToHostMessage) => boolean): Promise<WebviewToHostMessage> {
  for (let i = 0; i < 200; i++) {
    const hit = (await p.posted()).find(pred);
    if (hit) return hit;
    await p.page.waitForTimeout(25);
  }
  throw new Error('expected message was not posted');
}
