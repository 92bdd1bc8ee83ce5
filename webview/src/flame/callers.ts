/**
 * The caller half of a sandwich: the selected function at the root, who called it one row further
 * out, and so on. Each outermost call contributes its total once, so shares never exceed 100 %.
 */
import { RectTreeBuilder, type RectTree } from './rect-tree';
import { PairMap } from '../../../server/src/report/pair-map';
import type { ProfileData } from './profile-data';

/** Inclusive weight of every source node after the filter (dropped subtrees weigh nothing). */
export function filteredTotals(p: ProfileData, vis: Int32Array): Float64Array {
  const n = p.nodeParent.length;
  const total = new Float64Array(n);
  for (let i = 0; i < n; i++) total[i] = vis[i]! < 0 ? 0 : p.nodeSelf[i]!;
  for (let i = n - 1; i > 0; i--) total[p.nodeParent[i]!] += total[i]!;
  return total;
}

export function buildCallers(p: ProfileData, vis: Int32Array, totals: Float64Array, frame: number): RectTree {
  const n = p.nodeParent.length;
  const b = new RectTreeBuilder(256);
  const index = new PairMap(256);
  b.add(frame, -1);
  // depth of the innermost open call of `frame` on the current path, to find outermost calls in one pass
  const inside = new Uint8Array(n);
  for (let i = 1; i < n; i++) {
    const parent = p.nodeParent[i]!;
    const isCall = vis[i] === i && p.nodeFrame[i] === frame;
    inside[i] = inside[parent]! || (isCall ? 1 : 0);
    if (!isCall || inside[parent]) continue;
    const w = totals[i]!;
    if (w <= 0) continue;
    b.weight[0] += w;
    let at = 0;
    for (let a = vis[parent]!; a > 0; a = vis[p.nodeParent[a]!]!) {
      const f = p.nodeFrame[a]!;
      let m = index.get(at, f);
      if (m < 0) { m = b.add(f, at); index.set(at, f, m); }
      b.weight[m] += w;
      at = m;
    }
  }
  return b.finish(false);
}
