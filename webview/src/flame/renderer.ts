/**
 * Canvas renderer for a RectTree: a viewport-sized sticky canvas over a tall spacer, redrawn on
 * scroll/zoom. Per redraw it walks down from the root and skips every subtree narrower than
 * `minPx` or outside the x domain / the visible rows, so work is bounded by what is on screen
 * (~1–3k rects), not by the profile size. Zoom = change the x domain. Text only where it fits.
 */
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { hitTest } from './hit-test';
import { DEFAULT_THEME, ROOT_COLOR, frameColor, type Theme } from './palette';
import { frameLabel, type ProfileData } from './profile-data';
import type { RectTree } from './rect-tree';

export interface FlameViewHandlers {
  onHover?: (rect: number, ev: MouseEvent) => void;
  onLeave?: () => void;
  onClick?: (rect: number, ev: MouseEvent) => void;
  onDblClick?: (rect: number, ev: MouseEvent) => void;
  onDraw?: (stats: DrawStats) => void;
}

export interface DrawStats {
  rects: number;
  labels: number;
  ms: number;
  /** performance.now() when the draw ended (benchmarks: handler start → draw end) */
  end: number;
}

export interface RectBox { x: number; y: number; width: number; height: number }

const LABEL_MIN_PX = 22;
const LABEL_PAD = 3;

export class FlameView {
  readonly element: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly spacer: HTMLDivElement;
  private ctx: CanvasRenderingContext2D;
  tree: RectTree | null = null;
  private profile: ProfileData | null = null;
  /** per frame, filled lazily while drawing (only drawn frames ever need one) */
  private colors: string[] = [];
  theme: Theme = DEFAULT_THEME;
  /** the zoom: which weight range [start, end) fills the width */
  domain: [number, number] = [0, 1];
  /** weight units → CSS pixels for the current domain and width */
  private readonly x: ScaleLinear<number, number> = scaleLinear();
  zoomed = 0;
  selected = -1;
  searchMask: Uint8Array | null = null;
  highlightMask: Uint8Array | null = null;
  /** subtrees narrower than this (CSS px) at the current zoom are not drawn */
  minPx = 1;
  rowHeight = 18;
  private charWidth = 7;
  private cssWidth = 0;
  private cssHeight = 0;
  private pending = 0;
  private hoverPending = 0;
  private hoverEvent: MouseEvent | null = null;
  lastStats: DrawStats = { rects: 0, labels: 0, ms: 0, end: 0 };
  /** performance.now() when the last hover (hit test + handler) ended */
  lastHoverEnd = 0;

  constructor(private readonly inverted: boolean, private readonly handlers: FlameViewHandlers = {}) {
    this.element = document.createElement('div');
    this.element.className = 'flame-scroll';
    this.element.tabIndex = -1;
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'flame-canvas';
    this.spacer = document.createElement('div');
    this.spacer.className = 'flame-spacer';
    this.element.append(this.canvas, this.spacer);
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('canvas 2D is not available');
    this.ctx = ctx;
    this.element.addEventListener('scroll', () => this.scheduleDraw(), { passive: true });
    // the keyboard focus ring is drawn on the canvas (see drawFocusRing): redraw only when it comes or goes
    this.element.addEventListener('focus', () => { if (this.element.matches(':focus-visible')) this.scheduleDraw(); });
    this.element.addEventListener('blur', () => { if (this.ringDrawn) this.scheduleDraw(); });
    // hover: the hit test and the tooltip run once per frame for the latest position (rAF-coalesced)
    this.canvas.addEventListener('mousemove', (ev) => {
      this.hoverEvent = ev;
      if (!this.hoverPending) this.hoverPending = requestAnimationFrame(() => this.flushHover());
    });
    this.canvas.addEventListener('mouseleave', () => {
      this.hoverEvent = null;
      if (this.hoverPending) { cancelAnimationFrame(this.hoverPending); this.hoverPending = 0; }
      this.handlers.onLeave?.();
    });
    this.canvas.addEventListener('click', (ev) => {
      const r = this.rectAtEvent(ev);
      if (r >= 0) this.handlers.onClick?.(r, ev);
    });
    this.canvas.addEventListener('dblclick', (ev) => {
      const r = this.rectAtEvent(ev);
      if (r >= 0) this.handlers.onDblClick?.(r, ev);
    });
    this.canvas.addEventListener('wheel', (ev) => this.onWheel(ev), { passive: false });
    new ResizeObserver(() => this.resize()).observe(this.element);
  }

