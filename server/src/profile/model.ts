/**
 * PerfLens profile model: the one in-memory shape every importer produces and every view reads.
 * Pure TypeScript (no node:fs, vscode or DOM) so it also runs in the webview.
 *
 * Shape, in short:
 * - `frames`: interned frames `{ name, url, line, col }`, 1-based line/col (0 = unknown), with a
 *   `category` and, after `mapFrames`, an `original` source-mapped location.
 * - `tree`: the call tree in column ("struct of arrays") form, nodes stored in PREORDER:
 *   node 0 is the root, the subtree of node i is the index range [i, tree.end[i]), the children of
 *   i are i+1, end[i+1], end[end[i+1]], … (use `childrenOf`). `parent[0] = -1`.
 *   `self[i]` is the weight sampled with i on top of the stack, `total[i]` = self of its subtree.
 *   Weights are in `unit`: 'us' (microseconds, CPU profiles) or 'bytes' (heap profiles).
 *   Preorder means totals are one reverse loop, the flame graph is nearly a copy, and nothing needs
 *   recursion (hostile profiles can be 100k frames deep).
 * - `lineTicks`: per-node, per-line self weight from V8 `positionTicks`, in CSR form: the ticks of
 *   node i are entries [start[i], start[i+1]); `line` is the 1-based generated line, `ticks` the raw
 *   V8 count, `weight` the node's self weight split by tick share; `original[k]` is filled by
 *   `mapFrames`. Nodes without positionTicks have no entries (their self sits on the function line).
 * - `samples`/`timeDeltas` (CPU only, optional): node index per sample and V8-style deltas
 *   (timeDeltas[i] = t[i] - t[i-1], timeDeltas[0] relative to startTime), for a time-ordered chart.
 *   Weight of sample i = t[i+1] - t[i]; the last sample gets endTime - t[last] (see cpuprofile importer).
 *
 * Build one with an importer (`importProfile` in ./importers), never by hand in views.
 */

export type SampleUnit = 'us' | 'bytes';

/**
 * user: the project's own code · node_modules: dependencies · node: node:internal and built-in modules
 * gc: (garbage collector) · idle: (idle) · program: (program)/(root) (V8 bookkeeping, native code
 * without a JS frame) · native: functions with no script (JSON.parse, Array.prototype.sort, …).
 */
export type FrameCategory = 'user' | 'node_modules' | 'node' | 'gc' | 'idle' | 'program' | 'native';
export const FRAME_CATEGORIES: readonly FrameCategory[] = ['user', 'node_modules', 'node', 'gc', 'idle', 'program', 'native'];

/** A position in the original source (after source maps). file is a path (or URL when not file:). 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
  /** original function name from the map's `names`, when the map has one */
  name?: string;
}

export interface Frame {
  /** function name as the profiler reported it ('' becomes '(anonymous)'); kept verbatim, may hold HTML */
  name: string;
  /** script URL as reported (file:///…, node:internal/…, '' for natives and V8 pseudo-frames) */
  url: string;
  /** 1-based line of the function start, 0 if unknown */
  line: number;
  /** 1-based column of the function start, 0 if unknown */
  col: number;
  category: FrameCategory;
  /** V8 scriptId, kept so an exported .cpuprofile links to the same script */
  scriptId: string;
  /** source-mapped location of the function, set once by `mapFrames` */
  original?: SourceLocation;
}

export interface CallTree {
  /** number of nodes; node 0 is the root */
  size: number;
  /** frame index per node */
  frame: Int32Array;
  /** parent node index, -1 for the root */
  parent: Int32Array;
  /** exclusive end of the node's subtree in preorder */
  end: Int32Array;
  /** depth from the root (root = 0) */
  depth: Int32Array;
  self: Float64Array;
  total: Float64Array;
}

export interface LineTicks {
  /** length tree.size + 1; entries of node i are [start[i], start[i+1]) */
  start: Int32Array;
  /** 1-based generated line (in the frame's url) */
  line: Int32Array;
  /** raw V8 tick count */
  ticks: Int32Array;
  /** share of the node's self weight on this line, in the profile unit */
  weight: Float64Array;
  /** source-mapped location per entry (set by mapFrames; undefined where unmapped) */
  original?: (SourceLocation | undefined)[];
}

export type ProfileKind = 'cpu' | 'heap';
export type ProfileFormat = 'cpuprofile' | 'heapprofile' | 'speedscope';

