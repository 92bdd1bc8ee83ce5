/**
 * Flame graph benchmark (prints figures, asserts nothing): in ONE Chromium session, for a ~2k-node and
 * a ~40k-node real profile (tsc compiling a project) and a synthetic 200k-node one, the time to first
 * render, a zoom click, a search and a hover for the PerfLens page, beside d3-flame-graph (SVG) and
 * speedscope (its npm release build) when installed:
 *
 *   npm --prefix bench/flame-viewers install   # once; bench only, never in CI
 *   npx tsx bench/flame.ts [--reps 3] [--viewers floor,perflens,dfg,speedscope] [--profiles tsc-small,tsc-d3,tsc-repo,synthetic-200k] [--dfg-reps 1] [--trace] [--ab DIR]
 *
 * Reliability: every step (navigate, first render, hover, zoom, search, close) has its own timeout; a
 * step that fails or times out is printed with its name and the run goes on (a hung page's context is
 * closed, and Chromium is relaunched only when closing hangs too).
 *
 * Timing: first render = navigation start → the paint after `perflens:first-render` (report page,
 * profile embedded as JSON; includes parsing the page and the data). Zoom/search/hover = input event
 * timeStamp → the end of the frame that shows the result (rAF + MessageChannel; the original measure,
 * main-thread side). Beside it, for the same inputs: the Event Timing `duration` (the browser's input →
 * next presented frame, rounded to 8 ms, only reported from 16 ms up), its input delay and handler time,
 * and the in-page processing time (handler start → the viewer's own drawing done); see `Extra`.
 * `--trace` adds a Chrome trace breakdown per zoom/search (bench/flame-trace.ts); `--ab DIR` runs a saved
 * copy of webview/ beside the current one. Other viewers as in shared/research/flame-anchors.md.
 * `floor` is a near-empty page with the same layout (see FLOOR_PAGE): the browser's own input → frame cost here,
 * run beside each profile under the same load; a viewer's time above it is its own.
 * Profiles are generated into the OS temp dir on first use.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { readProfileFile } from '../server/src/profile/read-file';
import { toFlameTree } from '../server/src/profile/flame-tree';
import type { Profile } from '../server/src/profile/model';
import type { LoadProfileMessage } from '../server/src/protocol/webview-messages';
import { buildPanelHtml, createNonce } from '../server/src/report/panel-html';
import { WEBVIEW_CSS } from '../server/src/report/webview-css';
import { profileToWire } from '../server/src/report/flame-wire';
import { breakdown, formatBreakdown, startTrace, type TraceEvent } from './flame-trace';

const REPO = resolve(__dirname, '..');
const WORK = join(tmpdir(), 'perflens-flame-bench');
const VIEWERS_NM = join(REPO, 'bench', 'flame-viewers', 'node_modules');
const GEN = resolve(REPO, '..', 'shared', 'research', 'flame-anchors', 'gen-synthetic.js');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const argv = process.argv.slice(2);
const opt = (name: string, def: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1]! : def; };
const REPS = Number(opt('reps', '3'));
const VIEWERS = opt('viewers', 'floor,perflens,dfg,speedscope').split(',');
const SEARCH = 'check';
const ONLY_PROFILES = opt('profiles', '').split(',').filter(Boolean);
const DFG_REPS = Number(opt('dfg-reps', '1'));
/** --trace: record a Chrome trace around the interactions and print where each one's time went (tracing adds overhead) */
const TRACE = argv.includes('--trace');
/**
 * --ab DIR: also run the PerfLens page built from DIR/src/main.ts (a saved copy of webview/) — with the stylesheet
 * exported by DIR/webview-css.ts when there is one — right after the current page, for an A/B under the same load
 */
