/**
 * The flame page in headless Chromium, served like a VS Code webview (script by URI, data by
 * postMessage, a recording acquireVsCodeApi). Checks the model (what the page computed) and pixels
 * (what the canvas shows) for a small known profile; see helpers/profiles.ts for its shape.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { api, hue, launchBrowser, openPanel, pixel, waitPosted, type PanelPage } from './helpers/browser';
import { finding, loadMessage } from './helpers/messages';
import { FILES, knownCpuProfile, knownHeapProfile } from './helpers/profiles';

const ROW = 18;
const FLAME = '.view-flame canvas';
let browser: Browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const canvasBox = (page: Page, sel = FLAME) => page.locator(sel).boundingBox().then((b) => b!);
const isUserHue = (rgb: number[]) => hue(rgb) >= 14 && hue(rgb) <= 42;
const isLibraryHue = (rgb: number[]) => hue(rgb) >= 190 && hue(rgb) <= 225;

/** Clicks (or double-clicks) the flame canvas at a fraction of its width and a row. */
async function at(page: Page, fx: number, depth: number, action: 'click' | 'dblclick' | 'move' = 'click', modifiers: Array<'Control'> = []) {
  const box = await canvasBox(page);
  const x = box.x + fx * box.width;
  const y = box.y + depth * ROW + ROW / 2;
  if (action === 'move') return page.mouse.move(x, y);
  for (const m of modifiers) await page.keyboard.down(m);
  if (action === 'dblclick') await page.mouse.dblclick(x, y); else await page.mouse.click(x, y);
  for (const m of modifiers) await page.keyboard.up(m);
}
async function flamePixel(page: Page, fx: number, depth: number, sel = FLAME, yOffset = ROW / 2) {
  const box = await canvasBox(page, sel);
  return pixel(page, sel, fx * box.width, depth * ROW + yOffset);
}

