/**
 * Which rect is under a point: walk down from the root, at each row binary-searching the children
 * (sorted by x) for the one containing x. O(depth · log children), independent of profile size.
 */
import type { RectTree } from './rect-tree';

/** `x` in weight units, `depth` the row; returns the rect or -1. */
export function hitTest(tree: RectTree, x: number, depth: number): number {
  if (depth < 0 || depth > tree.maxDepth) return -1;
  let r = 0;
  if (x < tree.x0[0]! || x >= tree.x0[0]! + tree.width[0]!) return -1;
  for (let d = 0; d < depth; d++) {
    const s = tree.kidStart[r]!;
    let lo = s;
    let hi = s + tree.kidCount[r]! - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const kid = tree.kids[mid]!;
      const k0 = tree.x0[kid]!;
      if (x < k0) hi = mid - 1;
      else if (x >= k0 + tree.width[kid]!) lo = mid + 1;
      else { found = kid; break; }
    }
    if (found < 0) return -1;
    r = found;
  }
  return r;
}
