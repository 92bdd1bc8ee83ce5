/** `perflens report <profile> --html <out>`: a self-contained page that renders offline. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, openFile, waitFirstRender } from './helpers/browser';
import { perflens } from './helpers/cli';
import { FILES, knownCpuProfile, knownHeapProfile } from './helpers/profiles';

const dir = mkdtempSync(join(tmpdir(), 'perflens-report-'));
let browser: Browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

describe('perflens report', () => {
  const profile = join(dir, 'known.cpuprofile');
  writeFileSync(profile, JSON.stringify(knownCpuProfile()));

  it('writes one HTML file with a strict CSP, the inlined bundle and the data as JSON', async () => {
    const out = join(dir, 'known.html');
    const r = await perflens(['report', profile, '--html', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /wrote .*known\.html/);
    const html = readFileSync(out, 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp ?? '')?.[1];
    assert.ok(nonce, `CSP with a script nonce: ${csp}`);
    assert.equal(csp, `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'`);
    assert.equal((html.match(/<script nonce="/g) ?? []).length, 1, 'one executable script');
    assert.equal((html.match(/<script type="application\/json" id="perflens-data">/g) ?? []).length, 1, 'data in a JSON block');
    assert.doesNotMatch(html, /<link|src="(https?:)?\/\//, 'nothing loaded from elsewhere');
    const again = await perflens(['report', profile, '--html', join(dir, 'again.html')]);
    assert.equal(again.code, 0);
    assert.notEqual(/nonce-([^']+)'/.exec(readFileSync(join(dir, 'again.html'), 'utf8'))?.[1], nonce, 'a fresh nonce per page');
  });

  it('renders offline (all network refused) with a first-render mark and the expected frames', async () => {
    const out = join(dir, 'known.html');
    const { page, watch } = await openFile(browser, out);
    try {
      await waitFirstRender(page);
      const rects = await page.evaluate(() => (window as unknown as { __perflens: { rects(n: string): unknown } }).__perflens.rects('render'));
      assert.deepEqual(rects, [{ name: 'render', depth: 2, x0: 60_000, width: 30_000, self: 10_000 }]);
      assert.deepEqual(watch.requests.filter((u) => !u.startsWith('file://')), []);
      assert.deepEqual(watch.errors, []);
      // standalone: opening source has no editor; it must not throw or navigate
      const box = (await page.locator('.view-flame canvas').boundingBox())!;
      await page.mouse.dblclick(box.x + box.width * 0.8, box.y + 2 * 18 + 9);
      await page.locator('.status', { hasText: `${FILES.render}:3` }).waitFor();
      assert.equal(page.url(), `file://${out}`);
    } finally {
      await page.context().close();
    }
  });

  it('adds findings from `perflens analyze --format json` output', async () => {
    const analyze = join(dir, 'analyze.json');
    writeFileSync(analyze, JSON.stringify({
      version: 1, root: '/app/src',
      findings: [{ ruleId: 'sync-io', file: 'work.js', line: 12, column: 3, endLine: 12, endColumn: 30, severity: 'warning',
        message: 'readFileSync in a request handler', fixes: [{ title: 'Use fs.promises', kind: 'safe' }] }],
    }));
    const out = join(dir, 'findings.html');
    const r = await perflens(['report', profile, '--html', out, '--findings', analyze, '--title', 'with findings']);
    assert.equal(r.code, 0, r.stderr);
    const { page } = await openFile(browser, out);
    try {
      await waitFirstRender(page);
      assert.equal(await page.locator('.finding .rule').textContent(), 'sync-io');
      assert.equal(await page.locator('.finding .cost').textContent(), '80 ms · 80 %');
      await page.locator('.finding button.apply').click();
      await page.locator('.status', { hasText: 'needs the PerfLens extension' }).waitFor();
      assert.equal(await page.locator('.toolbar .title').textContent(), 'with findings');
    } finally {
      await page.context().close();
    }
  });

  it('writes heap profiles too', async () => {
    const heap = join(dir, 'known.heapprofile');
    writeFileSync(heap, JSON.stringify(knownHeapProfile()));
    const out = join(dir, 'heap.html');
    assert.equal((await perflens(['report', heap, '--html', out])).code, 0);
    const { page } = await openFile(browser, out);
    try {
      await waitFirstRender(page);
      assert.equal(await page.evaluate(() => (window as unknown as { __perflens: { total(): number } }).__perflens.total()), 4 * 1024 * 1024);
    } finally {
      await page.context().close();
    }
  });

  it('fails clearly on bad input', async () => {
    const missing = await perflens(['report', join(dir, 'nope.cpuprofile'), '--html', join(dir, 'x.html')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.cpuprofile does not exist/);
    const bad = join(dir, 'bad.cpuprofile');
    writeFileSync(bad, '{"nodes": 3}');
    const malformed = await perflens(['report', bad, '--html', join(dir, 'x.html')]);
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /PL3001/);
    const usage = await perflens(['report', profile]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /missing --html/);
    const help = await perflens(['report', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: perflens report <profile> --html/);
  });
});