  setData(tree: RectTree, profile: ProfileData): void {
    const sameProfile = this.profile === profile;
    this.tree = tree;
    this.profile = profile;
    if (!sameProfile) this.colors = [];
    this.zoomed = 0;
    this.domain = [tree.x0[0]!, tree.x0[0]! + Math.max(tree.width[0]!, 1e-9)];
    // the size is normally known from the ResizeObserver; before its first report read it once, so
    // the first frame is drawn in this task instead of a frame later
    if (this.cssWidth === 0) this.resize(false);
    this.spacer.style.height = `${Math.max(0, this.contentHeight() - this.cssHeight)}px`;
    if (this.inverted) this.element.scrollTop = this.element.scrollHeight;
    this.scheduleDraw();
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.colors = [];
    this.charWidth = 0;
    this.scheduleDraw();
  }

  zoomTo(rect: number): void {
    const t = this.tree;
    if (!t || rect < 0 || rect >= t.count) return;
    this.zoomed = rect;
    const w = Math.max(t.width[rect]!, 1e-9);
    this.domain = [t.x0[rect]!, t.x0[rect]! + w];
    this.scrollRowIntoView(t.depth[rect]!);
    this.draw();
  }

  /** Zooms the x domain by `factor` around the domain position `at` (ctrl+wheel). */
  zoomAround(at: number, factor: number): void {
    const t = this.tree;
    if (!t) return;
    const [d0, d1] = this.domain;
    const full0 = t.x0[0]!;
    const full1 = full0 + t.width[0]!;
    const span = Math.min(full1 - full0, Math.max((d1 - d0) * factor, (full1 - full0) * 1e-9));
    let n0 = at - (at - d0) * (span / (d1 - d0));
    n0 = Math.max(full0, Math.min(n0, full1 - span));
    this.domain = [n0, n0 + span];
    this.draw();
  }

  private onWheel(ev: WheelEvent): void {
    if (!this.tree) return;
    if (ev.ctrlKey || ev.metaKey) {
      ev.preventDefault();
      const at = this.domain[0] + (ev.offsetX / Math.max(1, this.cssWidth)) * (this.domain[1] - this.domain[0]);
      this.zoomAround(at, Math.exp(ev.deltaY * 0.002));
    } else if (ev.shiftKey && ev.deltaY !== 0) {
      ev.preventDefault();
      const span = this.domain[1] - this.domain[0];
      this.zoomAround(this.domain[0] + span / 2 + (ev.deltaY / Math.max(1, this.cssWidth)) * span, 1);
    }
  }

  scrollRowIntoView(depth: number): void {
    const y = this.rowContentY(depth);
    const top = this.element.scrollTop;
    if (y < top || y + this.rowHeight > top + this.cssHeight) {
      this.element.scrollTop = Math.max(0, y - this.cssHeight / 3);
    }
  }

  private contentHeight(): number {
    const rows = this.tree ? this.tree.maxDepth + 1 : 0;
    return Math.max(rows * this.rowHeight + 4, this.cssHeight);
  }

  private rowContentY(depth: number): number {
    return this.inverted ? this.contentHeight() - (depth + 1) * this.rowHeight : depth * this.rowHeight;
  }

  private resize(draw = true): void {
    const w = this.element.clientWidth;
    const h = this.element.clientHeight;
    if (w === this.cssWidth && h === this.cssHeight) return;
    this.cssWidth = w;
    this.cssHeight = h;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.max(1, Math.round(w * dpr));
    this.canvas.height = Math.max(1, Math.round(h * dpr));
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    this.spacer.style.height = `${Math.max(0, this.contentHeight() - h)}px`;
    if (this.inverted) this.element.scrollTop = this.element.scrollHeight;
    if (draw) this.draw();
  }

  private flushHover(): void {
    this.hoverPending = 0;
    const ev = this.hoverEvent;
    if (!ev) return;
    const r = this.rectAtEvent(ev);
    if (r >= 0) this.handlers.onHover?.(r, ev); else this.handlers.onLeave?.();
    this.lastHoverEnd = performance.now();
  }

  /** Rect under a mouse event, or -1. offsetX/Y are canvas coordinates: no layout read needed. */
  rectAtEvent(ev: MouseEvent): number {
    if (ev.target === this.canvas) return this.rectAt(ev.offsetX, ev.offsetY);
    const box = this.canvas.getBoundingClientRect();
    return this.rectAt(ev.clientX - box.left, ev.clientY - box.top);
  }

