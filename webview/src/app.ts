/**
 * The flame graph page: owns the loaded profile, the derived trees (flame graph, flame chart,
 * sandwich, table rows — each built once per filter and lazily per view), the UI state that is
 * persisted, and the wiring between toolbar, views, findings and the host.
 */
import type {
  HighlightMessage,
  LoadProfileMessage,
  ViewKind,
  WebviewFinding,
  WebviewState,
} from '../../server/src/protocol/webview-messages';
import { buildCallees, buildFlameGraph } from './flame/aggregate';
import { functionRows, type FunctionRow } from './flame/bottom-up';
import { buildCallers, filteredTotals } from './flame/callers';
import { frameModes, visibleNodes } from './flame/filter';
import type { ProfileData } from './flame/profile-data';
import type { RectTree } from './flame/rect-tree';
import { followFramePath, framePath, pathTo } from './flame/rect-tree';
import { FlameView, type FlameViewHandlers } from './flame/renderer';
import { matchFrames, matchNames, matchShare, parseQuery } from './flame/search';
import { buildTimeline, hasTimeline } from './flame/timeline';
import { wireToProfileData } from './flame/wire';
import { frameMask, framesAt, rankFindings } from './findings/match';
import { FindingsPanel } from './findings/panel';
import { FrameInfo } from './frame-info';
import type { HostBridge } from './host-bridge';
import { navigate, type NavKey } from './keyboard';
import { applyThemeKind, readTheme, type ThemeKind } from './theme';
import { Breadcrumb } from './ui/breadcrumb';
import { el } from './ui/dom';
import { Toolbar } from './ui/toolbar';
import { Tooltip } from './ui/tooltip';
import { SandwichView } from './views/sandwich-view';
import { TableView } from './views/table-view';

export const FIRST_RENDER_MARK = 'perflens:first-render';

const DEFAULT_STATE: WebviewState = {
  view: 'flame', onlyMyCode: false, search: '', zoomPath: [], sandwichFrame: -1,
  tableSort: { key: 'self', descending: true },
};

type PaneId = 'flame' | 'chart' | 'callers' | 'callees';

export class App {
  profile: ProfileData | null = null;
  state: WebviewState = { ...DEFAULT_STATE };
  private profileKey = '';
  private findings: WebviewFinding[] = [];
  flameTree: RectTree | null = null;
  private chartTree: RectTree | null = null;
  private modes: Uint8Array | null = null;
  private vis: Int32Array | null = null;
  private totals: Float64Array | null = null;
  private sandwichBuiltFor = -2;
  private rows: FunctionRow[] | null = null;
  private searchFrames: Uint8Array | null = null;
  private marked = false;
  /** the idle-time warm-up (warmUp) has run for the loaded profile */
  warmed = false;
  /** inside load(): the findings panel waits until the first frame is drawn */
  private loading = false;
  readonly info = new FrameInfo(() => this.profile, () => this.totalWeight());

  readonly toolbar: Toolbar;
  readonly breadcrumb: Breadcrumb;
  readonly tooltip = new Tooltip();
  readonly flame: FlameView;
  readonly chart: FlameView;
  readonly sandwich: SandwichView;
  readonly table: TableView;
  readonly findingsPanel: FindingsPanel;
  private readonly status = el('div', { className: 'status', attrs: { 'aria-live': 'polite' } });
  private readonly errorBox = el('div', { className: 'error-box', attrs: { role: 'alert' } });
  private readonly panes: Record<ViewKind, HTMLElement>;

