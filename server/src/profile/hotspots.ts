import { activeWeight, urlToPath, type Frame, type FrameCategory, type Profile, type SampleUnit } from './model';

/**
 * Hotspot tables from a profile: per function and per source line, on source-mapped locations when
 * `mapFrames` ran (else generated ones).
 *
 * - Function self = weight with the function on top; total = weight of samples with the function
 *   anywhere on the stack, recursion counted once.
 * - Line self = positionTicks self weight on that line (a node without ticks puts its self on the
 *   function's line: heap profiles and v8-profiler-next are function-level).
 * - Line total = self on the line + callee totals attributed to their CALL line, counted once per
 *   sample. A .cpuprofile does not record call lines, so: when the caller node's positionTicks
 *   name exactly one line, that is the call line (V8 puts part of a hot callee's time on the
 *   caller's call line); otherwise the callee total goes to the caller's function line, unless
 *   `resolveCallLine` (which can read the source) names the line.
 * - Shares are of `activeWeight` (all weight but (idle)). `selfMs`/`totalMs` are self/1000 for
 *   µs profiles and 0 for heap profiles (use self/total, in bytes).
 */

export interface HotspotOptions {
  /** categories whose rows are listed; default every category but idle. ["user"] = "only my code" */
  categories?: readonly FrameCategory[];
  /** use source-mapped locations when present (default true) */
  original?: boolean;
  /**
   * Optional: the 1-based line in the caller's (displayed, i.e. source-mapped) file where `caller`
   * calls `callee`, e.g. found by scanning the caller's source for the call. Asked once per
   * (caller, callee) frame pair; undefined falls back to the positionTicks heuristic.
   */
  resolveCallLine?: (caller: Frame, callee: Frame) => number | undefined;
}

export interface HotspotRow {
  name: string;
  /** path (or URL for non-file scripts); '' for natives/V8 pseudo-frames */
  file: string;
  /** 1-based; 0 when unknown */
  line: number;
  category: FrameCategory;
  self: number;
  total: number;
  selfMs: number;
  totalMs: number;
  selfShare: number;
  /** total / activeWeight */
  share: number;
}
export interface FunctionHotspot extends HotspotRow { col: number }
export type LineHotspot = HotspotRow;

export interface HotspotTable {
  unit: SampleUnit;
  activeWeight: number;
  /** sorted by self, descending */
  functions: FunctionHotspot[];
  /** sorted by self, descending */
  lines: LineHotspot[];
  /** internal: what costForRange walks */
  readonly index: RangeIndex;
}

interface RangeIndex {
  profile: Profile;
  lineFile: string[];
  lineNo: Int32Array;
  /** line id of each node's call line in its parent (-1 none) */
  callLine: Int32Array;
  /** line id per lineTicks entry */
  tickLine: Int32Array;
  /** for nodes without ticks: the line id their self sits on (-1 none) */
  selfLine: Int32Array;
  lineSelf: Float64Array;
  files: Set<string>;
}

export const normalizePath = (p: string): string => p.replace(/\\/g, '/');