const AB_DIR = opt('ab', '');

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
// Event Timing (the browser's own input → next paint measure; entries only from 16 ms up, durations rounded to 8 ms)
window.__eventTiming = [];
try {
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__eventTiming.push({ type: e.name, start: e.startTime, processingStart: e.processingStart, processingEnd: e.processingEnd, duration: e.duration }); })
    .observe({ type: 'event', durationThreshold: 16, buffered: true });
} catch { /* no Event Timing: the columns stay empty */ }
// arm a listener BEFORE the input is sent (a promise created in the same round trip as the input can lose the race);
// it runs first for the event (capture, at the target), so performance.now() here is the handler start
window.__arm = (type, selector) => { window.__result = undefined; const target = selector ? document.querySelector(selector) : document; target.addEventListener(type, (ev) => { const t0 = ev.timeStamp; const handlerStart = performance.now(); performance.mark('bench:' + type); window.__afterPaint().then((t1) => { window.__result = { total: t1 - t0, t0, handlerStart }; }); }, { once: true, capture: true }); };
// perflens: the end of the frame painted right after the first-render mark
(() => { const mark = performance.mark.bind(performance); performance.mark = (name, ...rest) => { const r = mark(name, ...rest); if (name === 'perflens:first-render' && !window.__firstPaint) window.__afterPaint().then((t) => { window.__firstPaint = t; }); return r; }; })();
// speedscope: remember when the last frame that drew anything ended
window.__lastDraw = 0;
(() => {
  const mark = () => { window.__lastDrawCall = performance.now(); if (!window.__drawPending) { window.__drawPending = true; window.__afterPaint().then((t) => { window.__lastDraw = t; window.__drawPending = false; }); } };
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

type Interaction = 'zoom' | 'search' | 'hover';
const INTERACTIONS: Interaction[] = ['zoom', 'search', 'hover'];
/**
 * The new measures per interaction, beside the old one (input event → end of the painted frame, in row.zoom etc.):
 * - et: Event Timing `duration` of the input event (input → next paint as the browser presents it; rounded to 8 ms
 *   by spec; the API reports only entries ≥ 16 ms, so a missing entry is stored as BELOW_16)
 * - delay / handler: Event Timing processingStart − startTime and processingEnd − processingStart (when reported)
 * - proc: in-page processing, the first handler's start → the end of the viewer's own drawing for this input
 *   (PerfLens: its last canvas draw or tooltip update; speedscope: its last draw call)
 */
type Extra = { et: number[]; delay: number[]; handler: number[]; proc: number[] };
type Row = { viewer: string; profile: string; first: number[]; zoom: number[]; search: number[]; hover: number[]; notes: string[]; load: number[]; extra: Record<Interaction, Extra> };
const BELOW_16 = -1;
const median = (xs: number[]) => { if (!xs.length) return NaN; const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]!; };
const fmt = (xs: number[]) => (xs.length ? `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)})` : '–');
const fmtEt = (xs: number[]) => {
  if (!xs.length) return '–';
  const one = (v: number) => (v === BELOW_16 ? '<16' : v.toFixed(0));
  return `${one(median(xs))} (${one(Math.min(...xs))})`;
};
const newExtra = (): Record<Interaction, Extra> => Object.fromEntries(INTERACTIONS.map((i) => [i, { et: [], delay: [], handler: [], proc: [] }])) as unknown as Record<Interaction, Extra>;
const load1 = () => loadavg()[0]!;

class StepError extends Error {}
/** Runs one named step with its own time limit; the error names the step. */
async function step<T>(name: string, ms: number, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, fail) => { timer = setTimeout(() => fail(new StepError(`${name}: timed out after ${ms / 1000} s`)), ms); });
  try {
    return await Promise.race([run(), limit]);
  } catch (e) {
    if (e instanceof StepError) throw e;
    throw new StepError(`${name}: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    clearTimeout(timer);
  }
}

async function newPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 1200 } });
  await ctx.addInitScript(PAGE_HOOKS);
  return ctx.newPage();
}

type EventEntry = { type: string; start: number; processingStart: number; processingEnd: number; duration: number };
/**
 * The Event Timing entry of the `type` event that started at `t0` (event.timeStamp), or null when none came:
 * entries are delivered after the next presentation and only from 16 ms up, so wait a little before concluding "< 16".
 */
async function eventTiming(page: Page, type: string, t0: number): Promise<EventEntry | null> {
  const find = () => page.evaluate(([type, t0]) => (window as unknown as { __eventTiming: EventEntry[] }).__eventTiming
    .find((e) => e.type === type && Math.abs(e.start - (t0 as number)) < 1) ?? null, [type, t0] as const);
  for (let tries = 0; tries < 10; tries++) {
    const e = await find();
    if (e) return e;
    await page.waitForTimeout(50);
  }
  return null;
}

function recordEventTiming(x: Extra, e: EventEntry | null): void {
  x.et.push(e ? e.duration : BELOW_16);
  if (e) { x.delay.push(e.processingStart - e.start); x.handler.push(e.processingEnd - e.processingStart); }
}

/** Arms a listener in the page, sends the input, waits for the painted frame; records the old measure and the new ones. */
async function timed(page: Page, row: Row, name: Interaction, type: string, selector: string | null, input: () => Promise<unknown>, ms = 30_000): Promise<number> {
  await step(`${name} (arm)`, ms, () => page.evaluate(([t, sel]) => (window as unknown as { __arm(t: string, s: string | null): void }).__arm(t!, sel ?? null), [type, selector] as const));
  await step(`${name} (input)`, ms, input);
  await step(`${name} (frame)`, ms, () => page.waitForFunction(() => (window as unknown as { __result?: number }).__result !== undefined, null, { timeout: ms, polling: 'raf' }));
  const r = await page.evaluate(() => (window as unknown as { __result: { total: number; t0: number; handlerStart: number } }).__result);
  row[name].push(r.total);
  const x = row.extra[name];
  const workEnd = await page.evaluate(() => (window as unknown as { __perflens: { workEnd(): number } }).__perflens.workEnd());
  if (workEnd >= r.handlerStart) x.proc.push(workEnd - r.handlerStart);
  // mousemove is not an Event Timing type (continuous events are left out by the spec)
  if (type !== 'mousemove') recordEventTiming(x, await step(`${name} (event timing)`, ms, () => eventTiming(page, type, r.t0)));
  return r.t0;
}

/** With --trace: runs the interactions under a Chrome trace and notes each one's breakdown (event type, timeStamp). */
async function traced(page: Page, row: Row, run: (seen: Array<[string, number]>) => Promise<void>): Promise<void> {
  const seen: Array<[string, number]> = [];
  const trace = TRACE ? await step('trace start', 30_000, () => startTrace(page)) : null;
  await run(seen);
  if (!trace) return;
  const events: TraceEvent[] = await step('trace stop', 60_000, () => trace.stop());
  for (const [type, t0] of seen) {
    const b = breakdown(events, type, t0);
    row.notes.push(b ? `trace: ${formatBreakdown(b)}` : `trace: no EventTiming event for ${type}`);
  }
}

type Measure = (page: Page, row: Row) => Promise<void>;

const perflens = (url: string): Measure => async (page, row) => {
  await step('navigate', 120_000, () => page.goto(url, { timeout: 120_000 }));
  await step('first render', 120_000, () => page.waitForFunction(() => (window as unknown as { __firstPaint?: number }).__firstPaint !== undefined, null, { timeout: 120_000 }));
  row.first.push(await page.evaluate(() => (window as unknown as { __firstPaint: number }).__firstPaint));
  row.notes.push(await page.evaluate(`(() => {
    const m = (n) => performance.getEntriesByName(n)[0];
    const d = (n) => (m(n) ? m(n).duration.toFixed(0) : '?');
    const nav = performance.getEntriesByType('navigation')[0];
    return 'html ' + (nav ? nav.responseEnd.toFixed(0) + '/' + nav.domInteractive.toFixed(0) : '?') + ', data @' + (m('perflens:parse') ? m('perflens:parse').startTime.toFixed(0) : '?') + ' parse ' + d('perflens:parse')
      + ' decode ' + d('perflens:convert') + ' layout ' + d('perflens:layout') + ', mark @' + m('perflens:first-render').startTime.toFixed(0)
      + ', ' + window.__perflens.stats('flame').rects + ' rects';
  })()`) as string);
  const target = await step('zoom target', 30_000, () => page.evaluate(() => (window as unknown as { __perflens: { zoomTarget(f: number): { box: { x: number; y: number; width: number; height: number } | null } } }).__perflens.zoomTarget(0.5)));
  if (!target.box) throw new StepError('zoom target: not on screen');
  const x = target.box.x + target.box.width / 2;
  const y = target.box.y + target.box.height / 2;
  await page.mouse.move(x - 30, y - 40);
  const drawMs = () => page.evaluate(() => (window as unknown as { __perflens: { stats(p: string): { ms: number; rects: number } } }).__perflens.stats('flame'));
  let zoomDraw = { ms: NaN, rects: 0 };
  let searchDraw = { ms: NaN, rects: 0 };
  await traced(page, row, async (seen) => {
    await timed(page, row, 'hover', 'mousemove', '.view-flame canvas', () => page.mouse.move(x, y));
    seen.push(['click', await timed(page, row, 'zoom', 'click', '.view-flame canvas', () => page.mouse.click(x, y))]);
    zoomDraw = await drawMs();
    await page.keyboard.press('Escape');
    await page.mouse.move(2, 2);
    seen.push(['input', await timed(page, row, 'search', 'input', 'input.search', () => page.fill('input.search', SEARCH))]);
    searchDraw = await drawMs();
  });
  row.notes[row.notes.length - 1] += `; canvas draw after zoom ${zoomDraw.ms.toFixed(1)} ms (${zoomDraw.rects} rects), after search ${searchDraw.ms.toFixed(1)} ms`;
};

const dfg = (base: string, name: string): Measure => async (page, row) => {
  await step('navigate', 120_000, () => page.goto(`${base}/dfg/page.html?tree=${name}`, { timeout: 120_000 }));
  await step('first render', 300_000, () => page.waitForFunction(() => { const w = window as unknown as { __done?: number; __error?: string }; return w.__done !== undefined || w.__error !== undefined; }, null, { timeout: 300_000, polling: 500 }));
  const error = await page.evaluate(() => (window as unknown as { __error?: string }).__error);
  if (error) throw new StepError(`first render: page error ${error}`);
  row.first.push(await page.evaluate(() => (window as unknown as { __done: number }).__done));
  row.search.push(await step('search', 300_000, () => page.evaluate(`window.__searchTimed(${JSON.stringify(SEARCH)})`) as Promise<number>));
  await step('search reset', 300_000, () => page.evaluate('window.__clearTimed()'));
  const box = await step('zoom target', 60_000, () => page.evaluate('window.__zoomTargetBox(0.5)') as Promise<{ x: number; y: number; width: number; height: number } | null>);
  if (!box) throw new StepError('zoom target: not found');
  await step('zoom (arm)', 30_000, () => page.evaluate('window.__armClickSettled()'));
  await step('zoom (input)', 60_000, () => page.mouse.click(box.x + Math.min(box.width / 2, 40), box.y + box.height / 2));
  await step('zoom (frame)', 300_000, () => page.waitForFunction(() => (window as unknown as { __result?: number }).__result !== undefined, null, { timeout: 300_000, polling: 500 }));
  row.zoom.push(await page.evaluate(() => (window as unknown as { __result: number }).__result));
};

const speedscope = (base: string, name: string): Measure => async (page, row) => {
  const profileUrl = encodeURIComponent(`${base}/profiles/${name}.cpuprofile`);
  await step('navigate', 120_000, () => page.goto(`${base}/speedscope/index.html#profileURL=${profileUrl}&view=left-heavy`, { timeout: 120_000 }));
  await step('toolbar', 300_000, () => page.getByText('Sandwich').first().waitFor({ timeout: 300_000 }));
  const quiet = (what: string, ms: number) => step(what, 300_000, () => page.waitForFunction((ms) => {
    const w = window as unknown as { __lastDraw: number };
    return w.__lastDraw > 0 && performance.now() - w.__lastDraw > ms;
  }, ms, { timeout: 300_000, polling: 100 }));
  await quiet('first render', 1500);
  row.first.push(await page.evaluate(() => (window as unknown as { __lastDraw: number }).__lastDraw));
  // zoom: speedscope zooms on double-click; a point in the left-heavy graph's heaviest (leftmost) column,
  // a few rows down; time from the dblclick event to the end of the last frame that drew
  const canvas = await page.evaluate(() => {
    const cs = [...document.querySelectorAll('canvas')].map((c) => c.getBoundingClientRect()).filter((b) => b.width > 200 && b.height > 200);
    const b = cs.sort((a, c) => c.width * c.height - a.width * a.height)[0];
    return b ? { x: b.x, y: b.y, width: b.width, height: b.height } : null;
  });
  if (canvas) {
    const zx = canvas.x + 30;
    const zy = canvas.y + canvas.height * 0.35;
    await page.mouse.move(zx, zy);
    await quiet('zoom (settle)', 500);
    await step('zoom (arm)', 30_000, () => page.evaluate(() => { const w = window as unknown as { __dbl?: number; __dblStart?: number }; w.__dbl = undefined; document.addEventListener('dblclick', (e) => { w.__dbl = e.timeStamp; w.__dblStart = performance.now(); }, { once: true, capture: true }); }));
    await step('zoom (input)', 60_000, () => page.mouse.dblclick(zx, zy));
    await quiet('zoom (frame)', 500);
    const z = await page.evaluate(() => { const w = window as unknown as { __dbl?: number; __dblStart: number; __lastDraw: number; __lastDrawCall: number }; return w.__dbl === undefined ? null : { total: w.__lastDraw - w.__dbl, t0: w.__dbl, proc: w.__lastDrawCall - w.__dblStart }; });
    if (z && z.total > 0) {
      row.zoom.push(z.total);
      row.extra.zoom.proc.push(z.proc);
      recordEventTiming(row.extra.zoom, await step('zoom (event timing)', 30_000, () => eventTiming(page, 'dblclick', z.t0)));
    }
    await page.keyboard.press('Escape');
  }
  // search: Ctrl+F opens the box, one input event, until the last frame that draws
  await page.keyboard.press('Control+f');
  const input = page.locator('input').first();
  await step('search box', 30_000, () => input.waitFor({ timeout: 30_000 }));
  await step('search (arm)', 30_000, () => page.evaluate(() => { const w = window as unknown as { __inputAt?: number; __inputStart?: number }; w.__inputAt = undefined; document.addEventListener('input', (e) => { w.__inputAt = e.timeStamp; w.__inputStart = performance.now(); }, { once: true, capture: true }); }));
  await step('search (input)', 60_000, () => input.fill(SEARCH));
  await quiet('search (frame)', 500);
  const s = await page.evaluate(() => { const w = window as unknown as { __inputAt: number; __inputStart: number; __lastDraw: number; __lastDrawCall: number }; return { total: w.__lastDraw - w.__inputAt, t0: w.__inputAt, proc: w.__lastDrawCall - w.__inputStart }; });
  row.search.push(s.total);
  row.extra.search.proc.push(s.proc);
  recordEventTiming(row.extra.search, await step('search (event timing)', 30_000, () => eventTiming(page, 'input', s.t0)));
};

/**
 * The floor: what this browser on this machine takes for an input whose page does almost nothing — the same
 * viewport, a viewport-sized 2D canvas under the same selectors, cleared and given one rect per input (search
 * draws in the next animation frame, as PerfLens does). A viewer's time above the floor is its own.
 */
const FLOOR_PAGE = `<!doctype html><meta charset="utf-8"><style>body{margin:0;font:13px sans-serif}.bar{height:30px}
.view-flame{position:absolute;top:56px;left:0;right:0;bottom:0;overflow:hidden}canvas{display:block}</style>
<div class="bar"><input class="search"></div><div class="view-flame"><canvas></canvas></div>
<script>
const box = document.querySelector('.view-flame'); const c = box.querySelector('canvas');
c.width = box.clientWidth; c.height = box.clientHeight; const ctx = c.getContext('2d', { alpha: false });
let end = 0, n = 0;
const draw = () => { ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, c.width, c.height); ctx.fillStyle = ++n % 2 ? '#d66' : '#6a6'; ctx.fillRect(20, 20 + (n % 40) * 18, 300, 17); end = performance.now(); };
draw(); performance.mark('perflens:first-render');
c.addEventListener('click', draw); c.addEventListener('mousemove', draw);
document.querySelector('input').addEventListener('input', () => requestAnimationFrame(draw));
window.__perflens = { workEnd: () => end };
</script>`;

const floor = (url: string): Measure => async (page, row) => {
  await step('navigate', 60_000, () => page.goto(url, { timeout: 60_000 }));
  await step('first render', 60_000, () => page.waitForFunction(() => (window as unknown as { __firstPaint?: number }).__firstPaint !== undefined, null, { timeout: 60_000 }));
  row.first.push(await page.evaluate(() => (window as unknown as { __firstPaint: number }).__firstPaint));
  const box = (await page.locator('.view-flame canvas').boundingBox())!;
  const x = box.x + 200;
  const y = box.y + 300;
  await page.mouse.move(x - 30, y - 40);
  await traced(page, row, async (seen) => {
    await timed(page, row, 'hover', 'mousemove', '.view-flame canvas', () => page.mouse.move(x, y));
    seen.push(['click', await timed(page, row, 'zoom', 'click', '.view-flame canvas', () => page.mouse.click(x, y))]);
    await page.mouse.move(2, 2);
    seen.push(['input', await timed(page, row, 'search', 'input', 'input.search', () => page.fill('input.search', SEARCH))]);
  });
};

const DFG_PAGE = `<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="/dfg/lib/d3-flamegraph.css">
<body><div id="chart"></div><script src="/dfg/d3/d3.min.js"></script><script src="/dfg/lib/d3-flamegraph.umd.min.js"></script>
<script>
const settled = () => new Promise((ok) => { const step = () => { const busy = document.querySelector('#chart svg') && [...document.querySelectorAll('#chart g, #chart rect')].some((n) => n.__transition); if (busy) requestAnimationFrame(step); else window.__afterPaint().then(ok); }; requestAnimationFrame(step); });
window.addEventListener('error', (e) => { window.__error = String(e.message); });
const name = new URLSearchParams(location.search).get('tree');
// the UMD build's global is the module object: flamegraph.default is the chart factory
const makeChart = typeof flamegraph === 'function' ? flamegraph : flamegraph.default;
fetch('/dfg/tree/' + name + '.json').then((r) => r.json()).then((tree) => {
  const chart = makeChart().width(1240).cellHeight(18).inverted(true).sort(false).transitionDuration(0);
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
window.__clearTimed = () => { window.__chart.clear(); return settled(); };
window.__armClickSettled = () => { window.__result = undefined; document.addEventListener('click', (e) => { const t0 = e.timeStamp; settled().then((t) => { window.__result = t - t0; }); }, { once: true, capture: true }); };
</script>`;

async function main(): Promise<void> {
  const profiles = ensureProfiles();
  const bundle = async (entry: string, out: string) => {
    await build({ entryPoints: [entry], outfile: out, bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: true, logLevel: 'warning' });
    return readFileSync(out, 'utf8');
  };
  const script = await bundle(join(REPO, 'webview/src/main.ts'), join(WORK, 'webview.js'));
  const abScript = AB_DIR ? await bundle(resolve(AB_DIR, 'src/main.ts'), join(WORK, 'webview-ab.js')) : '';
  const abCssFile = AB_DIR ? resolve(AB_DIR, 'webview-css.ts') : '';
  const abCss: string | null = abCssFile && existsSync(abCssFile) ? ((await import(abCssFile)) as { WEBVIEW_CSS: string }).WEBVIEW_CSS : null;
  const withAbCss = (html: string) => (abCss === null ? html : html.replace(WEBVIEW_CSS, () => abCss));
  const routes = new Map<string, string | (() => string)>();
  routes.set('/dfg/page.html', DFG_PAGE);
  routes.set('/floor.html', FLOOR_PAGE);
  const haveDfg = existsSync(join(VIEWERS_NM, 'd3-flame-graph')) && VIEWERS.includes('dfg');
  const haveSpeedscope = existsSync(join(VIEWERS_NM, 'speedscope', 'dist', 'release')) && VIEWERS.includes('speedscope');
  if (!haveDfg || !haveSpeedscope) console.log('(d3-flame-graph/speedscope not installed or not selected: `npm --prefix bench/flame-viewers install`)');
  console.log(`machine: ${(await import('node:os')).cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (1/5/15 min); reps ${REPS} (d3-flame-graph ${DFG_REPS} on profiles > 20k nodes); viewport 1280×1200 DPR 1`);
  const info: string[] = [];
  const sizes = new Map<string, number>();
  for (const p of profiles) {
    const t0 = performance.now();
    const profile = await readProfileFile(p.path);
    const t1 = performance.now();
    const wire = profileToWire(profile);
    const t2 = performance.now();
    const data: LoadProfileMessage = { type: 'loadProfile', tree: wire, meta: { title: p.name }, findings: [] };
    const html = buildPanelHtml({ nonce: createNonce(), inlineScript: script, data });
    routes.set(`/perflens/${p.name}.html`, html);
    if (abScript) routes.set(`/perflens-ab/${p.name}.html`, withAbCss(buildPanelHtml({ nonce: createNonce(), inlineScript: abScript, data })));
    sizes.set(p.name, profile.tree.size);
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
  const launch = () => chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  let browser = await launch();
  let relaunches = 0;
  const rows: Row[] = [];
  try {
    for (const p of profiles) {
      const jobs: Array<[string, Measure, number]> = [];
      const big = (sizes.get(p.name) ?? 0) > 20_000;
      if (VIEWERS.includes('floor')) jobs.push(['floor (empty page)', floor(`${base}/floor.html`), REPS]);
      if (VIEWERS.includes('perflens')) jobs.push(['perflens (canvas)', perflens(`${base}/perflens/${p.name}.html`), REPS]);
      if (abScript) jobs.push([`perflens ${AB_DIR.split('/').filter(Boolean).pop()}`, perflens(`${base}/perflens-ab/${p.name}.html`), REPS]);
      if (haveDfg) jobs.push(['d3-flame-graph (SVG)', dfg(base, p.name), big ? DFG_REPS : Math.min(REPS, 2)]);
      if (haveSpeedscope) jobs.push(['speedscope (WebGL)', speedscope(base, p.name), REPS]);
      for (const [viewer, measure, reps] of jobs) {
        const row: Row = { viewer, profile: p.name, first: [], zoom: [], search: [], hover: [], notes: [], load: [], extra: newExtra() };
        for (let i = 0; i < reps; i++) {
          row.load.push(load1());
          process.stderr.write(`  ${viewer} ${p.name} rep ${i + 1}/${reps} (load ${load1().toFixed(1)})\n`);
          let page: Page | undefined;
          try {
            page = await step('open page', 60_000, () => newPage(browser));
            await measure(page, row);
          } catch (e) {
            const msg = `rep ${i + 1} failed at ${(e as Error).message}`;
            row.notes.push(msg);
            process.stderr.write(`    ${msg}\n`);
          } finally {
            // a page stuck in a long task can make close() hang too: then the whole browser goes
            const closed = page ? await step('close page', 30_000, () => page!.context().close()).then(() => true, () => false) : browser.isConnected();
            if (!closed || !browser.isConnected()) {
              await browser.close().catch(() => undefined);
              browser = await launch();
              relaunches++;
            }
          }
        }
        rows.push(row);
        console.log(`${viewer.padEnd(22)} ${p.name.padEnd(15)} first ${fmt(row.first)}  zoom ${fmt(row.zoom)}  search ${fmt(row.search)}  hover ${fmt(row.hover)}  load ${row.load.map((l) => l.toFixed(1)).join('/')}`);
        console.log(`${''.padEnd(38)} ${INTERACTIONS.map((i) => `${i}: ET ${fmtEt(row.extra[i].et)} proc ${fmt(row.extra[i].proc)}`).join('  ')}`);
        for (const n of row.notes) console.log(`    ${n}`);
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    server.close();
  }
  console.log(`\nload average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log('\n| viewer | profile | first render ms | zoom ms | search ms | hover ms | load1 during reps |\n|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.viewer} | ${r.profile} | ${fmt(r.first)} | ${fmt(r.zoom)} | ${fmt(r.search)} | ${fmt(r.hover)} | ${r.load.map((l) => l.toFixed(1)).join(' ')} |`);
  console.log('median (best) of the reps; first render from navigation start to the painted first frame, interactions from the input event to the end of the frame showing the result (rAF + MessageChannel, main-thread side); – = not measured (see the notes).');
  console.log('\nThe same interactions, new measures (median (best)): ET = Event Timing `duration` of the input event (click; speedscope: dblclick; search: input), the browser\'s input → next presented frame,');
  console.log('rounded to 8 ms by the spec and reported only from 16 ms up ("<16" = no entry); delay = its processingStart − startTime; handler = processingEnd − processingStart;');
  console.log('proc = in-page processing, the first handler\'s start → the end of the viewer\'s own drawing (PerfLens: canvas draw / tooltip; speedscope: its last draw call). Hover is a mousemove: no Event Timing for it.');
  console.log('\n| viewer | profile | zoom ET | zoom delay | zoom handler | zoom proc | search ET | search delay | search handler | search proc | hover proc |\n|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const z = r.extra.zoom, s = r.extra.search;
    console.log(`| ${r.viewer} | ${r.profile} | ${fmtEt(z.et)} | ${fmt(z.delay)} | ${fmt(z.handler)} | ${fmt(z.proc)} | ${fmtEt(s.et)} | ${fmt(s.delay)} | ${fmt(s.handler)} | ${fmt(s.proc)} | ${fmt(r.extra.hover.proc)} |`);
  }
  if (relaunches) console.log(`note: Chromium was relaunched ${relaunches}× after a page could not be closed.`);
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