  constructor(root: HTMLElement, private readonly bridge: HostBridge) {
    this.toolbar = new Toolbar({
      onView: (v) => this.showView(v),
      onSearch: (q) => this.setSearch(q),
      onOnlyMyCode: (on) => this.setOnlyMyCode(on),
      onReset: () => this.resetZoom(),
    });
    this.breadcrumb = new Breadcrumb((rect) => this.zoom(this.activeFlameView(), rect));
    this.flame = new FlameView(false, this.viewHandlers('flame'));
    this.chart = new FlameView(false, this.viewHandlers('chart'));
    this.sandwich = new SandwichView(this.viewHandlers('callers'), this.viewHandlers('callees'));
    this.table = new TableView({
      onPick: (f) => { this.state.sandwichFrame = f; this.showView('sandwich'); },
      onOpen: (f) => this.openSource(f),
      onSort: (key, descending) => { this.state.tableSort = { key, descending }; this.renderTable(); this.persist(); },
      label: (f) => this.info.label(f),
      location: (f) => this.info.location(f),
      weight: (w) => this.info.weight(w),
      share: (w) => this.info.share(w),
    });
    this.findingsPanel = new FindingsPanel({
      onSelect: (f) => this.selectFinding(f),
      onApply: (f) => this.bridge.post({ type: 'applyFix', findingId: f.id, uri: f.uri, range: f.range, ruleId: f.ruleId }),
      formatCost: (r) => (r.cost > 0 ? `${this.info.weight(r.cost)} · ${this.info.shareOf(r.share)}` : 'not sampled'),
    });
    this.panes = {
      flame: el('div', { className: 'view view-flame' }, this.flame.element),
      chart: el('div', { className: 'view view-chart' }, this.chart.element),
      sandwich: el('div', { className: 'view view-sandwich' }, this.sandwich.element),
      table: el('div', { className: 'view view-table' }, this.table.element),
    };
    this.errorBox.hidden = true;
    const views = el('div', { className: 'views' }, ...Object.values(this.panes));
    root.append(this.toolbar.element, this.breadcrumb.element, this.errorBox,
      el('div', { className: 'main' }, views, this.findingsPanel.element), this.status, this.tooltip.element);
    document.addEventListener('keydown', (ev) => this.onKey(ev));
    this.setViews();
  }

  private viewHandlers(pane: PaneId): FlameViewHandlers {
    const view = () => this.paneView(pane);
    return {
      onHover: (r, ev) => this.tooltip.show(this.info.details(view().tree!, r), ev.clientX, ev.clientY),
      onLeave: () => this.tooltip.hide(),
      onClick: (r, ev) => {
        const v = view();
        if (ev.ctrlKey || ev.metaKey) { this.openSource(v.tree!.frame[r]!); return; }
        if (pane === 'callers' || pane === 'callees') {
          const f = v.tree!.frame[r]!;
          if (f >= 0 && r !== 0) { this.state.sandwichFrame = f; this.buildSandwich(); this.persist(); }
          return;
        }
        this.select(v, r);
        this.zoom(v, r);
      },
      onDblClick: (r) => this.openSource(view().tree!.frame[r]!),
      onDraw: (stats) => {
        if (!this.marked && stats.rects > 0) { this.marked = true; performance.mark(FIRST_RENDER_MARK); }
      },
    };
  }

  private paneView(pane: PaneId): FlameView {
    if (pane === 'flame') return this.flame;
    if (pane === 'chart') return this.chart;
    return pane === 'callers' ? this.sandwich.callers : this.sandwich.callees;
  }

  load(msg: LoadProfileMessage): void {
    const started = performance.now();
    try {
      this.profile = wireToProfileData(msg.tree);
      performance.measure('perflens:convert', { start: started });
    } catch (e) {
      this.showError(`This profile could not be shown: ${(e as Error).message}`);
      return;
    }
    this.errorBox.hidden = true;
    this.findings = msg.findings.filter((f) => f && typeof f.id === 'string' && typeof f.file === 'string');
    this.toolbar.setTitle(msg.meta.title ?? '');
    document.title = `PerfLens — ${msg.meta.title ?? 'profile'}`;
    const p = this.profile;
    this.profileKey = `${p.kind}:${p.names.length}:${p.frameName.length}:${p.nodeParent.length}`;
    const saved = this.bridge.getState() as (WebviewState & { profileKey?: string }) | undefined;
    this.state = saved && saved.profileKey === this.profileKey ? { ...DEFAULT_STATE, ...saved } : { ...DEFAULT_STATE };
    this.marked = false;
    this.warmed = false;
    this.toolbar.search.value = this.state.search;
    this.toolbar.onlyMyCode.checked = this.state.onlyMyCode;
    this.toolbar.setViewEnabled('chart', hasTimeline(p), 'This profile has no samples in time order (heap profiles never do).');
    if (this.state.view === 'chart' && !hasTimeline(p)) this.state.view = 'flame';
    const layoutStart = performance.now();
    this.loading = true;
    try {
      this.rebuild();
    } finally {
      this.loading = false;
    }
    performance.measure('perflens:layout', { start: layoutStart });
    this.applySearch();
    const zoomTo = followFramePath(this.flameTree!, this.state.zoomPath);
    this.showView(this.state.view);
    if (zoomTo > 0) this.zoom(this.flame, zoomTo);
    // the first frame now, in this task; findings (which need the bottom-up rows) right after it
    const active = this.state.view === 'flame' || this.state.view === 'chart' ? this.activeFlameView() : null;
    if (active?.tree) active.draw();
    else if (this.state.view === 'sandwich') for (const v of [this.sandwich.callers, this.sandwich.callees]) if (v.tree) v.draw();
    const loaded = this.profile;
    setTimeout(() => {
      if (this.profile !== loaded) return;
      this.renderFindings();
      if (this.state.selectedFinding) this.findingsPanel.select(this.state.selectedFinding, this.findings.find((f) => f.id === this.state.selectedFinding));
      this.warmUp(loaded);
    }, 0);
  }

