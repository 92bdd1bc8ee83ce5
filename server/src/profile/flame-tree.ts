/**
 * Compact flame-graph tree, built on the server/extension side and posted to the webview.
 *
 * Layout (column arrays, nodes in PREORDER, node 0 = root):
 *   strings   string[]      string table: function names and file paths (each distinct string once)
 *   name[i]   Int32Array    index into strings (names are verbatim profile data: render as TEXT)
 *   file[i]   Int32Array    index into strings, -1 = no file (natives, GC, idle, program)
 *   line[i]   Int32Array    1-based line of the function (source-mapped when available), 0 = unknown
 *   category[i] Uint8Array  index into FRAME_CATEGORIES (user, node_modules, node, gc, idle, program, native)
 *   parent[i] Int32Array    parent index, -1 for the root; parent[i] < i always
 *   end[i]    Int32Array    exclusive end of i's subtree: descendants of i are i+1 … end[i]-1;
 *                           children of i: c = i+1; while (c < end[i]) { …; c = end[c]; }
 *   depth[i]  Int32Array    root = 0
 *   self[i], total[i] Float64Array  weights in `unit` ('us' or 'bytes'); total[i] = self of the subtree
 *   maxDepth  number
 * Siblings are ordered by `sortChildren` (default: heaviest first, as a left-heavy flame graph).
 * x-layout of a node = sum of total of its previous siblings + x of its parent: one preorder pass.
 *
 * Posting: `postMessage(tree)` (structured clone copies typed arrays cheaply; VS Code ≥ 1.57
 * transfers ArrayBuffers to webviews) or `flameTreeToPlain(tree)` for JSON-only channels, and
 * `flameTreeFromPlain(plain)` on the other side (validates lengths and parent order).
 *
 * Options: mergeBy 'function' merges siblings that are the same function (same name+file+line,
 * e.g. after source mapping or filtering); 'none' keeps V8's nodes. filter.categories keeps only
 * frames of those categories ("only my code" = ['user']): a removed frame's children move up to
 * the nearest kept ancestor and its self weight goes to that ancestor.
 */
import { FRAME_CATEGORIES, urlToPath, type FrameCategory, type Profile, type SampleUnit } from './model';
import { buildTree } from './build-tree';

export interface FlameTree {
  unit: SampleUnit;
  count: number;
  strings: string[];
  name: Int32Array;
  file: Int32Array;
  line: Int32Array;
  category: Uint8Array;
  parent: Int32Array;
  end: Int32Array;
  depth: Int32Array;
  self: Float64Array;
  total: Float64Array;
  maxDepth: number;
}

export interface FlameTreeOptions {
  mergeBy?: 'function' | 'none';
  filter?: { categories?: readonly FrameCategory[] };
  /** default 'total' (heaviest first) */
  sortChildren?: 'total' | 'name' | 'none';
  /** use source-mapped locations (default true) */
  original?: boolean;
}

