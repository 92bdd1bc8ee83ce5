import { finishTree, type CallTree, type LineTicks } from './model';
import { fail } from './errors';

/**
 * Nodes as an importer collected them, in any order: parent index (-1 = root), frame, self weight,
 * optional positionTicks. `label(i)` names node i in error messages (e.g. its V8 id).
 */
export interface RawNodes {
  count: number;
  parent: Int32Array;
  frame: Int32Array;
  self: Float64Array;
  /** positionTicks in CSR form (raw order): entries of raw node i are [start[i], start[i+1]) */
  ticks?: RawTicks;
  label: (i: number) => string;
  /** optional order of siblings (raw indices); default raw order */
  childOrder?: (a: number, b: number) => number;
}

export interface RawTicks {
  /** length count + 1 */
  start: Int32Array;
  /** 1-based line per entry */
  line: Int32Array;
  /** V8 tick count per entry */
  ticks: Int32Array;
}

export interface BuiltTree {
  tree: CallTree;
  lineTicks: LineTicks;
  /** raw index → preorder index */
  newIndex: Int32Array;
}

// Each loop below is its own small function on purpose: V8 optimizes a long-running loop on the
// spot (OSR), and a function with several such loops is recompiled once per loop (each new loop
// deoptimizes it). For a 50 MB profile that recompiling costs more CPU than the loops themselves.

/**
 * Lays raw nodes out in preorder (children keep their raw relative order). Iterative; detects
 * several roots and nodes unreachable from the root (which, with one parent each, means a cycle).
 */
export function buildTree(raw: RawNodes): BuiltTree {
  const n = raw.count;
  if (n === 0) fail('profile has no nodes');
  // the DFS stack is at most n deep; tree.depth is free until finishTree fills it
  const depth = new Int32Array(n);
  // V8 (and the heap importer) write nodes in exactly this preorder already: then no layout work
  if (!raw.childOrder && isPreorder(raw.parent, n, depth)) return alreadyInPreorder(raw, depth);
  const childCount = new Int32Array(n + 1); // [p + 1] = number of children of p
  const root = countChildren(raw, childCount);
  const { at, childList } = childLists(raw.parent, childCount);
  if (raw.childOrder) sortChildren(n, at, childList, raw.childOrder);

  const newIndex = childCount.subarray(0, n).fill(-1); // childCount is spent: reuse it
  const order = new Int32Array(n);
  const visited = preorder(root, at, childList, newIndex, order, depth);
  if (visited < n) {
    for (let i = 0; i < n; i++) if (newIndex[i] === -1) fail(`cycle in call tree at node ${raw.label(i)} (not reachable from the root)`);
  }

  const tree: CallTree = {
    size: n, frame: new Int32Array(n), parent: new Int32Array(n), end: new Int32Array(n),
    depth, self: new Float64Array(n), total: new Float64Array(n),
  };
  gather(tree, raw, order, newIndex);
  finishTree(tree);
  return { tree, lineTicks: lineTicksInPreorder(tree, order, raw.ticks), newIndex };
}

/**
 * True when raw order is the preorder the DFS below would produce: node 0 is the root and each
 * node's parent is on the path from the root to the node before it (so every subtree is contiguous
 * and siblings keep their raw order). Also rules out extra roots and cycles (a parent must come first).
 */
function isPreorder(parent: Int32Array, n: number, stack: Int32Array): boolean {
  if (parent[0] >= 0) return false;
  let sp = 0;
  stack[sp++] = 0;
  for (let i = 1; i < n; i++) {
    const p = parent[i];
    while (sp > 0 && stack[sp - 1] !== p) sp--;
    if (sp === 0) return false;
    stack[sp++] = i;
  }
  return true;
}

function alreadyInPreorder(raw: RawNodes, depth: Int32Array): BuiltTree {
  const n = raw.count;
  const tree: CallTree = {
    size: n, frame: raw.frame.slice(0, n), parent: raw.parent.slice(0, n), end: new Int32Array(n),
    depth, self: raw.self.slice(0, n), total: new Float64Array(n),
  };
  tree.parent[0] = -1;
  finishTree(tree);
  const identity = new Int32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  return { tree, lineTicks: lineTicksInPreorder(tree, identity, raw.ticks), newIndex: identity };
}