  setTheme(kind: ThemeKind): void {
    if (this.bridge.standalone) applyThemeKind(kind);
    this.refreshTheme();
  }

  refreshTheme(): void {
    const theme = readTheme();
    for (const v of this.allViews()) v.setTheme(theme);
  }

  highlight(msg: HighlightMessage): void {
    if (msg.findingId) {
      this.findingsPanel.select(msg.findingId, this.findings.find((f) => f.id === msg.findingId));
      return;
    }
    const frames = this.profile && msg.file && msg.line ? framesAt(this.profile, msg.file, msg.line) : [];
    this.setHighlight(frames);
  }

  private allViews(): FlameView[] {
    return [this.flame, this.chart, this.sandwich.callers, this.sandwich.callees];
  }

  private rebuild(): void {
    const p = this.profile!;
    this.modes = frameModes(p, { onlyMyCode: this.state.onlyMyCode });
    this.vis = null; // computed on first use (flame chart, sandwich): the flame graph does not need it
    this.totals = null;
    this.flameTree = buildFlameGraph(p, this.modes);
    this.chartTree = null;
    this.sandwichBuiltFor = -2;
    this.rows = null;
    this.flame.setData(this.flameTree, p);
    this.flame.rootLabelText = `all · ${this.info.weight(this.flameTree.width[0]!)}`;
    if (!this.loading) this.renderFindings();
    this.updateBreadcrumb();
  }

  private visible(): Int32Array {
    if (!this.vis) this.vis = visibleNodes(this.profile!, this.modes!);
    return this.vis;
  }

  totalWeight(): number {
    return this.flameTree ? this.flameTree.width[0]! : 0;
  }

  functionRows(): FunctionRow[] {
    if (!this.rows) this.rows = functionRows(this.flameTree!, this.profile!.frameName.length);
    return this.rows;
  }

  showView(view: ViewKind): void {
    if (!this.profile) return;
    this.state.view = view;
    this.setViews();
    if (view === 'chart') {
      if (!this.chartTree) {
        try {
          this.chartTree = buildTimeline(this.profile, this.visible());
        } catch (e) {
          this.showError(`The flame chart could not be built: ${(e as Error).message}`);
          this.state.view = 'flame';
          this.setViews();
          return;
        }
        this.chart.setData(this.chartTree, this.profile);
        this.chart.rootLabelText = `all · ${this.info.weight(this.chartTree.width[0]!)}`;
      }
    } else if (view === 'sandwich') {
      this.buildSandwich();
    } else if (view === 'table') {
      this.renderTable();
    }
    this.applyMasks();
    this.updateBreadcrumb();
    this.persist();
  }

  private setViews(): void {
    for (const [v, pane] of Object.entries(this.panes)) pane.hidden = v !== this.state.view;
    this.toolbar.setView(this.state.view);
  }

  private buildSandwich(): void {
    const p = this.profile!;
    const f = this.state.sandwichFrame;
    if (f >= p.frameName.length || (f >= 0 && this.modes![f] !== 0)) this.state.sandwichFrame = -1;
    const frame = this.state.sandwichFrame;
    this.sandwich.setTitles(frame >= 0 ? this.info.label(frame) : null);
    if (frame < 0 || this.sandwichBuiltFor === frame) return;
    this.sandwichBuiltFor = frame;
    if (!this.totals) this.totals = filteredTotals(p, this.visible());
    this.sandwich.callers.setData(buildCallers(p, this.visible(), this.totals, frame), p);
    this.sandwich.callees.setData(buildCallees(p, this.modes!, frame), p);
    this.sandwich.callers.rootLabelText = this.sandwich.callees.rootLabelText = this.info.label(frame);
    this.applyMasks();
  }