export function toFlameTree(profile: Profile, opts: FlameTreeOptions = {}): FlameTree {
  const { tree, frames } = profile;
  const useOriginal = opts.original ?? true;
  const keepCategories = opts.filter?.categories ? new Set(opts.filter.categories) : undefined;
  const mergeByFunction = (opts.mergeBy ?? 'function') === 'function';

  // string table and per-frame display columns + function key
  const strings: string[] = [];
  const stringIds = new Map<string, number>();
  const str = (s: string): number => {
    let id = stringIds.get(s);
    if (id === undefined) { id = strings.length; strings.push(s); stringIds.set(s, id); }
    return id;
  };
  const F = frames.length;
  const fName = new Int32Array(F), fFile = new Int32Array(F), fLine = new Int32Array(F), fCat = new Uint8Array(F), fKey = new Int32Array(F);
  const keys = new Map<string, number>();
  for (let f = 0; f < F; f++) {
    const fr = frames[f];
    const loc = useOriginal && fr.original ? fr.original : fr.url ? { file: urlToPath(fr.url), line: fr.line } : undefined;
    fName[f] = str(fr.name);
    fFile[f] = loc ? str(loc.file) : -1;
    fLine[f] = loc ? loc.line : 0;
    fCat[f] = FRAME_CATEGORIES.indexOf(fr.category);
    const key = `${fName[f]}:${fFile[f]}:${fLine[f]}`;
    let k = keys.get(key);
    if (k === undefined) { k = keys.size; keys.set(key, k); }
    fKey[f] = k;
  }

  // map every profile node onto a (possibly merged) output node; parents are created first
  const outOf = new Int32Array(tree.size);
  const outParent: number[] = [-1];
  const outFrame: number[] = [tree.frame[0]];
  const outSelf: number[] = [tree.self[0]];
  const kids = new Map<number, number>();
  const stride = mergeByFunction ? keys.size + 1 : tree.size + 1;
  for (let i = 1; i < tree.size; i++) {
    const f = tree.frame[i];
    const up = outOf[tree.parent[i]];
    if (keepCategories && !keepCategories.has(frames[f].category)) {
      outOf[i] = up;
      outSelf[up] += tree.self[i];
      continue;
    }
    const k = up * stride + (mergeByFunction ? fKey[f] : i);
    let o = kids.get(k);
    if (o === undefined) {
      o = outParent.length;
      outParent.push(up); outFrame.push(f); outSelf.push(0);
      kids.set(k, o);
    }
    outOf[i] = o;
    outSelf[o] += tree.self[i];
  }
  const n = outParent.length;
  const rawTotal = Float64Array.from(outSelf);
  for (let o = n - 1; o > 0; o--) rawTotal[outParent[o]] += rawTotal[o];
  const sort = opts.sortChildren ?? 'total';
  const childOrder = sort === 'total' ? (a: number, b: number) => rawTotal[b] - rawTotal[a] || a - b
    : sort === 'name' ? (a: number, b: number) => cmp(strings[fName[outFrame[a]]], strings[fName[outFrame[b]]]) || a - b
    : undefined;
  const built = buildTree({
    count: n, parent: Int32Array.from(outParent), frame: Int32Array.from(outFrame), self: Float64Array.from(outSelf),
    label: (o) => `#${o}`, childOrder,
  });
  const t = built.tree;
  const name = new Int32Array(n), file = new Int32Array(n), line = new Int32Array(n), category = new Uint8Array(n);
  let maxDepth = 0;
  for (let o = 0; o < n; o++) {
    const f = t.frame[o];
    name[o] = fName[f]; file[o] = fFile[f]; line[o] = fLine[f]; category[o] = fCat[f];
    if (t.depth[o] > maxDepth) maxDepth = t.depth[o];
  }
  return { unit: profile.unit, count: n, strings, name, file, line, category, parent: t.parent, end: t.end, depth: t.depth, self: t.self, total: t.total, maxDepth };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface PlainFlameTree {
  unit: SampleUnit;
  strings: string[];
  name: number[]; file: number[]; line: number[]; category: number[]; parent: number[]; self: number[];
}

/** JSON-safe form: only the columns that cannot be recomputed. */
export function flameTreeToPlain(t: FlameTree): PlainFlameTree {
  return {
    unit: t.unit, strings: t.strings, name: Array.from(t.name), file: Array.from(t.file), line: Array.from(t.line),
    category: Array.from(t.category), parent: Array.from(t.parent), self: Array.from(t.self),
  };
}

/** Rebuilds end/depth/total from a plain tree; throws Error if it is not a preorder tree. */
export function flameTreeFromPlain(p: PlainFlameTree): FlameTree {
  const n = p.parent.length;
  for (const col of [p.name, p.file, p.line, p.category, p.self]) if (col.length !== n) throw new Error('flame tree columns differ in length');
  if (n === 0 || p.parent[0] !== -1) throw new Error('flame tree has no root');
  const parent = Int32Array.from(p.parent);
  // preorder: each node's parent is on the current root path
  const path: number[] = [0];
  for (let i = 1; i < n; i++) {
    while (path.length && path[path.length - 1] !== parent[i]) path.pop();
    if (!path.length) throw new Error(`flame tree node ${i} is not in preorder`);
    path.push(i);
  }
  const end = new Int32Array(n), depth = new Int32Array(n), total = Float64Array.from(p.self);
  let maxDepth = 0;
  for (let i = 0; i < n; i++) {
    end[i] = i + 1;
    depth[i] = i === 0 ? 0 : depth[parent[i]] + 1;
    if (depth[i] > maxDepth) maxDepth = depth[i];
  }
  for (let i = n - 1; i > 0; i--) {
    total[parent[i]] += total[i];
    if (end[i] > end[parent[i]]) end[parent[i]] = end[i];
  }
  return {
    unit: p.unit, count: n, strings: p.strings, name: Int32Array.from(p.name), file: Int32Array.from(p.file), line: Int32Array.from(p.line),
    category: Uint8Array.from(p.category), parent, end, depth, self: Float64Array.from(p.self), total, maxDepth,
  };
}