export function buildHotspots(profile: Profile, opts: HotspotOptions = {}): HotspotTable {
  const useOriginal = opts.original ?? true;
  const shown = new Set<FrameCategory>(opts.categories ?? ['user', 'node_modules', 'node', 'gc', 'program', 'native']);
  const { tree, frames, lineTicks } = profile;
  const lines = new LineInterner();

  // per frame: function id and function line id
  const fnIds = new Map<string, number>();
  const fnFrame: number[] = [];
  const frameFn = new Int32Array(frames.length);
  const frameLine = new Int32Array(frames.length).fill(-1);
  const frameFile: string[] = new Array(frames.length);
  for (let f = 0; f < frames.length; f++) {
    const fr = frames[f];
    const loc = useOriginal && fr.original ? fr.original : fr.url ? { file: urlToPath(fr.url), line: fr.line, col: fr.col } : undefined;
    const file = loc ? normalizePath(loc.file) : '';
    frameFile[f] = fr.url ? normalizePath(urlToPath(fr.url)) : '';
    const key = loc ? `${fr.name}\u0000${file}\u0000${loc.line}\u0000${loc.col}` : `${fr.name}\u0000\u0000${fr.category}`;
    let id = fnIds.get(key);
    if (id === undefined) { id = fnFrame.length; fnIds.set(key, id); fnFrame.push(f); }
    frameFn[f] = id;
    if (loc && loc.line > 0) frameLine[f] = lines.id(file, loc.line, f);
  }

  // per tick entry: line id
  const entries = lineTicks.line.length;
  const tickLine = new Int32Array(entries).fill(-1);
  for (let node = 0; node < tree.size; node++) {
    const f = tree.frame[node];
    for (let e = lineTicks.start[node]; e < lineTicks.start[node + 1]; e++) {
      const orig = useOriginal ? lineTicks.original?.[e] : undefined;
      if (orig) tickLine[e] = lines.id(normalizePath(orig.file), orig.line, f);
      else if (frameFile[f]) tickLine[e] = lines.id(frameFile[f], lineTicks.line[e], f);
    }
  }

  // per node: where its self goes without ticks, and its call line in the parent
  const selfLine = new Int32Array(tree.size).fill(-1);
  const singleLine = new Int32Array(tree.size).fill(-1);
  for (let node = 0; node < tree.size; node++) {
    const from = lineTicks.start[node], to = lineTicks.start[node + 1];
    let only = -1, many = false, tickWeight = 0;
    for (let e = from; e < to; e++) {
      tickWeight += lineTicks.weight[e];
      const l = tickLine[e];
      if (l < 0) continue;
      if (only === -1) only = l; else if (only !== l) many = true;
    }
    singleLine[node] = many ? -1 : only;
    if (tickWeight <= 0 && tree.self[node] > 0) selfLine[node] = frameLine[tree.frame[node]];
  }
  const callLine = new Int32Array(tree.size).fill(-1);
  const resolved = new Map<number, number>();
  for (let node = 1; node < tree.size; node++) {
    const p = tree.parent[node];
    const pf = tree.frame[p];
    if (opts.resolveCallLine && frameLine[pf] >= 0) {
      const key = pf * frames.length + tree.frame[node];
      let l = resolved.get(key);
      if (l === undefined) {
        let line: number | undefined;
        try { line = opts.resolveCallLine(frames[pf], frames[tree.frame[node]]); } catch { line = undefined; }
        l = typeof line === 'number' && Number.isSafeInteger(line) && line > 0 ? lines.id(lines.file[frameLine[pf]], line, pf) : -1;
        resolved.set(key, l);
      }
      if (l >= 0) { callLine[node] = l; continue; }
    }
    callLine[node] = singleLine[p] >= 0 ? singleLine[p] : frameLine[pf];
  }

  // one preorder pass with "on stack" counters: recursion counted once
  const L = lines.count;
  const fnSelf = new Float64Array(fnFrame.length), fnTotal = new Float64Array(fnFrame.length), fnOn = new Int32Array(fnFrame.length);
  const lineSelf = new Float64Array(L), lineTotal = new Float64Array(L), lineOn = new Int32Array(L);
  const open = new Int32Array(tree.size);
  let sp = 0;
  const addSelfLine = (l: number, w: number): void => {
    if (l < 0) return;
    lineSelf[l] += w;
    if (lineOn[l] === 0) lineTotal[l] += w;
  };
  for (let i = 0; i < tree.size; i++) {
    while (sp > 0 && tree.end[open[sp - 1]] <= i) {
      const j = open[--sp];
      fnOn[frameFn[tree.frame[j]]]--;
      if (callLine[j] >= 0) lineOn[callLine[j]]--;
    }
    const fn = frameFn[tree.frame[i]];
    fnSelf[fn] += tree.self[i];
    if (fnOn[fn]++ === 0) fnTotal[fn] += tree.total[i];
    const cl = callLine[i];
    if (cl >= 0 && lineOn[cl]++ === 0) lineTotal[cl] += tree.total[i];
    for (let e = lineTicks.start[i]; e < lineTicks.start[i + 1]; e++) addSelfLine(tickLine[e], lineTicks.weight[e]);
    addSelfLine(selfLine[i], tree.self[i]);
    open[sp++] = i;
  }

  const active = activeWeight(profile);
  const ms = profile.unit === 'us' ? 1 / 1000 : 0;
  const row = (name: string, file: string, line: number, category: FrameCategory, self: number, total: number): HotspotRow => ({
    name, file, line, category, self, total, selfMs: self * ms, totalMs: total * ms,
    selfShare: active > 0 ? self / active : 0, share: active > 0 ? total / active : 0,
  });
  const functions: FunctionHotspot[] = [];
  for (let fn = 0; fn < fnFrame.length; fn++) {
    const fr = frames[fnFrame[fn]];
    if (!shown.has(fr.category) || (fnTotal[fn] <= 0 && fnSelf[fn] <= 0) || fnFrame[fn] === tree.frame[0]) continue;
    const loc = useOriginal && fr.original ? fr.original : { file: fr.url ? urlToPath(fr.url) : '', line: fr.line, col: fr.col };
    functions.push({ ...row(fr.name, normalizePath(loc.file), loc.line, fr.category, fnSelf[fn], fnTotal[fn]), col: loc.col });
  }
  const lineRows: LineHotspot[] = [];
  for (let l = 0; l < L; l++) {
    const fr = frames[lines.frame[l]];
    if (!shown.has(fr.category) || (lineTotal[l] <= 0 && lineSelf[l] <= 0)) continue;
    lineRows.push(row(fr.name, lines.file[l], lines.line[l], fr.category, lineSelf[l], lineTotal[l]));
  }
  const bySelf = (a: HotspotRow, b: HotspotRow): number => b.self - a.self || b.total - a.total;
  functions.sort(bySelf);
  lineRows.sort(bySelf);
  return {
    unit: profile.unit, activeWeight: active, functions, lines: lineRows,
    index: { profile, lineFile: lines.file, lineNo: Int32Array.from(lines.line), callLine, tickLine, selfLine, lineSelf, files: new Set(lines.file) },
  };
}

