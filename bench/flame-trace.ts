/**
 * `bench/flame.ts --trace`: where the time of one interaction goes, from a Chrome trace of the page.
 * Chromium's own EventTiming trace events carry every Event Timing field unrounded (and also for
 * events under 16 ms, which the JS API leaves out): event timeStamp, enqueued on the main thread,
 * processingStart/End, commit finished, presentation. Between those points the renderer main
 * thread's tasks give wall and CPU (thread) time, so a phase that took long on the wall clock but
 * little CPU shows the thread was descheduled (a loaded machine), not busy.
 */
import type { CDPSession, Page } from 'playwright-core';

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown> };
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame',
  'blink.user_timing', 'v8.execute', 'disabled-by-default-v8.gc', 'latencyInfo', 'input', 'benchmark', 'blink', 'cc', 'viz', 'toplevel'];

export async function startTrace(page: Page): Promise<{ stop(): Promise<TraceEvent[]> }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => { for (const v of e.value) events.push(v as unknown as TraceEvent); });
  const complete = new Promise<void>((ok) => cdp.on('Tracing.tracingComplete', () => ok()));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: CATEGORIES } } as never);
  return {
    stop: async () => {
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach().catch(() => undefined);
      return events;
    },
  };
}

interface Span { wall: number; cpu: number }

/** Wall and CPU ms of the thread's complete events named `name` inside [a, b) µs, nested same-name events counted once. */
function spans(events: TraceEvent[], thread: string, name: string | RegExp, a: number, b: number): Span {
  const hits = events.filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === thread && (typeof name === 'string' ? e.name === name : name.test(e.name))
    && e.ts < b && e.ts + (e.dur ?? 0) > a).sort((x, y) => x.ts - y.ts);
  let wall = 0;
  let cpu = 0;
  let end = -Infinity;
  for (const e of hits) {
    if (e.ts < end) continue; // nested in the previous one
    const dur = e.dur ?? 0;
    const part = dur > 0 ? (Math.min(b, e.ts + dur) - Math.max(a, e.ts)) / dur : 0;
    wall += dur * part;
    cpu += (e.tdur ?? dur) * part;
    end = e.ts + dur;
  }
  return { wall: wall / 1000, cpu: cpu / 1000 };
}

export interface Breakdown {
  type: string;
  /** all ms; `duration` is Event Timing's, unrounded */
  duration: number;
  toMain: number;
  inputDelay: number;
  handler: number;
  toCommit: number;
  presented: number;
  /** renderer main thread between the input and the presentation */
  main: Span;
  inputDelayMain: Span;
  handlerMain: Span;
  afterHandler: Record<'rAF' | 'style' | 'layout' | 'prepaint' | 'paint' | 'commit', Span>;
  gc: Span;
  vizDraw: Span;
  /** compositor tile raster (worker threads) from the input to the presentation: tiles and their wall/CPU */
  raster: Span & { tiles: number };
}

/** The breakdown of the `type` event whose timeStamp is `t0` (ms, page clock), or null if the trace has no EventTiming for it. */
export function breakdown(events: TraceEvent[], type: string, t0: number): Breakdown | null {
  const et = events.find((e) => e.name === 'EventTiming' && e.ph === 'b' && e.args?.data?.type === type && Math.abs(Number(e.args.data.timeStamp) - t0) < 1);
  if (!et) return null;
  const d = et.args!.data! as Record<string, number>;
  const at = (ms: number) => et.ts + (ms - d.timeStamp!) * 1000;
  const main = `${et.pid}:${et.tid}`;
  const T = d.timeStamp!;
  const P = T + d.duration!;
  const C = d.commitFinishTime! > 0 ? d.commitFinishTime! : P;
  const task = 'ThreadControllerImpl::RunTask';
  const vizThreads = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && /VizCompositor/.test(String((e.args as { name?: string })?.name))).map((e) => `${e.pid}:${e.tid}`));
  let vizDraw: Span = { wall: 0, cpu: 0 };
  for (const t of vizThreads) {
    const s = spans(events, t, 'Display::DrawAndSwap', at(C), at(P) + 1);
    vizDraw = { wall: vizDraw.wall + s.wall, cpu: vizDraw.cpu + s.cpu };
  }
  const phase = (name: string | RegExp) => spans(events, main, name, at(d.processingEnd!), at(C));
  return {
    type,
    duration: d.duration!,
    toMain: d.enqueuedToMainThreadTime! - T,
    inputDelay: d.processingStart! - d.enqueuedToMainThreadTime!,
    handler: d.processingEnd! - d.processingStart!,
    toCommit: C - d.processingEnd!,
    presented: P - C,
    main: spans(events, main, task, at(T), at(P)),
    inputDelayMain: spans(events, main, task, at(d.enqueuedToMainThreadTime!), at(d.processingStart!)),
    handlerMain: spans(events, main, task, at(d.processingStart!), at(d.processingEnd!)),
    afterHandler: {
      rAF: phase('FireAnimationFrame'), style: phase('UpdateLayoutTree'), layout: phase('Layout'),
      prepaint: phase('PrePaint'), paint: phase('Paint'), commit: phase('Commit'),
    },
    gc: spans(events, main, /^(MinorGC|MajorGC|V8\.GC_SCAVENGER|V8\.GC_MARK_COMPACTOR|BlinkGC\.AtomicPhase)$/, at(T), at(P)),
    vizDraw,
    raster: rasterBetween(events, at(T), at(P)),
  };
}

function rasterBetween(events: TraceEvent[], a: number, b: number): Span & { tiles: number } {
  let wall = 0;
  let cpu = 0;
  let tiles = 0;
  for (const e of events) {
    if (e.name !== 'RasterTask' || e.ph !== 'X' || e.ts < a || e.ts >= b) continue;
    tiles++;
    wall += e.dur ?? 0;
    cpu += e.tdur ?? e.dur ?? 0;
  }
  return { wall: wall / 1000, cpu: cpu / 1000, tiles };
}

const ms = (x: number) => x.toFixed(1);
const wc = (s: Span) => `${ms(s.wall)}/${ms(s.cpu)}`;

export function formatBreakdown(b: Breakdown): string {
  const after = Object.entries(b.afterHandler).filter(([, s]) => s.wall >= 0.05).map(([k, s]) => `${k} ${wc(s)}`).join(', ');
  return `${b.type} ${ms(b.duration)} ms = to main thread ${ms(b.toMain)} + input delay ${ms(b.inputDelay)} (main busy ${wc(b.inputDelayMain)})`
    + ` + handler ${ms(b.handler)} (${wc(b.handlerMain)}) + to commit ${ms(b.toCommit)} (${after || 'no frame work'})`
    + ` + commit → presented ${ms(b.presented)} (viz draw ${wc(b.vizDraw)}); main thread over it all ${wc(b.main)}, GC ${wc(b.gc)},`
    + ` raster ${b.raster.tiles} tiles ${wc(b.raster)}  [wall/CPU ms]`;
}
