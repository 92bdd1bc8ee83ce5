/**
 * A source-mapped .cpuprofile: the profile model's exporter (`toCpuProfile`) writes generated
 * positions, so for TypeScript (or any mapped code) DevTools, VS Code and the flame graph would
 * show lines of JavaScript that only ever existed in memory. This rewrites each node's call frame
 * to its original file/line/column (`frame.original`, set once by `mapFrames`) and its
 * positionTicks to the original lines (`lineTicks.original`), merging ticks that land on the same
 * line. Frames without a mapping (plain JS, node internals) are left as they are.
 */
import { toCpuProfile, type V8CpuProfile } from '../profile/exporters/cpuprofile';
import type { Profile } from '../profile/model';
import { OriginalScriptIds, originalUrl } from './original-frames';

export interface MappedCpuProfile {
  profile: V8CpuProfile;
  /** how many nodes now point at an original location (0: the mapped profile equals the raw one) */
  mappedNodes: number;
}

export function toMappedCpuProfile(model: Profile): MappedCpuProfile {
  const out = toCpuProfile(model);
  const { tree, frames, lineTicks } = model;
  const scriptIds = new OriginalScriptIds(out.nodes.map((n) => n.callFrame.scriptId));
  let mappedNodes = 0;
  for (let i = 0; i < tree.size; i++) {
    const frame = frames[tree.frame[i]!]!;
    const original = frame.original;
    if (!original) continue;
    const node = out.nodes[i]!;
    const url = originalUrl(frame, original);
    node.callFrame = { ...node.callFrame, url, scriptId: scriptIds.of(url), lineNumber: original.line - 1, columnNumber: Math.max(0, original.col - 1) };
    mappedNodes++;
    if (!node.positionTicks) continue;
    const byLine = new Map<number, number>();
    const from = lineTicks.start[i]!;
    node.positionTicks.forEach((tick, k) => {
      const o = lineTicks.original?.[from + k];
      // A tick mapped into another source (inlined code of a bundle) cannot be expressed on this
      // frame's file: it stays on the function's line rather than on a meaningless generated one.
      const line = o && o.file === original.file ? o.line : original.line;
      byLine.set(line, (byLine.get(line) ?? 0) + tick.ticks);
    });
    node.positionTicks = [...byLine].map(([line, ticks]) => ({ line, ticks }));
  }
  return { profile: out, mappedNodes };
}
