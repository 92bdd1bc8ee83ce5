/**
 * V8's sampling heap profiler names a sample's function by script id and position, and turns them
 * into url and line only at the end, for scripts still on the heap. A script whose functions all died
 * (a small entry script that ran once, with only data kept) is gone by then: its frames come back with
 * an empty url and line -1. The run still knows both: the url from `Debugger.scriptParsed` and the
 * function's position from the CPU profile, which records it when code is created. A position is
 * filled in only when it is certain (one function of that name in that script).
 */
import type { ScriptInfo, V8CpuProfile, V8HeapNode, V8HeapProfile } from './v8-types';

export interface RepairStats {
  /** frames whose url was filled in */
  urls: number;
  /** frames whose line and column were filled in too */
  positions: number;
}

export function repairHeapFrames(heap: V8HeapProfile, cpu: V8CpuProfile | undefined, scripts: readonly ScriptInfo[]): RepairStats {
  const urlOf = new Map<string, string>();
  // name → position per script; null when the name has two positions (ambiguous)
  const positions = new Map<string, Map<string, { line: number; col: number } | null>>();
  for (const node of cpu?.nodes ?? []) {
    const f = node.callFrame;
    if (!f.url || f.scriptId === '0') continue;
    urlOf.set(f.scriptId, f.url);
    let byName = positions.get(f.scriptId);
    if (!byName) positions.set(f.scriptId, (byName = new Map()));
    const seen = byName.get(f.functionName);
    if (seen === undefined) byName.set(f.functionName, { line: f.lineNumber, col: f.columnNumber });
    else if (seen !== null && (seen.line !== f.lineNumber || seen.col !== f.columnNumber)) byName.set(f.functionName, null);
  }
  for (const s of scripts) urlOf.set(s.scriptId, s.url);

  const stats: RepairStats = { urls: 0, positions: 0 };
  const stack: V8HeapNode[] = [heap.head];
  while (stack.length) {
    const node = stack.pop()!;
    for (const child of node.children ?? []) stack.push(child);
    const f = node.callFrame;
    if (f.url || f.scriptId === '0' || f.lineNumber >= 0) continue;
    const url = urlOf.get(f.scriptId);
    if (!url) continue;
    f.url = url;
    stats.urls++;
    const at = positions.get(f.scriptId)?.get(f.functionName);
    if (at) {
      f.lineNumber = at.line;
      f.columnNumber = at.col;
      stats.positions++;
    }
  }
  return stats;
}
