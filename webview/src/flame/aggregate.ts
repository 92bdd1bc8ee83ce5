/**
 * Left-heavy aggregated flame graph: sibling frames with the same function are merged, children are
 * ordered heaviest first. With `entryFrame` set it builds the callee half of a sandwich instead: every
 * outermost call of that function is merged into one root.
 */
import { RectTreeBuilder, type RectTree } from './rect-tree';
import { COLLAPSE, KEEP } from './filter';
import { PairMap } from './pair-map';
import type { ProfileData } from './profile-data';

export function buildFlameGraph(p: ProfileData, modes: Uint8Array): RectTree {
  return aggregate(p, modes, -1);
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
