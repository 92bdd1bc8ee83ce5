/**
 * Flame graph benchmark (prints figures, asserts nothing): in ONE Chromium session, for a ~2k-node and
 * a ~40k-node real profile (tsc compiling a project) and a synthetic 200k-node one, the time to first
 * render, a zoom click, a search and a hover for the PerfLens page, beside d3-flame-graph (SVG) and
 * speedscope (its npm release build) when installed:
 *
 *   npm --prefix bench/flame-viewers install   # once; bench only, never in CI
 *   npx tsx bench/flame.ts [--reps 3] [--viewers perflens,dfg,speedscope] [--profiles tsc-small,tsc-d3,tsc-repo,synthetic-200k] [--dfg-synthetic]
 *
 * Timing: first render = navigation start → the paint after `perflens:first-render` (report page,
 * profile embedded as JSON; includes parsing the page and the data). Zoom/search/hover = input event
 * timeStamp → the end of the frame that shows the result (rAF + MessageChannel). Other viewers as in
 * shared/research/flame-anchors.md. Profiles are generated into the OS temp dir on first use.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { readProfileFile } from '../server/src/profile/read-file';
import { toFlameTree } from '../server/src/profile/flame-tree';
import type { Profile } from '../server/src/profile/model';
import { buildPanelHtml, createNonce } from '../server/src/report/panel-html';
import { profileToWire } from '../server/src/report/flame-wire';

const REPO = resolve(__dirname, '..');
const WORK = join(tmpdir(), 'perflens-flame-bench');
const VIEWERS_NM = join(REPO, 'bench', 'flame-viewers', 'node_modules');
const GEN = resolve(REPO, '..', 'shared', 'research', 'flame-anchors', 'gen-synthetic.js');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const argv = process.argv.slice(2);
const opt = (name: string, def: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1]! : def; };
const REPS = Number(opt('reps', '3'));
const VIEWERS = opt('viewers', 'perflens,dfg,speedscope').split(',');
const SEARCH = 'check';
const ONLY_PROFILES = opt('profiles', '').split(',').filter(Boolean);

// ---------- profiles ----------
function tscProfile(name: string, project: string, intervalUs: number): string {
  const out = join(WORK, `${name}.cpuprofile`);
  if (existsSync(out)) return out;
  const dir = join(WORK, `${name}-prof`);
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', String(intervalUs),
      join(REPO, 'node_modules/typescript/bin/tsc'), '-p', project, '--noEmit'], { stdio: 'ignore' });
  } catch { /* tsc exits 1/2 on type errors; the profile is still written */ }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`tsc wrote no profile for ${name}`);
  renameSync(join(dir, file), out);
  return out;
}

function ensureProfiles(): Array<{ name: string; path: string }> {
  mkdirSync(WORK, { recursive: true });
  const tiny = join(WORK, 'tiny-project');
  mkdirSync(tiny, { recursive: true });
  writeFileSync(join(tiny, 'index.ts'), 'export const answer: number = 42;\n');
  writeFileSync(join(tiny, 'tsconfig.json'), JSON.stringify({ compilerOptions: { lib: ['es5'], types: [], strict: true }, files: ['index.ts'] }));
  // ~40k: a small project type-checking d3's and TypeScript's declarations (as in the research notes)
  const mid = join(WORK, 'd3-project');
  mkdirSync(mid, { recursive: true });
  writeFileSync(join(mid, 'index.ts'), "import * as d3 from 'd3';\nimport * as ts from 'typescript';\nexport const x = d3.scaleLinear().domain([0, 1]);\nexport const k: ts.SyntaxKind = ts.SyntaxKind.Identifier;\n");
  writeFileSync(join(mid, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, skipLibCheck: false, module: 'esnext', moduleResolution: 'bundler', target: 'es2022', types: ['node', 'd3'],
      typeRoots: [join(REPO, 'node_modules/@types')], paths: { '*': [join(REPO, 'node_modules/*'), join(REPO, 'node_modules/@types/*')] } },
    files: ['index.ts'],
  }));
  const synthetic = join(WORK, 'synthetic-200k.cpuprofile');
  if (!existsSync(synthetic)) execFileSync(process.execPath, [GEN, '--nodes', '200000', '--deep', '500', '--seed', '42', '--out', synthetic], { stdio: 'ignore' });
  const all = [
    { name: 'tsc-small', path: tscProfile('tsc-small', tiny, 500) },
    { name: 'tsc-d3', path: tscProfile('tsc-d3', mid, 100) },
    { name: 'tsc-repo', path: tscProfile('tsc-repo', REPO, 250) },
    { name: 'synthetic-200k', path: synthetic },
  ];
  return ONLY_PROFILES.length ? all.filter((p) => ONLY_PROFILES.includes(p.name)) : all;
}

