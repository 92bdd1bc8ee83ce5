/**
 * End-to-end in a real VS Code (code-server) driven like a user with Playwright + Debian chromium:
 * install the packaged .vsix, open the workspace, see the PerfLens squiggle, apply the Quick Fix,
 * run Profile Current Script from the palette, see the hot line, open the flame graph, read a
 * frame's name inside the webview, double-click it and land on its source line. Screenshots go to
 * test-results/e2e/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startCodeServer, CHROMIUM_ARGS, type CodeServer } from './code-server';

const ROOT = resolve(__dirname, '../../..');
const SHOTS = join(ROOT, 'test-results', 'e2e');
const T = 90_000;
let server: CodeServer | undefined;
let browser: Browser | undefined;
let workspace: string;
let vsixDir: string;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  vsixDir = mkdtempSync(join(tmpdir(), 'perflens-vsix-'));
  const vsix = join(vsixDir, 'perflens.vsix');
  execFileSync(process.execPath, ['scripts/package-vsix.mjs', vsix], { cwd: ROOT, stdio: 'pipe' });
  workspace = mkdtempSync(join(tmpdir(), 'perflens-ui-ws-'));
  cpSync(join(__dirname, 'workspace'), workspace, { recursive: true });
  server = await startCodeServer({ vsix: [vsix], settings: { 'perflens.hotspots.display': 'both' } });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(workspace, { recursive: true, force: true });
  rmSync(vsixDir, { recursive: true, force: true });
});

interface LineView {
  injected: string;
  decorated: boolean;
}

/** Polls the rendered editor line containing `text`: its injected text (inlay hints) and whether a decoration overlay covers it. */
async function waitForLine(page: Page, text: string, ok: (line: LineView) => boolean, timeout: number): Promise<LineView> {
  const end = Date.now() + timeout;
  let last: LineView = { injected: '', decorated: false };
  while (Date.now() < end) {
    last = await page.evaluate((needle) => {
      const lines = [...document.querySelectorAll<HTMLElement>('.monaco-editor .view-lines .view-line')];
      const line = lines.find((l) => (l.textContent ?? '').includes(needle));
      if (!line) return { injected: '', decorated: false };
      let injected = line.textContent ?? '';
      for (const el of line.querySelectorAll('*')) {
        for (const pseudo of ['::before', '::after']) {
          const c = getComputedStyle(el, pseudo).content;
          if (c && c !== 'none' && c !== 'normal') injected += ' ' + c.replace(/^"|"$/g, '');
        }
      }
      const top = line.style.top;
      const overlays = [...document.querySelectorAll<HTMLElement>('.monaco-editor .view-overlays > div')].filter((d) => d.style.top === top);
      const decorated = overlays.some((d) => [...d.children].some((c) => /TextEditorDecorationType/.test(c.className)));
      return { injected, decorated };
    }, text);
    if (ok(last)) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`line "${text}" never matched: ${JSON.stringify(last)}`);
}

async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row .label-name', { hasText: title }).first().click({ timeout: T });
}

