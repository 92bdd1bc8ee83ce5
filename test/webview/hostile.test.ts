/**
 * Hostile profiles: function names, file names, titles and finding messages that contain HTML or
 * script are shown as text and run nothing — in the VS Code panel (postMessage) and in the report.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openFile, openPanel, waitFirstRender, type PageWatch } from './helpers/browser';
import { perflens } from './helpers/cli';
import { finding, loadMessage } from './helpers/messages';
import { FILES, knownCpuProfile } from './helpers/profiles';

const IMG = `<img src=x onerror="window.__pwned='img';alert(1)">`;
const SCRIPT = `</script><script>window.__pwned='script';alert(2)</script>`;
const SVG = `"><svg onload="window.__pwned='svg'">&amp;<!--`;
const STYLE = `</style><style>body{display:none}</style>\u2028\u2029`;
const hostile = () => knownCpuProfile({ main: IMG, work: SCRIPT, render: SVG, callback: STYLE });

let browser: Browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function assertInert(page: Page, watch: PageWatch, scripts: number): Promise<void> {
  // hover every frame row so tooltips render the names too
  const box = (await page.locator('.view-flame canvas').boundingBox())!;
  for (let depth = 0; depth < 5; depth++) await page.mouse.move(box.x + box.width * 0.05, box.y + depth * 18 + 9);
  // hover is drawn in the next animation frame: poll for the last hovered name
  await page.waitForFunction((name) => document.querySelector('.tt-name')?.textContent === name, STYLE, { timeout: 10_000 }).catch(() => undefined);
  assert.equal(await page.locator('.tt-name').textContent(), STYLE, 'tooltip shows the name as text');
  await page.locator('.tab[data-view="table"]').click();
  const names = await page.locator('table.bottom-up td.fn').allTextContents();
  for (const n of [IMG, SCRIPT, SVG, STYLE]) assert.ok(names.includes(n), `table shows ${JSON.stringify(n)} verbatim`);
  const rect = await page.evaluate((n) => (window as unknown as { __perflens: { rects(n: string): Array<{ depth: number }> } }).__perflens.rects(n), SCRIPT);
  assert.deepEqual(rect.map((r) => r.depth), [2, 3], 'the frame is in the model under its real name');
  const dom = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: string }).__pwned,
    injected: document.querySelectorAll('img, svg, iframe, object, embed, link').length,
    scripts: document.querySelectorAll('script').length,
    styles: document.querySelectorAll('style').length,
    bodyVisible: getComputedStyle(document.body).display !== 'none',
  }));
  assert.deepEqual(dom, { pwned: undefined, injected: 0, scripts, styles: 1, bodyVisible: true });
  assert.deepEqual(watch.dialogs, []);
  assert.deepEqual(watch.errors, []);
}

describe('hostile profile text', () => {
  it('panel (postMessage): names, file names and findings render as text and execute nothing', async () => {
    const msg = loadMessage(hostile(), [finding('x', FILES.work, 12, { message: IMG, ruleId: SCRIPT, fixTitle: SVG })], SCRIPT);
    const p = await openPanel(browser, msg);
    try {
      assert.equal(await p.page.locator('.finding-msg').textContent(), IMG);
      assert.equal(await p.page.locator('.toolbar .title').textContent(), SCRIPT);
      await assertInert(p.page, p.watch, 1);
    } finally {
      await p.page.context().close();
    }
  });

  it('report (embedded JSON): the same names, plus a hostile title', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perflens-hostile-'));
    const profile = join(dir, 'hostile.cpuprofile');
    writeFileSync(profile, JSON.stringify(hostile()));
    const out = join(dir, 'hostile.html');
    const r = await perflens(['report', profile, '--html', out, '--title', SCRIPT]);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(out, 'utf8');
    for (const needle of ['<img src=x', '</script><script>', '<svg onload', '</style><style>']) {
      assert.ok(!html.includes(needle), `raw ${needle} must not reach the HTML`);
    }
    const { page, watch } = await openFile(browser, out);
    try {
      await waitFirstRender(page);
      assert.equal(await page.title(), `PerfLens — ${SCRIPT}`);
      await assertInert(page, watch, 2);
    } finally {
      await page.context().close();
    }
  });
});
