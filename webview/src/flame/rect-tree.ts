/**
 * The laid-out tree every view draws: one rectangle per (merged) node with an x offset and width in
 * weight units (µs, bytes or samples) and a depth row. Children are stored contiguously and sorted by
 * x, so drawing can skip whole subtrees and hit-testing is a binary search per row.
 */
export interface RectTree {
  count: number;
  /** frame index per rect; -1 for a synthetic root ("all") */
  frame: Int32Array;
  parent: Int32Array;
  depth: Int32Array;
  x0: Float64Array;
  width: Float64Array;
  self: Float64Array;
  /** children of r are kids[kidStart[r] .. kidStart[r] + kidCount[r]), ordered by x0 */
  kidStart: Int32Array;
  kidCount: Int32Array;
  kids: Int32Array;
  maxDepth: number;
}

/** Collects rects whose parent index is always lower than their own (creation in preorder). */
export class RectTreeBuilder {
  private cap: number;
  count = 0;
  frame: Int32Array;
  parent: Int32Array;
  weight: Float64Array;
  x0: Float64Array | null;

  constructor(initialCapacity = 1024, withX0 = false) {
    this.cap = Math.max(16, initialCapacity);
    this.frame = new Int32Array(this.cap);
    this.parent = new Int32Array(this.cap);
    this.weight = new Float64Array(this.cap);
    this.x0 = withX0 ? new Float64Array(this.cap) : null;
  }

  add(frame: number, parent: number): number {
    if (this.count === this.cap) this.grow();
    const i = this.count++;
    this.frame[i] = frame;
    this.parent[i] = parent;
    this.weight[i] = 0;
    return i;
  }

  private grow(): void {
    this.cap *= 2;
    const f = new Int32Array(this.cap); f.set(this.frame); this.frame = f;
    const p = new Int32Array(this.cap); p.set(this.parent); this.parent = p;
    const w = new Float64Array(this.cap); w.set(this.weight); this.weight = w;
    if (this.x0) { const x = new Float64Array(this.cap); x.set(this.x0); this.x0 = x; }
  }

  /**
   * `weight` holds each rect's own (self) weight when `weightIsSelf`, else its total. Children are sorted
   * heaviest-first (left-heavy) unless the builder carries explicit x0 (time order), then kept in creation order.
   */
  finish(weightIsSelf: boolean): RectTree {
    const n = this.count;
    const frame = this.frame.slice(0, n);
    const parent = this.parent.slice(0, n);
    const width = new Float64Array(n);
    const self = new Float64Array(n);
    if (weightIsSelf) {
      for (let i = 0; i < n; i++) self[i] = this.weight[i]!;
      width.set(self);
      for (let i = n - 1; i > 0; i--) width[parent[i]!] += width[i]!;
    } else {
      for (let i = 0; i < n; i++) width[i] = this.weight[i]!;
      self.set(width);
      for (let i = 1; i < n; i++) self[parent[i]!] -= width[i]!;
      for (let i = 0; i < n; i++) if (self[i]! < 0) self[i] = 0;
    }
    const depth = new Int32Array(n);
    let maxDepth = 0;
    for (let i = 1; i < n; i++) {
      const d = depth[parent[i]!]! + 1;
      depth[i] = d;
      if (d > maxDepth) maxDepth = d;
    }
    const kidCount = new Int32Array(n);
    for (let i = 1; i < n; i++) kidCount[parent[i]!]++;
    const kidStart = new Int32Array(n);
    let acc = 0;
    for (let i = 0; i < n; i++) { kidStart[i] = acc; acc += kidCount[i]!; }
    const kids = new Int32Array(Math.max(0, n - 1));
    const fill = new Int32Array(n);
    for (let i = 1; i < n; i++) { const p = parent[i]!; kids[kidStart[p]! + fill[p]!++] = i; }

    let x0: Float64Array;
    if (this.x0) {
      x0 = this.x0.slice(0, n);
    } else {
      x0 = new Float64Array(n);
      for (let p = 0; p < n; p++) {
        const c = kidCount[p]!;
        if (c === 0) continue;
        const s = kidStart[p]!;
        if (c > 1) sortKids(kids, s, s + c, width, frame);
        let x = x0[p]!;
        for (let k = s; k < s + c; k++) { const kid = kids[k]!; x0[kid] = x; x += width[kid]!; }
      }
    }
    return { count: n, frame, parent, depth, x0, width, self, kidStart, kidCount, kids, maxDepth };
  }
}

/** Heaviest first (ties by frame, for a stable layout); insertion sort for the usual short runs. */
function sortKids(kids: Int32Array, start: number, end: number, width: Float64Array, frame: Int32Array): void {
  if (end - start > 24) {
    const slice = Array.from(kids.subarray(start, end));
    slice.sort((a, b) => width[b]! - width[a]! || frame[a]! - frame[b]!);
    kids.set(slice, start);
    return;
  }
  for (let i = start + 1; i < end; i++) {
    const k = kids[i]!;
    const w = width[k]!;
    const f = frame[k]!;
    let j = i - 1;
    while (j >= start) {
      const o = kids[j]!;
      const ow = width[o]!;
      if (ow > w || (ow === w && frame[o]! <= f)) break;
      kids[j + 1] = o;
      j--;
    }
    kids[j + 1] = k;
  }
}

/** Path of rects from the root down to `r` (inclusive). */
export function pathTo(tree: RectTree, r: number): number[] {
  const path: number[] = [];
  for (let x = r; x >= 0; x = x === 0 ? -1 : tree.parent[x]!) path.push(x);
  return path.reverse();
}

/** The child of `r` whose frame is `frame`, or -1. */
export function childWithFrame(tree: RectTree, r: number, frame: number): number {
  const s = tree.kidStart[r]!;
  const e = s + tree.kidCount[r]!;
  for (let k = s; k < e; k++) if (tree.frame[tree.kids[k]!] === frame) return tree.kids[k]!;
  return -1;
}

/** Follows a path of frames from the root as far as it exists; returns the deepest rect reached. */
export function followFramePath(tree: RectTree, frames: readonly number[]): number {
  let r = 0;
  for (const f of frames) {
    const next = childWithFrame(tree, r, f);
    if (next < 0) break;
    r = next;
  }
  return r;
}

export function framePath(tree: RectTree, r: number): number[] {
  return pathTo(tree, r).slice(1).map((x) => tree.frame[x]!);
}