describe('flame page (VS Code webview mode)', () => {
  let p: PanelPage;
  const findings = [
    finding('a', FILES.render, 4),
    finding('b', FILES.work, 12, { fixTitle: 'Index orders in a Set' }),
    finding('c', FILES.work, 22),
    finding('d', '/somewhere/else.js', 3),
  ];
  before(async () => { p = await openPanel(browser, loadMessage(knownCpuProfile(), findings)); });
  after(async () => { await p.page.context().close(); });

  it('says ready, marks the first render and draws the expected frames', async () => {
    const posted = await p.posted();
    assert.equal(posted[0]!.type, 'ready');
    assert.equal(await api(p.page, 'total'), 100_000);
    assert.deepEqual(await api(p.page, 'rects', 'render', 'flame'), [{ name: 'render', depth: 2, x0: 60_000, width: 30_000, self: 10_000 }]);
    assert.deepEqual((await api<Array<{ depth: number }>>(p.page, 'rects', 'lodashMap', 'flame')).map((r) => r.depth), [3]);
    // pixels: render (your code) at 60..90 % of row 2, lodashMap (a dependency) at 0..25 % of row 3, nothing at row 6
    assert.ok(isUserHue(await flamePixel(p.page, 0.8, 2)), 'render is drawn in the user-code colour');
    assert.ok(isLibraryHue(await flamePixel(p.page, 0.2, 3)), 'lodashMap is drawn in the dependency colour');
    assert.deepEqual((await flamePixel(p.page, 0.5, 6)).slice(0, 3), [30, 30, 30], 'background below the deepest frame');
    assert.ok(!isUserHue(await flamePixel(p.page, 0.95, 2)), 'main\'s own time (90..95 %) has no frame on row 2');
    assert.equal(p.watch.errors.length, 0, p.watch.errors.join('\n'));
  });

  it('shows a tooltip with name, file:line, total, share and self', async () => {
    await at(p.page, 0.8, 2, 'move');
    const tip = p.page.locator('.tooltip');
    await tip.waitFor({ state: 'visible' });
    assert.equal(await tip.locator('.tt-name').textContent(), 'render');
    assert.equal(await tip.locator('.tt-loc').textContent(), `${FILES.render}:3:8`);
    assert.equal(await tip.locator('.tt-num').textContent(), 'total 30 ms (30 %) · self 10 ms');
  });

  it('click zooms (x domain, breadcrumb, pixels) and Esc resets', async () => {
    await at(p.page, 0.3, 2);
    assert.equal(await api(p.page, 'zoomed', 'flame'), 'work');
    assert.deepEqual(await api(p.page, 'domain', 'flame'), [0, 60_000]);
    assert.deepEqual(await p.page.locator('.breadcrumb .crumb').allTextContents(), ['all', 'main', 'work']);
    // lodashMap now covers 0..25/60 of the width, the native parse 25/60..30/60
    assert.ok(isLibraryHue(await flamePixel(p.page, 0.38, 3)));
    const parseHue = hue(await flamePixel(p.page, 0.46, 3));
    assert.ok(parseHue >= 40 && parseHue <= 60, `native frame colour, hue ${parseHue}`);
    const state = await waitPosted(p, (m) => m.type === 'stateChanged' && m.state.zoomPath.length === 2);
    assert.equal(state.type, 'stateChanged');
    await p.page.locator('.breadcrumb .crumb', { hasText: 'main' }).click();
    assert.equal(await api(p.page, 'zoomed', 'flame'), 'main');
    await p.page.keyboard.press('Escape');
    assert.deepEqual(await api(p.page, 'domain', 'flame'), [0, 100_000]);
    assert.equal(await api(p.page, 'zoomed', 'flame'), 'all');
  });

  it('keyboard: arrows move the selection, Enter zooms, Esc resets', async () => {
    await p.page.locator('body').focus();
    await p.page.keyboard.press('ArrowDown');
    await p.page.keyboard.press('ArrowDown');
    assert.equal(await api(p.page, 'selected', 'flame'), 'work');
    await p.page.keyboard.press('ArrowRight');
    assert.equal(await api(p.page, 'selected', 'flame'), 'render');
    await p.page.keyboard.press('Enter');
    assert.equal(await api(p.page, 'zoomed', 'flame'), 'render');
    await p.page.keyboard.press('Escape');
    assert.equal(await api(p.page, 'zoomed', 'flame'), 'all');
  });

  it('search highlights matches and reports their share; regex, escapes and errors', async () => {
    const search = p.page.locator('input.search');
    await search.fill('work');
    assert.equal(await api(p.page, 'searchInfo'), '1 function · 80 ms · 80 %');
    const match = hue(await flamePixel(p.page, 0.3, 2));
    assert.ok(match > 280 && match < 300, `match colour, hue ${match}`);
    assert.ok(Number.isNaN(hue(await flamePixel(p.page, 0.8, 2))), 'non-matching render is dimmed to grey');
    await search.fill('/^(render|main)$/');
    assert.equal(await api(p.page, 'searchInfo'), '2 functions · 95 ms · 95 %');
    await search.fill('/pa\\.?rse/');
    assert.equal(await api(p.page, 'searchInfo'), '1 function · 5.0 ms · 5.0 %');
    await search.fill('(idle)');
    assert.equal(await api(p.page, 'searchInfo'), '1 function · 2.0 ms · 2.0 %');
    await search.fill('/[/');
    assert.match(await api<string>(p.page, 'searchInfo'), /invalid regular expression/);
    assert.equal(await search.getAttribute('aria-invalid'), 'true');
    await search.fill('');
    assert.ok(isUserHue(await flamePixel(p.page, 0.8, 2)), 'colours return when the search is cleared');
  });

  it('double-click and ctrl-click post openSource for the frame under the pointer', async () => {
    await at(p.page, 0.8, 2, 'dblclick');
    assert.deepEqual(await waitPosted(p, (m) => m.type === 'openSource'), { type: 'openSource', file: FILES.render, line: 3, col: 8 });
    assert.equal(await api(p.page, 'zoomed', 'flame'), 'render', 'the clicks of a double-click zoom too');
    await p.page.keyboard.press('Escape');
    await at(p.page, 0.1, 4, 'click', ['Control']);
    assert.deepEqual(await waitPosted(p, (m) => m.type === 'openSource' && m.file === FILES.work),
      { type: 'openSource', file: FILES.work, line: 20, col: 5 });
    assert.equal(await api(p.page, 'zoomed', 'flame'), 'all', 'ctrl-click opens without zooming');
  });

  it('"only my code" merges libraries into callers and drops GC/idle', async () => {
    await p.page.locator('#only-my-code').check();
    assert.equal(await api(p.page, 'total'), 95_000);
    assert.deepEqual(await api(p.page, 'rects', 'lodashMap', 'flame'), []);
    assert.deepEqual(await api(p.page, 'rects', '(garbage collector)', 'flame'), []);
    assert.deepEqual((await api<Array<{ depth: number; width: number }>>(p.page, 'rects', 'callback', 'flame')).map((r) => [r.depth, r.width]), [[3, 15_000]]);
    assert.ok(isUserHue(await flamePixel(p.page, 0.1, 3)), 'callback moved up to row 3');
    await p.page.locator('#only-my-code').uncheck();
    assert.equal(await api(p.page, 'total'), 100_000);
  });

  it('sandwich shows callers above and callees below the selected function', async () => {
    await at(p.page, 0.3, 2); // select + zoom work
    await p.page.locator('.tab[data-view="sandwich"]').click();
    assert.equal(await p.page.locator('.callers .pane-title').textContent(), 'Callers of work');
    const callers = await api<Array<{ depth: number; width: number }>>(p.page, 'rects', 'main', 'callers');
    assert.deepEqual(callers.map((r) => [r.depth, r.width]), [[1, 60_000], [2, 20_000]]);
    assert.deepEqual((await api<Array<{ width: number }>>(p.page, 'rects', 'render', 'callers')).map((r) => r.width), [20_000]);
    assert.deepEqual((await api<Array<{ depth: number; width: number }>>(p.page, 'rects', 'lodashMap', 'callees')).map((r) => [r.depth, r.width]), [[1, 25_000]]);
    assert.ok(isLibraryHue(await flamePixel(p.page, 0.2, 1, '.callees canvas')), 'lodashMap in the callee pane');
    const callersBox = await canvasBox(p.page, '.callers canvas');
    const bottom = await pixel(p.page, '.callers canvas', callersBox.width * 0.5, callersBox.height - ROW / 2);
    assert.ok(isUserHue(bottom), 'the function itself sits at the bottom of the inverted callers pane');
  });

  it('bottom-up table sorts and a row opens its sandwich', async () => {
    await p.page.locator('.tab[data-view="table"]').click();
    const firstFn = () => p.page.locator('table.bottom-up tbody tr td.fn').first().textContent();
    assert.equal(await firstFn(), 'work');
    const firstRow = await p.page.locator('table.bottom-up tbody tr').first().locator('td').allTextContents();
    assert.deepEqual(firstRow, ['50 ms', '50 %', '80 ms', '80 %', 'work', `${FILES.work}:10:17`]);
    await p.page.locator('th button[data-key="total"]').click();
    assert.equal(await firstFn(), 'main');
    await p.page.locator('table.bottom-up tbody tr', { hasText: 'render' }).click();
    assert.equal(await api(p.page, 'view'), 'sandwich');
    assert.equal(await p.page.locator('.callers .pane-title').textContent(), 'Callers of render');
    await p.page.locator('.tab[data-view="flame"]').click();
  });

  it('flame chart lays spans out in time order', async () => {
    await p.page.locator('.tab[data-view="chart"]').click();
    assert.deepEqual(await api(p.page, 'rects', 'lodashMap', 'chart'), [{ name: 'lodashMap', depth: 3, x0: 15_000, width: 25_000, self: 10_000 }]);
    assert.ok(isLibraryHue(await flamePixel(p.page, 0.3, 3, '.view-chart canvas')));
    assert.ok(!isLibraryHue(await flamePixel(p.page, 0.5, 3, '.view-chart canvas')), 'nothing from lodash after 40 %');
    await p.page.locator('.tab[data-view="flame"]').click();
  });

  it('findings are ranked by measured cost, highlight their frames, and Apply posts applyFix', async () => {
    const items = p.page.locator('.findings .finding');
    assert.deepEqual(await items.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id)), ['b', 'a', 'c'], 'unprofiled file left out');
    assert.equal(await items.first().locator('.cost').textContent(), '80 ms · 80 %');
    await items.first().click();
    // the selected finding's function (work) gets an outline in the highlight colour along its top edge
    const edge = hue(await flamePixel(p.page, 0.3, 2, FLAME, 1));
    assert.ok(edge > 190 && edge < 205, `highlight outline, hue ${edge}`);
    await items.first().locator('button.apply').click();
    assert.deepEqual(await waitPosted(p, (m) => m.type === 'applyFix'), {
      type: 'applyFix', findingId: 'b', uri: `file://${FILES.work}`, ruleId: 'quadratic-loop', range: findings[1]!.range,
    });
    assert.equal(await items.nth(1).locator('button.apply').count(), 0, 'no Apply without a fix');
  });

  it('restores zoom, search and view from the persisted state', async () => {
    await at(p.page, 0.3, 2);
    await p.page.locator('input.search').fill('callback');
    const saved = await p.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    const again = await openPanel(browser, loadMessage(knownCpuProfile()), { savedState: saved });
    try {
      assert.equal(await api(again.page, 'zoomed', 'flame'), 'work');
      assert.equal(await again.page.locator('input.search').inputValue(), 'callback');
      assert.equal(await api(again.page, 'searchInfo'), '1 function · 15 ms · 15 %');
    } finally {
      await again.page.context().close();
    }
  });
});