  /** Rect at canvas CSS pixel (x, y), or -1. */
  rectAt(x: number, y: number): number {
    const t = this.tree;
    if (!t || this.cssWidth === 0) return -1;
    const contentY = y + this.element.scrollTop;
    const depth = this.inverted
      ? Math.floor((this.contentHeight() - contentY) / this.rowHeight)
      : Math.floor(contentY / this.rowHeight);
    return hitTest(t, this.x.domain(this.domain).range([0, this.cssWidth]).invert(x), depth);
  }

  /** Where a rect is drawn, in canvas CSS pixels (null when off screen or too narrow to draw). */
  boxOf(rect: number): RectBox | null {
    const t = this.tree;
    if (!t || rect < 0 || rect >= t.count) return null;
    const [d0, d1] = this.domain;
    const k = this.cssWidth / (d1 - d0);
    const x = (t.x0[rect]! - d0) * k;
    const w = t.width[rect]! * k;
    const y = this.rowContentY(t.depth[rect]!) - this.element.scrollTop;
    const x0 = Math.max(0, x);
    const x1 = Math.min(this.cssWidth, x + w);
    if (x1 - x0 < this.minPx || y + this.rowHeight < 0 || y > this.cssHeight) return null;
    return { x: x0, y, width: x1 - x0, height: this.rowHeight };
  }

  get canvasElement(): HTMLCanvasElement {
    return this.canvas;
  }