test('diagnostic → quick fix → profile → hot line → flame graph → source', { timeout: 420_000 }, async () => {
  const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
  try {
    await page.goto(`${server!.url}/?folder=${encodeURIComponent(workspace)}`, { timeout: T });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'report.js' }).click({ timeout: T });
    await page.locator('.monaco-editor .view-lines', { hasText: 'existing.includes(id)' }).waitFor({ timeout: T });

    // 1. the PerfLens diagnostic shows as a squiggle
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: T });
    await shot('1-diagnostic');

    // 2. Quick Fix from the menu rewrites the scan into a Set lookup
    const fixItem = page.locator('.action-widget .monaco-list-row', { hasText: /Set/ }).first();
    for (let attempt = 1; ; attempt++) {
      await page.locator('.monaco-editor .view-line', { hasText: 'existing.includes(id)' }).click();
      await runCommand(page, 'Quick Fix...');
      if (await fixItem.waitFor({ timeout: 20_000 }).then(() => true, () => false)) break;
      if (attempt === 3) throw new Error('the Quick Fix menu did not list the PerfLens fix (3 attempts)');
      await page.keyboard.press('Escape');
    }
    await shot('2-quick-fix-menu');
    await fixItem.click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'new Set(' }).waitFor({ timeout: T });
    await shot('3-fixed');
    // undo, so the profile below measures the slow version with its known hot line
    await page.keyboard.press('Control+Z');
    await page.locator('.monaco-editor .view-lines', { hasText: 'existing.includes(id)' }).waitFor({ timeout: T });
    await page.keyboard.press('Control+S');

    // 3. Profile Current Script from the palette; the hot line gets an inlay hint with its share
    await page.locator('.monaco-editor .view-line', { hasText: 'existing.includes(id)' }).click();
    await runCommand(page, 'PerfLens: Profile Current Script');
    // the code lens on the hot function (real text in the editor)
    await page.locator('.monaco-editor .codelens-decoration', { hasText: /matchingIds: \d+(\.\d)?%\s·\stotal/ }).first().waitFor({ timeout: T });
    // the inlay hint at the end of the hot line and the heat decoration on it (rendered as
    // injected text / pseudo-elements, so read them from the DOM and computed styles)
    await waitForLine(page, 'existing.includes(id)', (line) => /\d+(\.\d)?%\s·\s\d/.test(line.injected) && line.decorated, T);
    await shot('4-hot-line');

    // 4. the flame graph panel: read a frame's name in the webview's table view
    await runCommand(page, 'PerfLens: Show Flame Graph');
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await webview.locator('button.tab[data-view="table"]').click({ timeout: T });
    const row = webview.locator('table.bottom-up tbody tr', { has: webview.locator('td.fn', { hasText: 'matchingIds' }) }).first();
    await row.waitFor({ timeout: T });
    assert.match((await row.locator('td.loc').textContent()) ?? '', /report\.js:8/);
    await shot('5-flame-panel');

    // 5. ctrl+click the frame: the editor shows report.js with the cursor on matchingIds's line
    await row.click({ modifiers: ['Control'] });
    await page.locator('.editor-group-container .tab.active[data-resource-name="report.js"]').first().waitFor({ timeout: T });
    await page.locator('.statusbar-item', { hasText: /Ln 8,/ }).first().waitFor({ timeout: T });
    await shot('6-source-line');
  } catch (err) {
    await shot('failure').catch(() => undefined);
    throw err;
  } finally {
    await page.close();
  }
});

test('the packaged .vsix holds the bundles and no node_modules', () => {
  const vsix = join(vsixDir, 'perflens.vsix');
  const listing = execFileSync('unzip', ['-l', vsix], { encoding: 'utf8' });
  assert.match(listing, /extension\/dist\/server\.js/);
  assert.match(listing, /extension\/dist\/webview\.js/);
  assert.doesNotMatch(listing, /node_modules/);
  assert.ok(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).contributes.commands.length >= 7);
});

test('in an untrusted workspace Profile Current Script is refused with the reason', { timeout: 240_000 }, async () => {
  const vsix = join(vsixDir, 'perflens.vsix');
  const untrusted = await startCodeServer({ vsix: [vsix], workspaceTrust: true });
  const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await page.goto(`${untrusted.url}/?folder=${encodeURIComponent(workspace)}`, { timeout: T });
    // a folder nobody trusted yet opens in Restricted Mode
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: T });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'report.js' }).click({ timeout: T });
    await page.locator('.monaco-editor .view-lines', { hasText: 'existing.includes(id)' }).waitFor({ timeout: T });
    // analysis still works in restricted mode
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: T });
    await runCommand(page, 'PerfLens: Profile Current Script');
    await page.locator('.notifications-toasts', { hasText: /profiling runs this workspace.s code/ }).waitFor({ timeout: T });
    await page.screenshot({ path: join(SHOTS, '7-untrusted-refused.png') });
  } finally {
    await page.close();
    await untrusted.stop();
  }
});