/** d3-flame-graph's input: nested {name, value, children}, value = inclusive weight. */
function toNested(profile: Profile): unknown {
  const t = toFlameTree(profile, { sortChildren: 'name' });
  const nodes = Array.from({ length: t.count }, (_, i) => ({ name: t.strings[t.name[i]!] ?? '', value: t.total[i]!, children: [] as unknown[] }));
  for (let i = 1; i < t.count; i++) if (t.total[i]! > 0) nodes[t.parent[i]!]!.children.push(nodes[i]!);
  return nodes[0];
}

// ---------- static server (127.0.0.1 only) ----------
function serve(routes: Map<string, string | (() => string)>, dirs: Array<[string, string]>): Promise<{ server: Server; base: string }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.cpuprofile': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml' };
  const server = createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split(/[?#]/)[0]!);
    const fixed = routes.get(url);
    let body: string | Buffer | undefined = typeof fixed === 'function' ? fixed() : fixed;
    let type = types[extname(url)] ?? 'application/octet-stream';
    if (body === undefined) {
      for (const [prefix, dir] of dirs) {
        if (!url.startsWith(prefix)) continue;
        const file = join(dir, url.slice(prefix.length) || 'index.html');
        if (file.startsWith(dir) && existsSync(file) && statSync(file).isFile()) { body = readFileSync(file); type = types[extname(file)] ?? type; }
      }
    }
    if (body === undefined) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': type, 'access-control-allow-origin': '*' }).end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    const a = server.address() as { port: number };
    ok({ server, base: `http://127.0.0.1:${a.port}` });
  }));
}

// page-side helpers, as a string (tsx would inject helpers into serialised functions)
const PAGE_HOOKS = `
window.__afterPaint = () => new Promise((ok) => requestAnimationFrame(() => { const ch = new MessageChannel(); ch.port1.onmessage = () => ok(performance.now()); ch.port2.postMessage(0); }));
window.__timeNext = (type, target) => new Promise((ok) => (target || document).addEventListener(type, (ev) => { const t0 = ev.timeStamp; window.__afterPaint().then((t1) => ok(t1 - t0)); }, { once: true, capture: true }));
// perflens: the end of the frame painted right after the first-render mark
(() => { const mark = performance.mark.bind(performance); performance.mark = (name, ...rest) => { const r = mark(name, ...rest); if (name === 'perflens:first-render' && !window.__firstPaint) window.__afterPaint().then((t) => { window.__firstPaint = t; }); return r; }; })();
// speedscope: remember when the last frame that drew anything ended
window.__lastDraw = 0;
(() => {
  const mark = () => { if (!window.__drawPending) { window.__drawPending = true; window.__afterPaint().then((t) => { window.__lastDraw = t; window.__drawPending = false; }); } };
  const wrap = (proto, names) => { if (!proto) return; for (const n of names) { const f = proto[n]; if (typeof f !== 'function') continue; proto[n] = function (...a) { mark(); return f.apply(this, a); }; } };
  wrap(window.WebGLRenderingContext && WebGLRenderingContext.prototype, ['drawArrays', 'drawElements']);
  wrap(window.WebGL2RenderingContext && WebGL2RenderingContext.prototype, ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced']);
  wrap(window.CanvasRenderingContext2D && CanvasRenderingContext2D.prototype, ['fillText', 'drawImage']);
  const origGet = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
    const ctx = origGet.call(this, kind, ...rest);
    if (ctx && (kind === 'webgl' || kind === 'experimental-webgl')) { const ext = ctx.getExtension('ANGLE_instanced_arrays'); if (ext && !ext.__wrapped) { ext.__wrapped = true; wrap(ext, ['drawArraysInstancedANGLE', 'drawElementsInstancedANGLE']); } }
    return ctx;
  };
})();
`;