  private renderTable(): void {
    this.table.key = this.state.tableSort.key;
    this.table.descending = this.state.tableSort.descending;
    const mask = this.searchFrames;
    this.table.render(this.functionRows(), mask ? (f) => mask[f] === 1 : null);
  }

  activeFlameView(): FlameView {
    return this.state.view === 'chart' ? this.chart : this.flame;
  }

  zoom(view: FlameView, rect: number): void {
    view.zoomTo(rect);
    if (view === this.flame) this.state.zoomPath = framePath(this.flameTree!, rect);
    this.updateBreadcrumb();
    this.persist();
  }

  /** The selected frame is also the function the sandwich view shows. */
  private select(v: FlameView, r: number): void {
    v.selected = r;
    const f = v.tree ? v.tree.frame[r]! : -1;
    if (f >= 0) this.state.sandwichFrame = f;
  }

  resetZoom(): void {
    const v = this.activeFlameView();
    v.selected = -1;
    this.zoom(v, 0);
  }

  private updateBreadcrumb(): void {
    const v = this.state.view === 'flame' || this.state.view === 'chart' ? this.activeFlameView() : null;
    this.breadcrumb.element.hidden = v === null;
    if (!v || !v.tree) return;
    this.breadcrumb.set(pathTo(v.tree, v.zoomed).map((r) => ({ rect: r, label: r === 0 ? 'all' : this.info.label(v.tree!.frame[r]!) })));
  }

  /**
   * Once the page is idle after the first frame, the first zoom and the first search are made to cost
   * what later ones do (measured in one page: the first of each took several times longer than the third): the search's
   * per-profile work (lower-cased names) and code paths run on throwaway queries, the visible view
   * draws its search/outline/zoomed branches once (FlameView.warmUp) and the breadcrumb takes a deep
   * path; each step puts back what is shown in the same task (nothing of it is painted) and runs in
   * its own idle callback, so an input that comes meanwhile waits for one step at most.
   */
  private warmUp(loaded: ProfileData): void {
    const steps: Array<() => void> = [
      () => this.warmSearchPaths(),
      () => { if (this.state.view === 'flame' || this.state.view === 'chart') this.activeFlameView().warmUp(); },
      () => this.warmBreadcrumb(),
      () => { this.warmed = true; },
    ];
    const next = () => {
      if (this.profile !== loaded) return;
      steps.shift()!();
      if (steps.length) whenIdle(next);
    };
    whenIdle(next);
  }

  private warmSearchPaths(): void {
    const p = this.profile;
    const tree = this.flameTree;
    if (!p || !tree) return;
    // queries made by parseQuery itself (their test closures share type feedback with the user's), where some
    // names match and some do not, so both branches of the loops get their feedback
    for (const raw of ['e', '/^[a-m]/i']) {
      const share = matchShare(tree, matchFrames(p, matchNames(p, parseQuery(raw)!)));
      void (this.info.weight(share.weight) + this.info.shareOf(share.share));
    }
  }

  private warmBreadcrumb(): void {
    if (this.state.view !== 'flame' && this.state.view !== 'chart') return;
    const t = this.activeFlameView().tree;
    if (!t) return;
    let deep = 0;
    while (t.kidCount[deep]! > 0 && t.depth[deep]! < 12) deep = t.kids[t.kidStart[deep]!]!;
    framePath(t, deep);
    this.breadcrumb.set(pathTo(t, deep).map((r) => ({ rect: r, label: r === 0 ? 'all' : this.info.label(t.frame[r]!) })));
    this.updateBreadcrumb();
  }

  setSearch(query: string): void {
    this.state.search = query;
    this.applySearch();
    this.persist();
  }

  private applySearch(): void {
    const p = this.profile;
    if (!p) return;
    let query;
    try {
      query = parseQuery(this.state.search);
    } catch (e) {
      this.searchFrames = null;
      this.toolbar.setInfo((e as Error).message, true);
      this.applyMasks();
      return;
    }
    if (!query) {
      this.searchFrames = null;
      this.toolbar.setInfo('');
    } else {
      const names = matchNames(p, query);
      this.searchFrames = matchFrames(p, names);
      let distinct = 0;
      for (let i = 0; i < names.length; i++) distinct += names[i]!;
      const tree = this.state.view === 'chart' && this.chartTree ? this.chartTree : this.flameTree!;
      const share = matchShare(tree, this.searchFrames);
      this.toolbar.setInfo(`${distinct} function${distinct === 1 ? '' : 's'} · ${this.info.weight(share.weight)} · ${this.info.shareOf(share.share)}`);
    }
    if (this.state.view === 'table') this.renderTable();
    this.applyMasks();
  }

