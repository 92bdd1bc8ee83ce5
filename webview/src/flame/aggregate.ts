/**
 * Left-heavy aggregated flame graph: sibling frames with the same function are merged, children are
 * ordered heaviest first. With `entryFrame` set it builds the callee half of a sandwich instead: every
 * outermost call of that function is merged into one root.
 */
import { RectTreeBuilder, type RectTree } from './rect-tree';
import { COLLAPSE, KEEP } from './filter';
import { PairMap } from '../../../server/src/report/pair-map';
import type { ProfileData } from './profile-data';

export function buildFlameGraph(p: ProfileData, modes: Uint8Array): RectTree {
  if (p.leftHeavy && modes.every((m) => m === KEEP)) {
    const direct = leftHeavyTree(p);
    if (direct) return direct;
  }
  return aggregate(p, modes, -1);
}

/**
 * The unfiltered flame graph of a tree the host already merged and ordered heaviest first: one rect
 * per node, laid out in linear passes over typed arrays (no hashing, no sorting) so the first frame
 * of a 200k-node profile is not waiting on layout. Returns null when the order does not hold (then
 * the general aggregation runs), so a wrong `leftHeavy` flag costs time, never correctness.
 */
export function leftHeavyTree(p: ProfileData): RectTree | null {
  const n = p.nodeParent.length;
  const parent = p.nodeParent;
  const frame = p.nodeFrame;
  const self = p.nodeSelf;
  // RectTree columns are read-only for the views, so the node columns are shared, not copied
  const width = Float64Array.from(self);
  for (let i = n - 1; i > 0; i--) width[parent[i]!] += width[i]!;
  const depth = new Int32Array(n);
  const kidCount = new Int32Array(n);
  const lastKid = new Int32Array(n); // 0 = none yet (the root is nobody's child)
  const x0 = new Float64Array(n);
  const nextX = new Float64Array(n);
  let maxDepth = 0;
  for (let i = 1; i < n; i++) {
    const up = parent[i]!;
    const d = depth[up]! + 1;
    depth[i] = d;
    if (d > maxDepth) maxDepth = d;
    const prev = lastKid[up]!;
    // siblings must come heaviest first, distinct frames breaking ties in ascending order
    if (prev > 0 && !(width[prev]! > width[i]! || (width[prev] === width[i] && frame[prev]! < frame[i]!))) return null;
    lastKid[up] = i;
    kidCount[up]++;
    x0[i] = nextX[up]!;
    nextX[up] += width[i]!;
    nextX[i] = x0[i]!;
  }
  const kidStart = new Int32Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) { kidStart[i] = acc; acc += kidCount[i]!; }
  // preorder lists each parent's children in order: fill by a running cursor per parent
  const kids = new Int32Array(Math.max(0, n - 1));
  const cursor = lastKid; // reused: lastKid is no longer needed
  cursor.set(kidStart);
  for (let i = 1; i < n; i++) kids[cursor[parent[i]!]!++] = i;
  return { count: n, frame, parent, depth, x0, width, self, kidStart, kidCount, kids, maxDepth };
}

export function buildCallees(p: ProfileData, modes: Uint8Array, frame: number): RectTree {
  return aggregate(p, modes, frame);
}

function aggregate(p: ProfileData, modes: Uint8Array, entryFrame: number): RectTree {
  const n = p.nodeParent.length;
  const b = new RectTreeBuilder(Math.min(n, 1 << 20));
  const map = new Int32Array(n);
  const index = new PairMap(Math.min(n, 1 << 20));
  b.add(entryFrame, -1);
  map[0] = entryFrame < 0 ? 0 : -1;
  for (let i = 1; i < n; i++) {
    const frame = p.nodeFrame[i]!;
    const mode = modes[frame]!;
    const up = map[p.nodeParent[i]!]!;
    if (up < 0) {
      // outside the callee subtrees: only an outermost call of the entry function starts one
      if (entryFrame >= 0 && frame === entryFrame && mode === KEEP) {
        map[i] = 0;
        b.weight[0] += p.nodeSelf[i]!;
      } else {
        map[i] = -1;
      }
      continue;
    }
    if (mode === COLLAPSE) {
      map[i] = up;
      b.weight[up] += p.nodeSelf[i]!;
      continue;
    }
    if (mode !== KEEP) { map[i] = -1; continue; }
    let m = index.get(up, frame);
    if (m < 0) {
      m = b.add(frame, up);
      index.set(up, frame, m);
    }
    map[i] = m;
    b.weight[m] += p.nodeSelf[i]!;
  }
  return b.finish(true);
}