export interface Profile {
  kind: ProfileKind;
  /** format it was imported from */
  format: ProfileFormat;
  unit: SampleUnit;
  name?: string;
  frames: Frame[];
  tree: CallTree;
  lineTicks: LineTicks;
  /** µs timestamps (V8 clock) for CPU profiles; 0/0 when unknown */
  startTime: number;
  endTime: number;
  /** node index per sample (CPU, time order) */
  samples?: Int32Array;
  /** V8 convention: timeDeltas[i] = t[i] - t[i-1]; timeDeltas[0] = t[0] - startTime */
  timeDeltas?: Float64Array;
}

/** Maps a generated position to the original. col 0 means "line only" (a positionTicks line): pick the first mapping on that line. */
export type PositionMapper = (url: string, line: number, col: number) => SourceLocation | undefined;

/** Iterates the direct children of node i (preorder layout). */
export function* childrenOf(tree: CallTree, i: number): Generator<number> {
  for (let c = i + 1; c < tree.end[i]; c = tree.end[c]) yield c;
}

/** Children as an array (convenience for small trees / tests). */
export function childList(tree: CallTree, i: number): number[] {
  const out: number[] = [];
  for (let c = i + 1; c < tree.end[i]; c = tree.end[c]) out.push(c);
  return out;
}

/** Profile-wide weight, excluding (idle): the denominator of every "share". */
export function activeWeight(profile: Profile): number {
  const { tree, frames } = profile;
  let sum = 0;
  for (let i = 0; i < tree.size; i++) if (frames[tree.frame[i]].category !== 'idle') sum += tree.self[i];
  return sum;
}

/** The location views should show: the source-mapped one when present, else the generated one. */
export function frameLocation(frame: Frame): SourceLocation | undefined {
  if (frame.original) return frame.original;
  if (!frame.url) return undefined;
  return { file: urlToPath(frame.url), line: frame.line, col: frame.col };
}

/** file:///a/b%20c.js → /a/b c.js; file:///C:/x.js → C:/x.js; other URLs unchanged. Pure (no node:url). */
export function urlToPath(url: string): string {
  if (!url.startsWith('file://')) return url;
  let p = url.slice('file://'.length);
  if (p.startsWith('localhost/')) p = p.slice('localhost'.length);
  try { p = decodeURIComponent(p); } catch { /* keep undecoded */ }
  if (/^\/[A-Za-z]:\//.test(p)) p = p.slice(1);
  return p;
}

/** Category of a frame from its name and url (and original file, when source-mapped). */
export function categorize(name: string, url: string, originalFile?: string): FrameCategory {
  if (!url) {
    if (name === '(garbage collector)') return 'gc';
    if (name === '(idle)') return 'idle';
    if (name === '(program)' || name === '(root)') return 'program';
    return 'native';
  }
  if (url.startsWith('node:') || /^internal[/\\]/.test(url) || !/[/\\]/.test(url) && !url.includes(':')) return 'node';
  const where = originalFile ?? url;
  if (/[/\\]node_modules[/\\]/.test(where)) return 'node_modules';
  return 'user';
}

/** Recomputes depth/end/total from parent+self for a preorder tree (used by importers and tests). */
export function finishTree(tree: CallTree): void {
  // two functions, one loop each: V8 compiles a long loop on the spot, once per function
  initTree(tree);
  sumUpTree(tree);
}

function initTree({ size, parent, end, depth, self, total }: CallTree): void {
  for (let i = 0; i < size; i++) {
    end[i] = i + 1;
    total[i] = self[i];
    depth[i] = i === 0 ? 0 : depth[parent[i]] + 1;
  }
}

function sumUpTree({ size, parent, end, total }: CallTree): void {
  for (let i = size - 1; i > 0; i--) {
    const p = parent[i];
    total[p] += total[i];
    if (end[i] > end[p]) end[p] = end[i];
  }
}

/**
 * Duration of each sample: sample i lasts t[i+1] − t[i] (V8 deltas can be negative for
 * out-of-order ticks; those count 0); the last lasts endTime − t[last], or the mean interval when
 * endTime is before it.
 */
export function sampleDurations(samplesCount: number, timeDeltas: Float64Array, startTime: number, endTime: number): Float64Array {
  const out = new Float64Array(samplesCount);
  if (samplesCount === 0) return out;
  let t = startTime + timeDeltas[0];
  let sum = 0;
  for (let i = 0; i < samplesCount - 1; i++) {
    const d = timeDeltas[i + 1];
    out[i] = d > 0 ? d : 0;
    sum += out[i];
    t += d;
  }
  const tail = endTime - t;
  out[samplesCount - 1] = tail >= 0 ? tail : samplesCount > 1 ? sum / (samplesCount - 1) : 0;
  return out;
}