type Row = { viewer: string; profile: string; first: number[]; zoom: number[]; search: number[]; hover: number[]; note?: string };
const median = (xs: number[]) => { if (!xs.length) return NaN; const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]!; };
const fmt = (xs: number[]) => (xs.length ? `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)})` : '–');

async function newPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 1200 } });
  await ctx.addInitScript(PAGE_HOOKS);
  return ctx.newPage();
}

async function measurePerfLens(browser: Browser, url: string, row: Row): Promise<void> {
  const page = await newPage(browser);
  try {
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { __firstPaint?: number }).__firstPaint !== undefined, null, { timeout: 120_000 });
    row.first.push(await page.evaluate(() => (window as unknown as { __firstPaint: number }).__firstPaint));
    row.note = await page.evaluate(`(() => {
      const m = (n) => performance.getEntriesByName(n)[0];
      const d = (n) => (m(n) ? m(n).duration.toFixed(0) : '?');
      return 'data parsed @' + (m('perflens:parse') ? m('perflens:parse').startTime.toFixed(0) : '?') + ' ms; parse ' + d('perflens:parse')
        + ', convert ' + d('perflens:convert') + ', layout ' + d('perflens:layout') + ', mark @' + m('perflens:first-render').startTime.toFixed(0);
    })()`) as string;
    const target = await page.evaluate(() => (window as unknown as { __perflens: { zoomTarget(f: number): { box: { x: number; y: number; width: number; height: number } | null } } }).__perflens.zoomTarget(0.5));
    const canvas = await page.locator('.view-flame canvas').elementHandle();
    if (target.box) {
      const hover = page.evaluate((c) => (window as unknown as { __timeNext(t: string, el: unknown): Promise<number> }).__timeNext('mousemove', c), canvas);
      await page.mouse.move(target.box.x + target.box.width / 2, target.box.y + target.box.height / 2);
      row.hover.push(await hover);
      const zoom = page.evaluate((c) => (window as unknown as { __timeNext(t: string, el: unknown): Promise<number> }).__timeNext('click', c), canvas);
      await page.mouse.click(target.box.x + target.box.width / 2, target.box.y + target.box.height / 2);
      row.zoom.push(await zoom);
      await page.keyboard.press('Escape');
    }
    const search = page.evaluate(() => (window as unknown as { __timeNext(t: string, el: unknown): Promise<number> }).__timeNext('input', document.querySelector('input.search')));
    await page.fill('input.search', SEARCH);
    row.search.push(await search);
  } finally {
    await page.context().close();
  }
}

async function measureDfg(browser: Browser, base: string, name: string, row: Row): Promise<void> {
  const page = await newPage(browser);
  try {
    await page.goto(`${base}/dfg/page.html?tree=${name}`);
    await page.waitForFunction(() => (window as unknown as { __done?: number }).__done !== undefined, null, { timeout: 600_000, polling: 500 });
    row.first.push(await page.evaluate(() => (window as unknown as { __done: number }).__done));
    row.search.push(await page.evaluate(`window.__searchTimed(${JSON.stringify(SEARCH)})`) as number);
    const box = await page.evaluate('window.__zoomTargetBox(0.5)') as { x: number; y: number; width: number; height: number } | null;
    if (box) {
      const zoom = page.evaluate('window.__timeClickSettled()') as Promise<number>;
      await page.mouse.click(box.x + Math.min(box.width / 2, 40), box.y + box.height / 2);
      row.zoom.push(await zoom);
    }
  } finally {
    await page.context().close();
  }
}

