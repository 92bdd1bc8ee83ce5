import { LineInterner, normalizePath } from './line-interner';
import { activeWeight, urlToPath, type Frame, type FrameCategory, type Profile, type SampleUnit, type SourceLocation } from './model';

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

export { normalizePath };

export function buildHotspots(profile: Profile, opts: HotspotOptions = {}): HotspotTable {
  const useOriginal = opts.original ?? true;
  const shown = new Set<FrameCategory>(opts.categories ?? ['user', 'node_modules', 'node', 'gc', 'program', 'native']);
  const lines = new LineInterner();
  // one phase per function, each with one long loop: V8 compiles a long-running loop on the spot
  // (OSR) and recompiles a function once per further loop, which costs more than the loops here
  const fns = functionIds(profile.frames, useOriginal, lines);
  const tickLine = tickLines(profile, useOriginal, lines, fns.frameFile);
  const { selfLine, singleLine } = nodeLines(profile, tickLine, fns.frameLine);
  const callLine = callLines(profile, opts.resolveCallLine, lines, fns.frameLine, singleLine);
  const sums = accumulate(profile, fns.frameFn, fns.fnFrame.length, lines.count, tickLine, selfLine, callLine);

  const active = activeWeight(profile);
  const functions = functionRows(profile, fns.fnFrame, sums, shown, useOriginal, active);
  const lineRows = lineRowsOf(profile, lines, sums, shown, active);
  const bySelf = (a: HotspotRow, b: HotspotRow): number => b.self - a.self || b.total - a.total;
  functions.sort(bySelf);
  lineRows.sort(bySelf);
  return {
    unit: profile.unit, activeWeight: active, functions, lines: lineRows,
    index: { profile, lineFile: lines.file, lineNo: Int32Array.from(lines.line), callLine, tickLine, selfLine, lineSelf: sums.lineSelf, files: new Set(lines.file) },
  };
}

/** Rows in one literal shape each (no spread, no closure): tens of thousands of them on big profiles. */
function functionRows(profile: Profile, fnFrame: readonly number[], sums: Sums, shown: ReadonlySet<FrameCategory>, useOriginal: boolean, active: number): FunctionHotspot[] {
  const { frames, tree } = profile;
  const ms = profile.unit === 'us' ? 1 / 1000 : 0;
  const { fnSelf, fnTotal } = sums;
  const rows: FunctionHotspot[] = [];
  for (let fn = 0; fn < fnFrame.length; fn++) {
    const fr = frames[fnFrame[fn]];
    const self = fnSelf[fn], total = fnTotal[fn];
    if (!shown.has(fr.category) || (total <= 0 && self <= 0) || fnFrame[fn] === tree.frame[0]) continue;
    const loc = useOriginal && fr.original ? fr.original : { file: fr.url ? urlToPath(fr.url) : '', line: fr.line, col: fr.col };
    rows.push({
      name: fr.name, file: normalizePath(loc.file), line: loc.line, category: fr.category, self, total, selfMs: self * ms, totalMs: total * ms,
      selfShare: active > 0 ? self / active : 0, share: active > 0 ? total / active : 0, col: loc.col,
    });
  }
  return rows;
}

function lineRowsOf(profile: Profile, lines: LineInterner, sums: Sums, shown: ReadonlySet<FrameCategory>, active: number): LineHotspot[] {
  const { frames } = profile;
  const ms = profile.unit === 'us' ? 1 / 1000 : 0;
  const { lineSelf, lineTotal } = sums;
  const rows: LineHotspot[] = [];
  for (let l = 0; l < lines.count; l++) {
    const fr = frames[lines.frame[l]];
    const self = lineSelf[l], total = lineTotal[l];
    if (!shown.has(fr.category) || (total <= 0 && self <= 0)) continue;
    rows.push({
      name: fr.name, file: lines.file[l], line: lines.line[l], category: fr.category, self, total, selfMs: self * ms, totalMs: total * ms,
      selfShare: active > 0 ? self / active : 0, share: active > 0 ? total / active : 0,
    });
  }
  return rows;
}

interface FunctionIds {
  /** first frame of each function id */
  fnFrame: number[];
  /** function id per frame */
  frameFn: Int32Array;
  /** line id of each frame's function line (-1 none) */
  frameLine: Int32Array;
  /** generated file per frame ('' for none), normalized */
  frameFile: string[];
}

/** Per frame: function id (frames of one function at one place merge) and function line id. */
function functionIds(frames: readonly Frame[], useOriginal: boolean, lines: LineInterner): FunctionIds {
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
  return { fnFrame, frameFn, frameLine, frameFile };
}