describe('flame page: heap profiles, device pixel ratio, theme', () => {
  it('heap profile: bytes, no flame chart', async () => {
    const p = await openPanel(browser, loadMessage(knownHeapProfile()));
    try {
      assert.equal(await p.page.locator('.tab[data-view="chart"]').isDisabled(), true);
      await at(p.page, 0.5, 1, 'move');
      await p.page.locator('.tooltip').waitFor({ state: 'visible' });
      assert.equal(await p.page.locator('.tt-num').textContent(), 'total 4.0 MB (100 %) · self 1.0 MB');
    } finally {
      await p.page.context().close();
    }
  });

  it('draws at device resolution with DPR 2', async () => {
    const p = await openPanel(browser, loadMessage(knownCpuProfile()), { dpr: 2 });
    try {
      const size = await p.page.locator(FLAME).evaluate((c: HTMLCanvasElement) => [c.width, c.getBoundingClientRect().width]);
      assert.equal(size[0], Math.round(size[1]! * 2));
      assert.ok(isUserHue(await flamePixel(p.page, 0.8, 2)));
      assert.ok(isLibraryHue(await flamePixel(p.page, 0.2, 3)));
    } finally {
      await p.page.context().close();
    }
  });

  it('high contrast: frames outlined with the contrast border', async () => {
    const p = await openPanel(browser, loadMessage(knownCpuProfile()), { bodyClass: 'vscode-high-contrast' });
    try {
      const inside = await flamePixel(p.page, 0.8, 2);
      assert.deepEqual(inside.slice(0, 3), [0, 0, 0], 'flat black frame fill');
      const border = await flamePixel(p.page, 0.8, 2, FLAME, 0.6);
      assert.ok(border[2]! > 150, `contrast border on the frame's top edge ${border}`);
    } finally {
      await p.page.context().close();
    }
  });
});
