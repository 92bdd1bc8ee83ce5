/**
 * Profile (the model) → FlameTreeWire, the compact tree the flame webview loads. Pure (no node: or
 * DOM imports) so the VS Code client, the CLI report and tests share it.
 *
 * Why not the model's `toFlameTree`: the webview also draws the flame chart (samples in time
 * order) and the sandwich (callers of a function), and toggles "only my code" without a round trip,
 * so it needs the unmerged call tree with the samples that point into it; merging happens in the page.
 */
import { FRAME_CATEGORIES, frameLocation, sampleDurations, type Profile } from '../profile/model';
import { FRAME_STRIDE, type FlameTreeWire } from '../protocol/webview-messages';

export function profileToWire(profile: Profile): FlameTreeWire {
  const { tree, frames } = profile;
  const names: string[] = [];
  const files: string[] = [];
  const nameIds = new Map<string, number>();
  const fileIds = new Map<string, number>();
  const intern = (table: string[], ids: Map<string, number>, s: string): number => {
    let id = ids.get(s);
    if (id === undefined) { id = table.length; table.push(s); ids.set(s, id); }
    return id;
  };
  const wireFrames = new Array<number>(frames.length * FRAME_STRIDE);
  frames.forEach((fr, f) => {
    const loc = frameLocation(fr);
    const o = f * FRAME_STRIDE;
    wireFrames[o] = intern(names, nameIds, fr.name);
    wireFrames[o + 1] = loc ? intern(files, fileIds, loc.file) : -1;
    wireFrames[o + 2] = loc ? Math.max(0, loc.line) : 0;
    wireFrames[o + 3] = loc ? Math.max(0, loc.col) : 0;
    wireFrames[o + 4] = Math.max(0, FRAME_CATEGORIES.indexOf(fr.category));
  });
  // nodes with no weight in their subtree draw nothing: leave them out (ancestors of kept nodes are kept)
  const n = tree.size;
  const total = Float64Array.from(tree.self);
  total[0] = 0;
  for (let i = n - 1; i > 0; i--) total[tree.parent[i]!] += total[i]!;
  const index = new Int32Array(n).fill(-1);
  const parent: number[] = [];
  const frame: number[] = [];
  const self: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && !(total[i]! > 0)) continue;
    index[i] = parent.length;
    parent.push(i === 0 ? -1 : index[tree.parent[i]!]!);
    frame.push(i === 0 ? -1 : tree.frame[i]!);
    // the root's own weight (V8 "(root)" samples) has no frame to show
    self.push(i === 0 ? 0 : tree.self[i]!);
  }
  const wire: FlameTreeWire = {
    version: 1,
    kind: profile.kind,
    unit: profile.unit,
    names,
    files,
    frames: wireFrames,
    parent,
    frame,
    self,
  };
  if (profile.samples && profile.timeDeltas && profile.samples.length > 0) {
    const durations = sampleDurations(profile.samples.length, profile.timeDeltas, profile.startTime, profile.endTime);
    // consecutive samples of the same node draw as one span: send them as one run (often 2–10× fewer)
    const samples: number[] = [];
    const weights: number[] = [];
    for (let i = 0; i < profile.samples.length; i++) {
      const node = Math.max(0, index[profile.samples[i]!]!);
      if (samples.length > 0 && samples[samples.length - 1] === node) weights[weights.length - 1] += durations[i]!;
      else { samples.push(node); weights.push(durations[i]!); }
    }
    wire.samples = samples;
    wire.sampleWeights = weights;
  }
  return wire;
}