  private highlightFrames: Uint8Array | null = null;

  private setHighlight(frames: number[]): void {
    this.highlightFrames = this.profile ? frameMask(this.profile, frames) : null;
    this.applyMasks();
  }

  /** New masks are drawn in the next frame (rAF), so a burst of input events costs one redraw. */
  private applyMasks(): void {
    for (const v of this.allViews()) {
      if (v.searchMask === this.searchFrames && v.highlightMask === this.highlightFrames) continue;
      v.searchMask = this.searchFrames;
      v.highlightMask = this.highlightFrames;
      if (v.tree) v.scheduleDraw();
    }
  }

  setOnlyMyCode(on: boolean): void {
    if (!this.profile) return;
    this.state.onlyMyCode = on;
    const path = this.state.zoomPath;
    this.rebuild();
    if (this.state.view !== 'flame') this.showView(this.state.view);
    const r = followFramePath(this.flameTree!, path);
    if (r > 0) this.zoom(this.flame, r);
    this.applySearch();
    this.persist();
  }

  private renderFindings(): void {
    if (!this.profile || !this.flameTree) return;
    if (this.findings.length === 0) { this.findingsPanel.set([]); return; }
    const hasFrameOf = (f: WebviewFinding) => framesAt(this.profile!, f.file, f.range.start.line + 1).length > 0 || !!f.cost;
    const relevant = this.findings.filter(hasFrameOf);
    this.findingsPanel.set(rankFindings(this.profile, relevant, this.functionRows(), this.totalWeight()));
  }

  private selectFinding(f: WebviewFinding | null): void {
    this.state.selectedFinding = f?.id;
    this.setHighlight(f && this.profile ? framesAt(this.profile, f.file, f.range.start.line + 1) : []);
    this.persist();
  }

  openSource(frame: number): void {
    const p = this.profile;
    if (!p || frame < 0) return;
    const fileIdx = p.frameFile[frame]!;
    if (fileIdx < 0) { this.setStatus(`${this.info.label(frame)} has no source file.`); return; }
    this.bridge.post({ type: 'openSource', file: p.files[fileIdx]!, line: p.frameLine[frame]!, col: p.frameCol[frame]! });
  }

  private onKey(ev: KeyboardEvent): void {
    const target = ev.target as HTMLElement | null;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.closest('.findings, .table-scroll'))) return;
    if ((ev.key === 'f' && (ev.ctrlKey || ev.metaKey)) || ev.key === '/') {
      ev.preventDefault();
      this.toolbar.search.focus();
      return;
    }
    if (this.state.view !== 'flame' && this.state.view !== 'chart') return;
    const v = this.activeFlameView();
    const t = v.tree;
    if (!t) return;
    if (ev.key === 'Escape') { ev.preventDefault(); this.resetZoom(); return; }
    if (ev.key === 'Enter') {
      if (v.selected >= 0) { ev.preventDefault(); this.zoom(v, v.selected); }
      return;
    }
    if (ev.key.startsWith('Arrow')) {
      ev.preventDefault();
      const next = navigate(t, v.selected < 0 ? v.zoomed : v.selected, ev.key as NavKey);
      this.select(v, next);
      v.scrollRowIntoView(t.depth[next]!);
      v.draw();
      this.setStatus(this.info.summary(t, next));
    }
  }

  setStatus(text: string): void {
    this.status.textContent = text;
  }

  showError(text: string): void {
    this.errorBox.textContent = text;
    this.errorBox.hidden = false;
  }

  private persist(): void {
    if (!this.profile) return;
    const state = { ...this.state, profileKey: this.profileKey };
    this.bridge.setState(state);
    this.bridge.post({ type: 'stateChanged', state });
  }
}

/** requestIdleCallback where the page has it (Chromium, VS Code webviews), else a short timeout. */
function whenIdle(task: () => unknown): void {
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number }).requestIdleCallback;
  if (idle) idle(() => void task(), { timeout: 2000 });
  else setTimeout(() => void task(), 50);
}