/** Children per parent into childCount[p + 1]; returns the root (exactly one). */
function countChildren(raw: RawNodes, childCount: Int32Array): number {
  const { count: n, parent } = raw;
  let root = -1;
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p < 0) {
      if (root !== -1) fail(`call tree has several roots (nodes ${raw.label(root)} and ${raw.label(i)})`);
      root = i;
    } else childCount[p + 1]++;
  }
  if (root === -1) fail(`cycle in call tree at node ${raw.label(0)} (no root)`);
  return root;
}

/**
 * CSR children lists in raw order with one index array: at[i + 1] starts as the end of i's list;
 * filling backwards leaves it at the start, so the children of i are childList[at[i + 1], at[i + 2]).
 */
function childLists(parent: Int32Array, childCount: Int32Array): { at: Int32Array; childList: Int32Array } {
  const n = childCount.length - 1;
  const at = new Int32Array(n + 2);
  for (let i = 0; i < n; i++) at[i + 1] = at[i] + childCount[i + 1];
  at[n + 1] = at[n];
  const childList = new Int32Array(Math.max(0, n - 1));
  fillChildren(parent, at, childList);
  return { at, childList };
}

function fillChildren(parent: Int32Array, at: Int32Array, childList: Int32Array): void {
  for (let i = at.length - 3; i >= 0; i--) { const p = parent[i]; if (p >= 0) childList[--at[p + 1]] = i; }
}

function sortChildren(n: number, at: Int32Array, childList: Int32Array, order: (a: number, b: number) => number): void {
  for (let i = 0; i < n; i++) if (at[i + 2] - at[i + 1] > 1) childList.subarray(at[i + 1], at[i + 2]).sort(order);
}

/** Iterative DFS from the root; returns how many nodes it reached. */
function preorder(root: number, at: Int32Array, childList: Int32Array, newIndex: Int32Array, order: Int32Array, stack: Int32Array): number {
  let visited = 0, sp = 0;
  stack[sp++] = root;
  while (sp > 0) {
    const i = stack[--sp];
    newIndex[i] = visited;
    order[visited++] = i;
    for (let k = at[i + 2] - 1; k >= at[i + 1]; k--) stack[sp++] = childList[k];
  }
  return visited;
}

function gather(tree: CallTree, raw: RawNodes, order: Int32Array, newIndex: Int32Array): void {
  const { frame, parent, self } = raw;
  for (let k = 0; k < tree.size; k++) {
    const i = order[k];
    tree.frame[k] = frame[i];
    tree.parent[k] = parent[i] < 0 ? -1 : newIndex[parent[i]];
    tree.self[k] = self[i];
  }
}

/** lineTicks in preorder from raw-order CSR ticks: each node's self weight split by tick share. */
function lineTicksInPreorder(tree: CallTree, order: Int32Array, raw: RawTicks | undefined): LineTicks {
  const n = tree.size;
  const entries = raw ? raw.start[n] : 0;
  const lineTicks: LineTicks = {
    start: new Int32Array(n + 1), line: new Int32Array(entries), ticks: new Int32Array(entries), weight: new Float64Array(entries),
  };
  if (raw) fillLineTicks(lineTicks, tree.self, order, raw);
  return lineTicks;
}

function fillLineTicks(out: LineTicks, self: Float64Array, order: Int32Array, raw: RawTicks): void {
  const n = order.length;
  let e = 0;
  for (let k = 0; k < n; k++) {
    out.start[k] = e;
    const from = raw.start[order[k]], to = raw.start[order[k] + 1];
    if (from === to) continue;
    let sum = 0;
    for (let j = from; j < to; j++) sum += raw.ticks[j];
    const w = self[k];
    for (let j = from; j < to; j++) {
      out.line[e] = raw.line[j];
      out.ticks[e] = raw.ticks[j];
      out.weight[e] = sum > 0 ? (w * raw.ticks[j]) / sum : 0;
      e++;
    }
  }
  out.start[n] = e;
}