/** The n hottest rows by self (default) or total. */
export function topN<T extends HotspotRow>(rows: readonly T[], n: number, by: 'self' | 'total' = 'self'): T[] {
  const sorted = by === 'self' ? [...rows] : [...rows].sort((a, b) => b.total - a.total || b.self - a.self);
  return sorted.slice(0, Math.max(0, n));
}

export interface RangeCost { self: number; total: number; selfMs: number; totalMs: number; selfShare: number; share: number }

/**
 * Measured cost of lines [startLine, endLine] of `file` — 1-BASED, INCLUSIVE (as in hotspot rows).
 * self = self weight on those lines; total = weight of samples with any of those lines on the
 * stack (as a self line or a call line), each sample counted once. O(nodes) per call.
 */
export function costForRange(table: HotspotTable, file: string, startLine: number, endLine: number): RangeCost {
  const ix = table.index;
  const ms = table.unit === 'us' ? 1 / 1000 : 0;
  const result = (self: number, total: number): RangeCost => ({
    self, total, selfMs: self * ms, totalMs: total * ms,
    selfShare: table.activeWeight > 0 ? self / table.activeWeight : 0, share: table.activeWeight > 0 ? total / table.activeWeight : 0,
  });
  const target = normalizePath(file);
  if (!ix.files.has(target)) return result(0, 0);
  const inRange = new Uint8Array(ix.lineFile.length);
  let self = 0, any = false;
  for (let l = 0; l < ix.lineFile.length; l++) {
    if (ix.lineFile[l] === target && ix.lineNo[l] >= startLine && ix.lineNo[l] <= endLine) {
      inRange[l] = 1; any = true; self += ix.lineSelf[l];
    }
  }
  if (!any) return result(0, 0);
  const { tree, lineTicks } = ix.profile;
  let total = 0;
  for (let i = 0; i < tree.size;) {
    const cl = ix.callLine[i];
    if (cl >= 0 && inRange[cl]) { total += tree.total[i]; i = tree.end[i]; continue; }
    for (let e = lineTicks.start[i]; e < lineTicks.start[i + 1]; e++) {
      const l = ix.tickLine[e];
      if (l >= 0 && inRange[l]) total += lineTicks.weight[e];
    }
    const sl = ix.selfLine[i];
    if (sl >= 0 && inRange[sl]) total += tree.self[i];
    i++;
  }
  return result(self, total);
}

/** costForRange for an engine Finding: its `range` is 0-based LSP lines, converted here. */
export function costForFinding(table: HotspotTable, finding: { file: string; range: { start: { line: number }; end: { line: number } } }): RangeCost {
  return costForRange(table, finding.file, finding.range.start.line + 1, finding.range.end.line + 1);
}

/** (file, line) → dense id, with numeric keys (no string building per lookup). */
class LineInterner {
  file: string[] = [];
  line: number[] = [];
  /** first frame seen on the line: names the line's function */
  frame: number[] = [];
  private readonly fileIds = new Map<string, number>();
  private readonly ids = new Map<number, number>();
  get count(): number { return this.file.length; }
  id(file: string, line: number, frame: number): number {
    let f = this.fileIds.get(file);
    if (f === undefined) { f = this.fileIds.size; this.fileIds.set(file, f); }
    const key = f * 2 ** 32 + (line >>> 0);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.file.length;
      this.ids.set(key, id);
      this.file.push(file); this.line.push(line); this.frame.push(frame);
    }
    return id;
  }
}
