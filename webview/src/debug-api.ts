/**
 * A read-only window.__perflens object for tests and benchmarks: where a frame is drawn, what the
 * model holds, draw statistics. It exposes computed numbers only; nothing in it executes profile text.
 */
import type { App } from './app';
import { frameLabel } from './flame/profile-data';
import type { RectBox, FlameView } from './flame/renderer';

export interface PaneRect { name: string; depth: number; x0: number; width: number; self: number }

export interface DebugApi {
  loaded(): boolean;
  view(): string;
  /** page (client) coordinates of the widest rect named `name` in a pane, or null */
  boxOf(name: string, pane?: string): RectBox | null;
  /** rects of a pane whose label is `name` */
  rects(name: string, pane?: string): PaneRect[];
  stats(pane?: string): { rects: number; labels: number; ms: number; end: number };
  /** performance.now() at the end of the page's latest drawing work: any canvas draw or hover update */
  workEnd(): number;
  /** the idle-time warm-up after the first frame has run */
  warmedUp(): boolean;
  domain(pane?: string): [number, number];
  total(): number;
  zoomed(pane?: string): string;
  selected(pane?: string): string;
  searchInfo(): string;
  /** the benchmark's zoom target: from the root follow the heaviest child until a frame holds < `fraction` of the total */
  zoomTarget(fraction: number): { name: string; depth: number; box: RectBox | null };
}

export function installDebugApi(app: App): DebugApi {
  const pane = (id = 'active'): FlameView => id === 'flame' ? app.flame : id === 'chart' ? app.chart
    : id === 'callers' ? app.sandwich.callers : id === 'callees' ? app.sandwich.callees : app.activeFlameView();
  const nameOf = (v: FlameView, r: number) => {
    const f = v.tree!.frame[r]!;
    return f < 0 ? 'all' : frameLabel(app.profile!, f);
  };
  const find = (v: FlameView, name: string): number[] => {
    const t = v.tree;
    const out: number[] = [];
    if (!t || !app.profile) return out;
    for (let r = 0; r < t.count; r++) if (nameOf(v, r) === name) out.push(r);
    return out.sort((a, b) => t.width[b]! - t.width[a]!);
  };
  const api: DebugApi = {
    loaded: () => app.profile !== null,
    view: () => app.state.view,
    boxOf: (name, id) => {
      const v = pane(id);
      for (const r of find(v, name)) {
        const box = v.boxOf(r);
        if (!box) continue;
        const c = v.canvasElement.getBoundingClientRect();
        return { x: box.x + c.left, y: box.y + c.top, width: box.width, height: box.height };
      }
      return null;
    },
    rects: (name, id) => {
      const v = pane(id);
      const t = v.tree!;
      return find(v, name).map((r) => ({ name, depth: t.depth[r]!, x0: t.x0[r]!, width: t.width[r]!, self: t.self[r]! }));
    },
    stats: (id) => pane(id).lastStats,
    warmedUp: () => app.warmed,
    workEnd: () => Math.max(...[app.flame, app.chart, app.sandwich.callers, app.sandwich.callees].map((v) => Math.max(v.lastStats.end, v.lastHoverEnd))),
    domain: (id) => [...pane(id).domain] as [number, number],
    total: () => app.totalWeight(),
    zoomed: (id) => { const v = pane(id); return v.tree ? nameOf(v, v.zoomed) : ''; },
    selected: (id) => { const v = pane(id); return v.tree && v.selected >= 0 ? nameOf(v, v.selected) : ''; },
    searchInfo: () => document.querySelector('.search-info')?.textContent ?? '',
    zoomTarget: (fraction) => {
      const v = app.flame;
      const t = v.tree!;
      let r = 0;
      while (t.width[r]! >= fraction * t.width[0]! && t.kidCount[r]! > 0) {
        let best = t.kids[t.kidStart[r]!]!;
        for (let k = t.kidStart[r]!; k < t.kidStart[r]! + t.kidCount[r]!; k++) if (t.width[t.kids[k]!]! > t.width[best]!) best = t.kids[k]!;
        r = best;
      }
      v.scrollRowIntoView(t.depth[r]!);
      v.draw();
      const box = v.boxOf(r);
      const c = v.canvasElement.getBoundingClientRect();
      return { name: nameOf(v, r), depth: t.depth[r]!, box: box && { ...box, x: box.x + c.left, y: box.y + c.top } };
    },
  };
  (window as unknown as { __perflens: DebugApi }).__perflens = api;
  return api;
}