async function measureSpeedscope(browser: Browser, base: string, name: string, row: Row): Promise<void> {
  const page = await newPage(browser);
  try {
    const profileUrl = encodeURIComponent(`${base}/profiles/${name}.cpuprofile`);
    await page.goto(`${base}/speedscope/index.html#profileURL=${profileUrl}&view=left-heavy`);
    await page.getByText('Sandwich').first().waitFor({ timeout: 300_000 });
    const quiet = (ms: number) => page.waitForFunction((ms) => {
      const w = window as unknown as { __lastDraw: number };
      return w.__lastDraw > 0 && performance.now() - w.__lastDraw > ms;
    }, ms, { timeout: 300_000, polling: 100 });
    await quiet(1500);
    row.first.push(await page.evaluate(() => (window as unknown as { __lastDraw: number }).__lastDraw));
    // search: Ctrl+F opens the box, one input event, until the last frame that draws
    await page.keyboard.press('Control+f');
    const input = page.locator('input').first();
    await input.waitFor();
    const started = page.evaluate(() => new Promise<number>((ok) => document.addEventListener('input', (e) => ok(e.timeStamp), { once: true, capture: true })));
    await input.fill(SEARCH);
    const inputAt = await started;
    await quiet(500);
    row.search.push(await page.evaluate((t) => (window as unknown as { __lastDraw: number }).__lastDraw - t, inputAt));
    row.note = 'zoom not timed (double-click target needs its model)';
  } finally {
    await page.context().close();
  }
}

const DFG_PAGE = `<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="/dfg/lib/d3-flamegraph.css">
<body><div id="chart"></div><script src="/dfg/d3/d3.min.js"></script><script src="/dfg/lib/d3-flamegraph.umd.min.js"></script>
<script>
const settled = () => new Promise((ok) => { const step = () => { const busy = document.querySelector('#chart svg') && [...document.querySelectorAll('#chart g, #chart rect')].some((n) => n.__transition); if (busy) requestAnimationFrame(step); else window.__afterPaint().then(ok); }; requestAnimationFrame(step); });
const name = new URLSearchParams(location.search).get('tree');
fetch('/dfg/tree/' + name + '.json').then((r) => r.json()).then((tree) => {
  const chart = flamegraph().width(1240).cellHeight(18).inverted(true).sort(false).transitionDuration(0);
  window.__chart = chart;
  d3.select('#chart').datum(tree).call(chart);
  settled().then((t) => { window.__done = t; });
});
window.__searchTimed = (q) => { const t0 = performance.now(); window.__chart.search(q); return settled().then((t) => t - t0); };
window.__zoomTargetBox = (f) => {
  const root = d3.select('#chart svg g').datum(); let n = root;
  while (n.value >= f * root.value && n.children && n.children.length) n = n.children.reduce((a, b) => (b.value > a.value ? b : a));
  const g = [...document.querySelectorAll('#chart g')].find((el) => el.__data__ === n); if (!g) return null;
  const b = g.querySelector('rect').getBoundingClientRect(); return { x: b.x, y: b.y, width: b.width, height: b.height };
};
window.__timeClickSettled = () => new Promise((ok) => document.addEventListener('click', (e) => { const t0 = e.timeStamp; settled().then((t) => ok(t - t0)); }, { once: true, capture: true }));
</script>`;

