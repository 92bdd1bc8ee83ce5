import { frameLocation, type FrameCategory, type SourceLocation } from './model';
import { normalizePath, type HotspotTable } from './hotspots';

/**
 * The functions a hot line spends its time in: for each asked (file, line), the callees whose call
 * line (as the hotspot table attributes it) is that line, ranked by total weight. This is what a
 * hover on a hot line shows under "calls": a line that is hot because of `JSON.parse` or a helper
 * names them, instead of leaving the user to search the flame graph.
 *
 * Recursion is counted once: a callee under itself through the same line adds nothing more.
 */
export interface LineCallee {
  name: string;
  /** displayed (source-mapped) location of the callee; '' for natives and V8 pseudo-frames */
  file: string;
  line: number;
  category: FrameCategory;
  total: number;
  totalMs: number;
  /** total / activeWeight */
  share: number;
}

export interface LineRef { file: string; line: number }

export const lineKey = (file: string, line: number): string => `${normalizePath(file)}:${line}`;

/** Top `limit` callees per asked line, keyed by `lineKey(file, line)`; lines with no callee are absent. */
export function calleesOfLines(table: HotspotTable, targets: readonly LineRef[], limit = 3): Map<string, LineCallee[]> {
  const ix = table.index;
  const wanted = new Set(targets.map((t) => lineKey(t.file, t.line)));
  const isTarget = new Uint8Array(ix.lineFile.length);
  for (let l = 0; l < ix.lineFile.length; l++) if (wanted.has(lineKey(ix.lineFile[l]!, ix.lineNo[l]!))) isTarget[l] = 1;

  const { tree, frames } = ix.profile;
  // one callee per displayed function (name + source-mapped location), whatever frames it has
  const calleeIds = new Map<string, number>();
  const callees: { frame: number; loc: Pick<SourceLocation, 'file' | 'line'> }[] = [];
  const frameCallee = new Int32Array(frames.length).fill(-1);
  const calleeOf = (frame: number): number => {
    let id = frameCallee[frame]!;
    if (id >= 0) return id;
    const fr = frames[frame]!;
    const at = frameLocation(fr);
    const loc = { file: at ? normalizePath(at.file) : '', line: at?.line ?? fr.line };
    const key = `${fr.name}\u0000${loc.file}\u0000${loc.line}`;
    id = calleeIds.get(key) ?? -1;
    if (id < 0) { id = callees.length; calleeIds.set(key, id); callees.push({ frame, loc }); }
    frameCallee[frame] = id;
    return id;
  };

  // (line id, callee id) → weight, with an on-stack count so recursion through the line counts once
  const weight = new Map<number, number>();
  const onStack = new Map<number, number>();
  const open: number[] = [];
  const openPair: number[] = [];
  const PAIR = 2 ** 26;
  for (let i = 1; i < tree.size; i++) {
    while (open.length > 0 && tree.end[open[open.length - 1]!]! <= i) {
      open.pop();
      const pair = openPair.pop()!;
      if (pair >= 0) onStack.set(pair, onStack.get(pair)! - 1);
    }
    const cl = ix.callLine[i]!;
    let pair = -1;
    if (cl >= 0 && isTarget[cl]) {
      pair = cl * PAIR + calleeOf(tree.frame[i]!);
      const depth = onStack.get(pair) ?? 0;
      if (depth === 0) weight.set(pair, (weight.get(pair) ?? 0) + tree.total[i]!);
      onStack.set(pair, depth + 1);
    }
    open.push(i);
    openPair.push(pair);
  }

  const ms = table.unit === 'us' ? 1 / 1000 : 0;
  const byLine = new Map<string, LineCallee[]>();
  for (const [pair, total] of weight) {
    const l = Math.floor(pair / PAIR);
    const { frame, loc } = callees[pair % PAIR]!;
    const fr = frames[frame]!;
    const key = lineKey(ix.lineFile[l]!, ix.lineNo[l]!);
    const list = byLine.get(key) ?? [];
    list.push({ name: fr.name, file: loc.file, line: loc.line, category: fr.category, total, totalMs: total * ms, share: table.activeWeight > 0 ? total / table.activeWeight : 0 });
    byLine.set(key, list);
  }
  for (const [key, list] of byLine) byLine.set(key, list.sort((a, b) => b.total - a.total).slice(0, Math.max(0, limit)));
  return byLine;
}