/**
 * Line id per tick entry. mapFrames hands out one SourceLocation object per distinct position, so
 * an identity cache answers most entries with one lookup; unmapped lines go by the frame's file id.
 */
function tickLines(profile: Profile, useOriginal: boolean, lines: LineInterner, frameFile: readonly string[]): Int32Array {
  const { tree, lineTicks, frames } = profile;
  const tickLine = new Int32Array(lineTicks.line.length).fill(-1);
  const originals = useOriginal ? lineTicks.original : undefined;
  const byLocation = new Map<SourceLocation, number>();
  const frameFileId = new Int32Array(frames.length).fill(-2); // -2: not looked up yet, -1: no file
  for (let node = 0; node < tree.size; node++) {
    const from = lineTicks.start[node], to = lineTicks.start[node + 1];
    if (from === to) continue;
    const f = tree.frame[node];
    for (let e = from; e < to; e++) {
      const orig = originals?.[e];
      if (orig) {
        let l = byLocation.get(orig);
        if (l === undefined) { l = lines.id(orig.file, orig.line, f); byLocation.set(orig, l); }
        tickLine[e] = l;
        continue;
      }
      if (frameFileId[f] === -2) frameFileId[f] = frameFile[f] ? lines.fileId(frameFile[f]) : -1;
      if (frameFileId[f] >= 0) tickLine[e] = lines.idIn(frameFileId[f], lineTicks.line[e], f);
    }
  }
  return tickLine;
}

/** Per node: the line its self weight sits on when it has no ticks, and its only tick line (-1: none or several). */
function nodeLines(profile: Profile, tickLine: Int32Array, frameLine: Int32Array): { selfLine: Int32Array; singleLine: Int32Array } {
  const { tree, lineTicks } = profile;
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
  return { selfLine, singleLine };
}

/** Per node: the line id of its call in the parent (see the module comment), -1 when unknown. */
function callLines(profile: Profile, resolveCallLine: HotspotOptions['resolveCallLine'], lines: LineInterner, frameLine: Int32Array, singleLine: Int32Array): Int32Array {
  const { tree, frames } = profile;
  const callLine = new Int32Array(tree.size).fill(-1);
  const resolved = new Map<number, number>();
  for (let node = 1; node < tree.size; node++) {
    const p = tree.parent[node];
    const pf = tree.frame[p];
    if (resolveCallLine && frameLine[pf] >= 0) {
      const key = pf * frames.length + tree.frame[node];
      let l = resolved.get(key);
      if (l === undefined) {
        let line: number | undefined;
        try { line = resolveCallLine(frames[pf], frames[tree.frame[node]]); } catch { line = undefined; }
        l = typeof line === 'number' && Number.isSafeInteger(line) && line > 0 ? lines.id(lines.file[frameLine[pf]], line, pf) : -1;
        resolved.set(key, l);
      }
      if (l >= 0) { callLine[node] = l; continue; }
    }
    callLine[node] = singleLine[p] >= 0 ? singleLine[p] : frameLine[pf];
  }
  return callLine;
}

interface Sums { fnSelf: Float64Array; fnTotal: Float64Array; lineSelf: Float64Array; lineTotal: Float64Array }

/** One preorder pass with "on stack" counters, so recursion is counted once. */
function accumulate(profile: Profile, frameFn: Int32Array, fnCount: number, lineCount: number,
  tickLine: Int32Array, selfLine: Int32Array, callLine: Int32Array): Sums {
  const { tree, lineTicks } = profile;
  const fnSelf = new Float64Array(fnCount), fnTotal = new Float64Array(fnCount), fnOn = new Int32Array(fnCount);
  const lineSelf = new Float64Array(lineCount), lineTotal = new Float64Array(lineCount), lineOn = new Int32Array(lineCount);
  const open = new Int32Array(tree.size);
  let sp = 0;
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
    for (let e = lineTicks.start[i]; e < lineTicks.start[i + 1]; e++) {
      const l = tickLine[e];
      if (l < 0) continue;
      const w = lineTicks.weight[e];
      lineSelf[l] += w;
      if (lineOn[l] === 0) lineTotal[l] += w;
    }
    const sl = selfLine[i];
    if (sl >= 0) {
      lineSelf[sl] += tree.self[i];
      if (lineOn[sl] === 0) lineTotal[sl] += tree.self[i];
    }
    open[sp++] = i;
  }
  return { fnSelf, fnTotal, lineSelf, lineTotal };
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
