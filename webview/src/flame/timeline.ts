/**
 * Flame chart (time order): consecutive samples that share a stack prefix become one span per
 * frame. Spans are created parent-first and in time order, so each row is sorted by x for free.
 * Samples that fall under a dropped frame (idle, GC with the filter on) leave a gap in time.
 */
import { RectTreeBuilder, type RectTree } from './rect-tree';
import type { ProfileData } from './profile-data';

export function hasTimeline(p: ProfileData): boolean {
  // sampleCount first: reading `samples` of a packed profile decodes them
  return p.sampleCount !== undefined ? p.sampleCount > 0 : !!p.samples && p.samples.length > 0;
}

export function buildTimeline(p: ProfileData, vis: Int32Array): RectTree {
  const samples = p.samples;
  const weights = p.sampleWeights;
  if (!samples || !weights) throw new Error('this profile has no samples in time order');
  const n = p.nodeParent.length;
  const b = new RectTreeBuilder(Math.max(1024, samples.length), true);
  const x0 = () => b.x0!;
  const stackDepth = new Int32Array(n).fill(-1); // depth of a source node on the open stack
  const openNode: number[] = [0];
  const openSpan: number[] = [0];
  b.add(-1, -1);
  x0()[0] = 0;
  stackDepth[0] = 0;
  let t = 0;
  const closeTo = (depth: number) => {
    while (openNode.length - 1 > depth) {
      const span = openSpan.pop()!;
      stackDepth[openNode.pop()!] = -1;
      b.weight[span] = t - x0()[span]!;
    }
  };
  const path: number[] = [];
  for (let s = 0; s < samples.length; s++) {
    const w = weights[s]!;
    const v = vis[samples[s]!]!;
    if (v < 0) { closeTo(0); t += w; continue; }
    path.length = 0;
    let x = v;
    while (stackDepth[x]! < 0) { path.push(x); x = vis[p.nodeParent[x]!]!; }
    closeTo(stackDepth[x]!);
    for (let k = path.length - 1; k >= 0; k--) {
      const node = path[k]!;
      const span = b.add(p.nodeFrame[node]!, openSpan[openSpan.length - 1]!);
      x0()[span] = t;
      stackDepth[node] = openNode.length;
      openNode.push(node);
      openSpan.push(span);
    }
    t += w;
  }
  closeTo(0);
  b.weight[0] = t;
  return b.finish(false);
}
