/**
 * What the interaction-latency work changed, checked in headless Chromium: the idle-time warm-up
 * leaves nothing visible behind, the breadcrumb reuses its elements (and still cuts long paths),
 * and the keyboard focus ring is drawn on the canvas instead of as a CSS outline on the scroller.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { api, hue, launchBrowser, openPanel, pixel, type PanelPage } from './helpers/browser';
import { loadMessage } from './helpers/messages';
import { knownCpuProfile } from './helpers/profiles';

const FLAME = '.view-flame canvas';
const ROW = 18;
let browser: Browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const crumbs = (page: Page) => page.locator('.breadcrumb .crumb').allTextContents();
const waitWarm = (page: Page) => page.waitForFunction(() => (window as unknown as { __perflens: { warmedUp(): boolean } }).__perflens.warmedUp(), null, { timeout: 10_000 });

/** A chain all → f0 → f1 → … → f13 (every sample in f13), 15 crumbs when zoomed to the leaf. */
function chainProfile(depth = 14) {
  const frame = (functionName: string) => ({ functionName, scriptId: '1', url: 'file:///app/src/chain.js', lineNumber: 1, columnNumber: 1 });
  const nodes = [{ id: 1, callFrame: { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 }, hitCount: 0, children: [2] as number[] }];
  for (let i = 0; i < depth; i++) nodes.push({ id: i + 2, callFrame: frame(`f${i}`), hitCount: 0, children: i + 1 < depth ? [i + 3] : [] });
  const samples = Array.from({ length: 20 }, () => depth + 1);
  nodes[depth]!.hitCount = samples.length;
  return { nodes, startTime: 0, endTime: 1000 * (samples.length + 1), samples, timeDeltas: samples.map(() => 1000) };
}

describe('flame page: interaction paths', () => {
  let p: PanelPage;
  before(async () => { p = await openPanel(browser, loadMessage(knownCpuProfile())); });
  after(async () => { await p.page.context().close(); });

  it('the idle-time warm-up leaves the shown state and pixels as they were', async () => {
    await waitWarm(p.page);
    assert.deepEqual(await api(p.page, 'domain', 'flame'), [0, 100_000]);
    assert.equal(await api(p.page, 'selected', 'flame'), '');
    assert.equal(await api(p.page, 'searchInfo'), '');
    assert.deepEqual(await crumbs(p.page), ['all']);
    // render (your code) keeps its own colour: no search mask or highlight left behind
    const box = (await p.page.locator(FLAME).boundingBox())!;
    const h = hue(await pixel(p.page, FLAME, 0.8 * box.width, 2 * ROW + ROW / 2));
    assert.ok(h >= 14 && h <= 42, `render in the user-code colour after the warm-up, hue ${h}`);
  });

  it('draws the keyboard focus ring on the canvas, not as an outline of the scroller', async () => {
    const box = (await p.page.locator(FLAME).boundingBox())!;
    const edge = () => pixel(p.page, FLAME, 0, box.height / 2);
    const background = await edge();
    await p.page.mouse.click(box.x + 0.8 * box.width, box.y + 2 * ROW + ROW / 2);
    await p.page.keyboard.press('ArrowDown'); // keyboard use: the focused scroller now matches :focus-visible
    assert.equal(await p.page.evaluate(() => document.activeElement?.className), 'flame-scroll');
    assert.equal(await p.page.evaluate(() => getComputedStyle(document.querySelector('.flame-scroll')!).outlineStyle), 'none');
    const ring = await edge();
    assert.ok(ring[2]! > 150 && ring[0]! < 60, `focus-border blue at the canvas edge, got ${ring}`);
    await p.page.locator('input.search').focus();
    await p.page.waitForFunction(([sel, y]) => {
      const c = document.querySelector(sel as string) as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, Math.floor((y as number) * c.width / c.getBoundingClientRect().width), 1, 1).data;
      return d[2]! < 150;
    }, [FLAME, box.height / 2] as const, { timeout: 5000 });
    assert.deepEqual((await edge()).slice(0, 3), background.slice(0, 3), 'the ring goes with the focus');
    await p.page.keyboard.press('Escape');
  });
});

describe('flame page: breadcrumb', () => {
  let p: PanelPage;
  before(async () => { p = await openPanel(browser, loadMessage(chainProfile())); });
  after(async () => { await p.page.context().close(); });

  it('cuts a long path to the root, "…" and the last eight, reuses its buttons, and each crumb zooms', async () => {
    await waitWarm(p.page);
    const first = await p.page.evaluateHandle(() => document.querySelector('.breadcrumb .crumb'));
    const leaf = await api<{ box: { x: number; y: number; width: number; height: number } }>(p.page, 'zoomTarget', 0.01);
    await p.page.mouse.click(leaf.box.x + leaf.box.width / 2, leaf.box.y + leaf.box.height / 2);
    assert.equal(await api(p.page, 'zoomed', 'flame'), 'f13');
    assert.deepEqual(await crumbs(p.page), ['all', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'f12', 'f13']);
    assert.equal(await p.page.locator('.breadcrumb .more').count(), 1);
    assert.equal(await p.page.locator('.breadcrumb [aria-current="true"]').textContent(), 'f13');
    await p.page.locator('.breadcrumb .crumb', { hasText: /^f8$/ }).click();
    assert.equal(await api(p.page, 'zoomed', 'flame'), 'f8');
    assert.deepEqual(await crumbs(p.page), ['all', 'f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8']);
    assert.equal(await p.page.locator('.breadcrumb .more').count(), 0);
    assert.equal(await p.page.locator('.breadcrumb .sep').count(), 9);
    assert.ok(await p.page.evaluate((b) => b === document.querySelector('.breadcrumb .crumb'), first), 'the same "all" button element');
    await p.page.locator('.breadcrumb .crumb', { hasText: 'all' }).click();
    assert.equal(await api(p.page, 'zoomed', 'flame'), 'all');
    assert.deepEqual(await crumbs(p.page), ['all']);
  });
});
