/**
 * Keyboard navigation in a flame view: ←/→ move to the neighbouring frame on the same row,
 * ↑ to the caller, ↓ to the heaviest callee, Enter zooms to the selection, Esc resets the zoom.
 */
import { hitTest } from './flame/hit-test';
import type { RectTree } from './flame/rect-tree';

export type NavKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';

export function navigate(tree: RectTree, from: number, key: NavKey): number {
  if (from < 0 || from >= tree.count) return 0;
  switch (key) {
    case 'ArrowUp':
      return from === 0 ? 0 : tree.parent[from]!;
    case 'ArrowDown':
      return tree.kidCount[from]! > 0 ? heaviestKid(tree, from) : from;
    case 'ArrowLeft': {
      const x = tree.x0[from]!;
      const r = hitTest(tree, prevFloat(x), tree.depth[from]!);
      return r >= 0 ? r : from;
    }
    case 'ArrowRight': {
      const r = hitTest(tree, tree.x0[from]! + tree.width[from]!, tree.depth[from]!);
      return r >= 0 ? r : from;
    }
  }
}

function heaviestKid(tree: RectTree, r: number): number {
  const s = tree.kidStart[r]!;
  let best = tree.kids[s]!;
  for (let k = s + 1; k < s + tree.kidCount[r]!; k++) {
    const kid = tree.kids[k]!;
    if (tree.width[kid]! > tree.width[best]!) best = kid;
  }
  return best;
}

/** The largest double below x (so a hit test lands in the frame ending exactly at x). */
function prevFloat(x: number): number {
  if (x <= 0) return -Number.MIN_VALUE;
  const buf = new Float64Array([x]);
  const bits = new BigInt64Array(buf.buffer);
  bits[0] = bits[0]! - 1n;
  return buf[0]!;
}
