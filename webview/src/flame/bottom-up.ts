/**
 * Bottom-up table rows: one per function, with its self weight and its total (each call stack counted
 * once, so recursion does not inflate it).
 */
import type { RectTree } from './rect-tree';

export interface FunctionRow {
  frame: number;
  self: number;
  total: number;
}

export function functionRows(tree: RectTree, frameCount: number): FunctionRow[] {
  const self = new Float64Array(frameCount);
  const total = new Float64Array(frameCount);
  const seen = new Uint8Array(frameCount);
  const onPath = new Int32Array(frameCount);
  // iterative DFS with enter/exit so "is this frame already on the path" is a counter lookup
  const stack: number[] = [0];
  const exiting: boolean[] = [false];
  while (stack.length) {
    const r = stack.pop()!;
    const exit = exiting.pop()!;
    const f = tree.frame[r]!;
    if (exit) { if (f >= 0) onPath[f]--; continue; }
    if (f >= 0) {
      seen[f] = 1;
      self[f] += tree.self[r]!;
      if (onPath[f] === 0) total[f] += tree.width[r]!;
      onPath[f]++;
    }
    stack.push(r); exiting.push(true);
    const s = tree.kidStart[r]!;
    for (let k = s + tree.kidCount[r]! - 1; k >= s; k--) { stack.push(tree.kids[k]!); exiting.push(false); }
  }
  const rows: FunctionRow[] = [];
  for (let f = 0; f < frameCount; f++) if (seen[f] && total[f]! > 0) rows.push({ frame: f, self: self[f]!, total: total[f]! });
  return rows;
}

export type SortKey = 'self' | 'total' | 'name' | 'location';

export function sortRows(rows: FunctionRow[], key: SortKey, descending: boolean, label: (frame: number) => string): FunctionRow[] {
  const dir = descending ? -1 : 1;
  const cmp = key === 'self' ? (a: FunctionRow, b: FunctionRow) => a.self - b.self
    : key === 'total' ? (a: FunctionRow, b: FunctionRow) => a.total - b.total
      : (a: FunctionRow, b: FunctionRow) => label(a.frame).localeCompare(label(b.frame));
  return rows.slice().sort((a, b) => dir * cmp(a, b) || a.frame - b.frame);
}