async function main(): Promise<void> {
  const profiles = ensureProfiles();
  const bundlePath = join(WORK, 'webview.js');
  await build({ entryPoints: [join(REPO, 'webview/src/main.ts')], outfile: bundlePath, bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: true, logLevel: 'warning' });
  const routes = new Map<string, string | (() => string)>();
  routes.set('/dfg/page.html', DFG_PAGE);
  const haveDfg = existsSync(join(VIEWERS_NM, 'd3-flame-graph')) && VIEWERS.includes('dfg');
  const haveSpeedscope = existsSync(join(VIEWERS_NM, 'speedscope', 'dist', 'release')) && VIEWERS.includes('speedscope');
  if (!haveDfg || !haveSpeedscope) console.log('(d3-flame-graph/speedscope not installed or not selected: `npm --prefix bench/flame-viewers install`)');
  console.log(`machine: ${(await import('node:os')).cpus().length} cores, load ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}; reps ${REPS}; viewport 1280×1200 DPR 1`);
  const info: string[] = [];
  for (const p of profiles) {
    const t0 = performance.now();
    const profile = await readProfileFile(p.path);
    const t1 = performance.now();
    const wire = profileToWire(profile);
    const t2 = performance.now();
    const html = buildPanelHtml({ nonce: createNonce(), inlineScript: readFileSync(bundlePath, 'utf8'), data: { type: 'loadProfile', tree: wire, meta: { title: p.name }, findings: [] } });
    routes.set(`/perflens/${p.name}.html`, html);
    routes.set(`/profiles/${p.name}.cpuprofile`, readFileSync(p.path, 'utf8'));
    if (haveDfg) routes.set(`/dfg/tree/${p.name}.json`, JSON.stringify(toNested(profile)));
    info.push(`${p.name}: ${profile.tree.size} nodes, ${(statSync(p.path).size / 2 ** 20).toFixed(1)} MB .cpuprofile; host side: import ${(t1 - t0).toFixed(0)} ms + tree ${(t2 - t1).toFixed(0)} ms; page ${(html.length / 2 ** 20).toFixed(1)} MB`);
  }
  info.forEach((l) => console.log(l));
  const { server, base } = await serve(routes, [
    ['/speedscope/', join(VIEWERS_NM, 'speedscope', 'dist', 'release')],
    ['/dfg/lib/', join(VIEWERS_NM, 'd3-flame-graph', 'dist')],
    ['/dfg/d3/', join(VIEWERS_NM, 'd3', 'dist')],
  ]);
  let browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  let relaunches = 0;
  const rows: Row[] = [];
  try {
    for (const p of profiles) {
      const jobs: Array<[string, (row: Row) => Promise<void>]> = [];
      if (VIEWERS.includes('perflens')) jobs.push(['perflens (canvas)', (row) => measurePerfLens(browser, `${base}/perflens/${p.name}.html`, row)]);
      if (haveDfg && (p.name !== 'synthetic-200k' || argv.includes('--dfg-synthetic'))) jobs.push(['d3-flame-graph (SVG)', (row) => measureDfg(browser, base, p.name, row)]);
      if (haveSpeedscope) jobs.push(['speedscope (WebGL)', (row) => measureSpeedscope(browser, base, p.name, row)]);
      for (const [viewer, run] of jobs) {
        const row: Row = { viewer, profile: p.name, first: [], zoom: [], search: [], hover: [] };
        const reps = viewer.startsWith('d3') ? Math.min(REPS, 2) : REPS;
        for (let i = 0; i < reps; i++) {
          process.stderr.write(`  ${viewer} ${p.name} rep ${i + 1}/${reps}\n`);
          let timer: NodeJS.Timeout | undefined;
          const limit = new Promise<never>((_, fail) => { timer = setTimeout(() => fail(new Error('gave up after 240 s')), 240_000); });
          try { await Promise.race([run(row), limit]); } catch (e) {
            row.note = `failed: ${(e as Error).message.split('\n')[0]}`;
            if (/gave up/.test(row.note)) await browser.close().catch(() => undefined);
          } finally { clearTimeout(timer); }
          // on this shared machine something may end our Chromium; start a new one and say so
          if (!browser.isConnected()) { relaunches++; browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS }); }
        }
        rows.push(row);
        console.log(`${viewer.padEnd(22)} ${p.name.padEnd(15)} first ${fmt(row.first)}  zoom ${fmt(row.zoom)}  search ${fmt(row.search)}  hover ${fmt(row.hover)}${row.note ? `  (${row.note})` : ''}`);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log('\n| viewer | profile | first render ms | zoom ms | search ms | hover ms |\n|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.viewer} | ${r.profile} | ${fmt(r.first)} | ${fmt(r.zoom)} | ${fmt(r.search)} | ${fmt(r.hover)} |`);
  console.log('median (best) of the reps; first render from navigation start, interactions from the input event to the painted frame.');
  if (relaunches) console.log(`note: Chromium disappeared ${relaunches}× during the run and was relaunched (not one session throughout).`);
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
