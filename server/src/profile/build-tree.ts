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
  /** per raw node: flat [line, ticks, line, ticks, …] or undefined */
  ticks?: (number[] | undefined)[];
  label: (i: number) => string;
  /** optional order of siblings (raw indices); default raw order */
  childOrder?: (a: number, b: number) => number;
}

export interface BuiltTree {
  tree: CallTree;
  lineTicks: LineTicks;
  /** raw index → preorder index */
  newIndex: Int32Array;
}

/**
 * Lays raw nodes out in preorder (children keep their raw relative order). Iterative; detects
 * several roots and nodes unreachable from the root (which, with one parent each, means a cycle).
 */
export function buildTree(raw: RawNodes): BuiltTree {
  const n = raw.count;
  if (n === 0) fail('profile has no nodes');
  let root = -1;
  const childCount = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const p = raw.parent[i];
    if (p < 0) {
      if (root !== -1) fail(`call tree has several roots (nodes ${raw.label(root)} and ${raw.label(i)})`);
      root = i;
    } else childCount[p + 1]++;
  }
  if (root === -1) fail(`cycle in call tree at node ${raw.label(0)} (no root)`);
  // CSR children lists in raw order
  const childStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) childStart[i + 1] = childStart[i] + childCount[i + 1];
  const fill = childStart.slice(0, n);
  const childList = new Int32Array(Math.max(0, n - 1));
  for (let i = 0; i < n; i++) { const p = raw.parent[i]; if (p >= 0) childList[fill[p]++] = i; }
  if (raw.childOrder) {
    for (let i = 0; i < n; i++) {
      if (childStart[i + 1] - childStart[i] > 1) childList.subarray(childStart[i], childStart[i + 1]).sort(raw.childOrder);
    }
  }

  const newIndex = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  let visited = 0;
  const stack = new Int32Array(n);
  let sp = 0;
  stack[sp++] = root;
  while (sp > 0) {
    const i = stack[--sp];
    newIndex[i] = visited;
    order[visited++] = i;
    for (let k = childStart[i + 1] - 1; k >= childStart[i]; k--) stack[sp++] = childList[k];
  }
  if (visited < n) {
    for (let i = 0; i < n; i++) if (newIndex[i] === -1) fail(`cycle in call tree at node ${raw.label(i)} (not reachable from the root)`);
  }

  const tree: CallTree = {
    size: n, frame: new Int32Array(n), parent: new Int32Array(n), end: new Int32Array(n),
    depth: new Int32Array(n), self: new Float64Array(n), total: new Float64Array(n),
  };
  let tickEntries = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    tree.frame[k] = raw.frame[i];
    tree.parent[k] = raw.parent[i] < 0 ? -1 : newIndex[raw.parent[i]];
    tree.self[k] = raw.self[i];
    const t = raw.ticks?.[i];
    if (t) tickEntries += t.length >> 1;
  }
  finishTree(tree);
  const lineTicks: LineTicks = {
    start: new Int32Array(n + 1), line: new Int32Array(tickEntries), ticks: new Int32Array(tickEntries), weight: new Float64Array(tickEntries),
  };
  let e = 0;
  for (let k = 0; k < n; k++) {
    lineTicks.start[k] = e;
    const t = raw.ticks?.[order[k]];
    if (!t) continue;
    let sum = 0;
    for (let j = 1; j < t.length; j += 2) sum += t[j];
    const self = tree.self[k];
    for (let j = 0; j < t.length; j += 2) {
      lineTicks.line[e] = t[j];
      lineTicks.ticks[e] = t[j + 1];
      lineTicks.weight[e] = sum > 0 ? (self * t[j + 1]) / sum : 0;
      e++;
    }
  }
  lineTicks.start[n] = e;
  return { tree, lineTicks, newIndex };
}