  scheduleDraw(): void {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.draw();
    });
  }

  draw(): void {
    if (this.pending) { cancelAnimationFrame(this.pending); this.pending = 0; }
    const started = performance.now();
    const t = this.tree;
    const p = this.profile;
    const ctx = this.ctx;
    const W = this.cssWidth;
    const H = this.cssHeight;
    if (!t || !p || W === 0 || H === 0) return;
    const dpr = window.devicePixelRatio || 1;
    const th = this.theme;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = th.background;
    ctx.fillRect(0, 0, W, H);
    ctx.font = `${th.fontSize}px ${th.fontFamily}`;
    ctx.textBaseline = 'middle';
    if (!this.charWidth) this.charWidth = ctx.measureText('abcdefghijklmnopqrstuvwxyzABCDEFGH_.').width / 36;

    const rh = this.rowHeight;
    const scrollTop = this.element.scrollTop;
    const contentH = this.contentHeight();
    const d0 = this.domain[0];
    const k = W / (this.domain[1] - d0);
    const minPx = this.minPx;
    // visible depth range
    let dMin: number;
    let dMax: number;
    if (this.inverted) {
      dMin = Math.max(0, Math.floor((contentH - scrollTop - H) / rh));
      dMax = Math.floor((contentH - scrollTop) / rh);
    } else {
      dMin = Math.max(0, Math.floor(scrollTop / rh));
      dMax = Math.floor((scrollTop + H) / rh);
    }
    const search = this.searchMask;
    const highlight = this.highlightMask;
    const colors = this.colors;
    const outlines: number[] = [];
    let rects = 0;
    let labels = 0;
    let lastFill = '';
    const textFill = th.highContrast ? th.foreground : th.frameText;
    // only rects at least minPx wide, overlapping the x range and the visible rows, are ever pushed
    const stack: number[] = [0];
    const { x0, width, depth, frame, kids, kidStart, kidCount } = t;
    while (stack.length) {
      const r = stack.pop()!;
      const x = (x0[r]! - d0) * k;
      const w = width[r]! * k;
      const d = depth[r]!;
      if (d < dMax) {
        const s = kidStart[r]!;
        for (let c = s + kidCount[r]! - 1; c >= s; c--) {
          const kid = kids[c]!;
          const kw = width[kid]! * k;
          if (kw < minPx) continue;
          const kx = (x0[kid]! - d0) * k;
          if (kx + kw <= 0 || kx >= W) continue;
          stack.push(kid);
        }
      }
      if (d < dMin || (r === 0 && (w < minPx || x + w <= 0 || x >= W))) continue;
      const f = frame[r]!;
      const y = this.inverted ? contentH - (d + 1) * rh - scrollTop : d * rh - scrollTop;
      const left = x > 0 ? x : 0;
      const right = x + w < W ? x + w : W;
      let fill = f < 0 ? ROOT_COLOR : colors[f] ?? (colors[f] = frameColor(p, f, th));
      if (search !== null && f >= 0) fill = search[f] === 1 ? th.searchMatch : th.dimmed;
      if (fill !== lastFill) { ctx.fillStyle = fill; lastFill = fill; }
      const visible = right - left;
      const gap = visible > 3 ? 1 : 0;
      ctx.fillRect(left, y, visible - gap, rh - 1);
      if (th.highContrast && visible > 3) {
        ctx.strokeStyle = th.contrastBorder;
        ctx.lineWidth = 1;
        ctx.strokeRect(left + 0.5, y + 0.5, visible - gap - 1, rh - 2);
      }
      rects++;
      if ((highlight !== null && f >= 0 && highlight[f] === 1) || r === this.selected) outlines.push(r);
      if (visible >= LABEL_MIN_PX) {
        const text = this.fitLabel(f < 0 ? this.rootLabel() : frameLabel(p, f), visible - 2 * LABEL_PAD);
        if (text) {
          ctx.fillStyle = textFill;
          lastFill = textFill;
          ctx.fillText(text, left + LABEL_PAD, y + rh / 2);
          labels++;
        }
      }
    }
    for (const r of outlines) this.outline(r, r === this.selected ? th.focusBorder : th.highlight, d0, k, contentH, scrollTop);
    this.drawFocusRing();
    const end = performance.now();
    const stats = { rects, labels, ms: end - started, end };
    this.lastStats = stats;
    this.handlers.onDraw?.(stats);
  }

  /** whether the last draw drew the focus ring (a blur then needs a redraw to remove it) */
  private ringDrawn = false;

  /**
   * The scroller's :focus-visible ring, drawn on the canvas instead of a CSS outline: the scroller is
   * not a composited layer, so an outline on it made Chromium repaint and re-raster the whole
   * viewport-sized area (~20 tiles, 15–25 ms of raster CPU on this machine) whenever it appeared or went.
   */
  private drawFocusRing(): void {
    this.ringDrawn = document.activeElement === this.element && this.element.matches(':focus-visible');
    if (!this.ringDrawn) return;
    const ctx = this.ctx;
    ctx.strokeStyle = this.theme.focusBorder;
    ctx.lineWidth = 1;
    ctx.strokeRect(0.5, 0.5, this.cssWidth - 1, this.cssHeight - 1);
  }

  /**
   * Runs the interaction paths of draw() once — search colours, outlines, a zoomed domain — and then
   * draws the real state again, all in one task (nothing of it reaches the screen). Called in idle time
   * after the first frame, so the first zoom and the first search do not pay for V8 deoptimising
   * draw() on branches it has not seen yet.
   */
  warmUp(): void {
    const t = this.tree;
    if (!t || t.count < 2) return;
    const saved = { search: this.searchMask, highlight: this.highlightMask, selected: this.selected, domain: this.domain };
    const frames = this.profile ? this.profile.frameName.length : 0;
    const mask = new Uint8Array(frames);
    for (let f = 0; f < frames; f += 2) mask[f] = 1;
    const kid = t.kidCount[0]! > 0 ? t.kids[t.kidStart[0]!]! : 0;
    this.searchMask = mask;
    this.highlightMask = mask;
    this.selected = kid;
    this.domain = [t.x0[kid]!, t.x0[kid]! + Math.max(t.width[kid]!, 1e-9)];
    try {
      this.draw();
    } finally {
      this.searchMask = saved.search;
      this.highlightMask = saved.highlight;
      this.selected = saved.selected;
      this.domain = saved.domain;
      this.draw();
    }
  }

  rootLabelText = 'all';
  private rootLabel(): string {
    return this.rootLabelText;
  }

  private outline(r: number, color: string, d0: number, k: number, contentH: number, scrollTop: number): void {
    const t = this.tree!;
    const x = Math.max(0, (t.x0[r]! - d0) * k);
    const right = Math.min(this.cssWidth, (t.x0[r]! + t.width[r]! - d0) * k);
    const d = t.depth[r]!;
    const y = this.inverted ? contentH - (d + 1) * this.rowHeight - scrollTop : d * this.rowHeight - scrollTop;
    this.ctx.strokeStyle = color;
    this.ctx.lineWidth = 2;
    this.ctx.strokeRect(x + 1, y + 1, Math.max(1, right - x - 3), this.rowHeight - 3);
  }

  /** Truncates with an ellipsis using an average character width (no measureText per frame). */
  private fitLabel(label: string, px: number): string {
    const max = Math.floor(px / this.charWidth);
    if (max < 2) return '';
    if (label.length <= max) return label;
    return label.slice(0, max - 1) + '…';
  }
}
