/**
 * Profile (the model) → FlameTreePacked, the compact tree the flame webview loads. Pure (no node: or
 * DOM imports) so the VS Code client, the CLI report and tests share it.
 *
 * Built here, outside the page, because the page's first frame must not wait for it: sibling calls of
 * the same frame are merged and children ordered heaviest first, so the unfiltered left-heavy flame
 * graph IS this tree (the page lays it out in a few linear passes), and every column is packed as
 * base64 varints (wire-codec.ts), ~3× smaller than JSON numbers.
 *
 * Why not the model's `toFlameTree` (server/src/profile/flame-tree.ts): it merges by function
 * (name:file:line) and drops the frame identity (column, category per frame) and the sample → node
 * mapping. The webview also draws the flame chart (samples in time order) and the sandwich (callers
 * of a frame), and toggles "only my code" without a round trip, so it needs frames and the samples
 * pointing into the tree; `toFlameTree` stays the model's API for other consumers (CLI, tests).
 */
import { FRAME_CATEGORIES, frameLocation, sampleDurations, type Profile } from '../profile/model';
import { FRAME_STRIDE, type FlameTreePacked } from '../protocol/webview-messages';
import { PairMap } from './pair-map';
import { VarintWriter, packWeights, zigzag } from './wire-codec';

export function profileToWire(profile: Profile): FlameTreePacked {
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
  const frameCol = new VarintWriter();
  frames.forEach((fr) => {
    const loc = frameLocation(fr);
    frameCol.push(intern(names, nameIds, fr.name));
    frameCol.push(loc ? intern(files, fileIds, loc.file) + 1 : 0);
    frameCol.push(loc ? Math.max(0, Math.floor(loc.line) || 0) : 0);
    frameCol.push(loc ? Math.max(0, Math.floor(loc.col) || 0) : 0);
    frameCol.push(Math.max(0, FRAME_CATEGORIES.indexOf(fr.category)));
  });

  // 1. inclusive weight per profile node; weightless subtrees draw nothing and are left out
  const n = tree.size;
  const weight = (i: number) => { const s = tree.self[i]!; return s > 0 && Number.isFinite(s) ? s : 0; };
  const total = new Float64Array(n);
  for (let i = 1; i < n; i++) total[i] = weight(i);
  for (let i = n - 1; i > 0; i--) total[tree.parent[i]!] += total[i]!;

  // 2. merge sibling nodes of the same frame (creation order keeps parent < child)
  const merged = new Int32Array(n).fill(-1);
  const mParent: number[] = [-1];
  const mFrame: number[] = [-1];
  const mSelf: number[] = [0]; // the root's own weight (V8 "(root)" samples) has no frame to show
  const byParentFrame = new PairMap(Math.min(n, 1 << 20));
  merged[0] = 0;
  for (let i = 1; i < n; i++) {
    const up = merged[tree.parent[i]!]!;
    if (up < 0 || !(total[i]! > 0)) continue;
    const f = tree.frame[i]!;
    let m = byParentFrame.get(up, f);
    if (m < 0) {
      m = mParent.length;
      mParent.push(up); mFrame.push(f); mSelf.push(0);
      byParentFrame.set(up, f, m);
    }
    merged[i] = m;
    mSelf[m] += weight(i);
  }
  const count = mParent.length;
  const mTotal = Float64Array.from(mSelf);
  for (let m = count - 1; m > 0; m--) mTotal[mParent[m]!] += mTotal[m]!;

  // 3. children heaviest first (ties by frame), then renumber in preorder
  const kidCount = new Int32Array(count);
  for (let m = 1; m < count; m++) kidCount[mParent[m]!]++;
  const kidStart = new Int32Array(count + 1);
  for (let m = 0; m < count; m++) kidStart[m + 1] = kidStart[m]! + kidCount[m]!;
  const kids = new Int32Array(Math.max(0, count - 1));
  const fill = Int32Array.from(kidStart.subarray(0, count));
  for (let m = 1; m < count; m++) kids[fill[mParent[m]!]!++] = m;
  const heavierFirst = (a: number, b: number) => mTotal[b]! - mTotal[a]! || mFrame[a]! - mFrame[b]!;
  for (let m = 0; m < count; m++) {
    if (kidCount[m]! > 1) kids.subarray(kidStart[m]!, kidStart[m + 1]!).sort(heavierFirst);
  }
  const order = new Int32Array(count); // preorder position → merged node
  const position = new Int32Array(count); // merged node → preorder position
  const stack: number[] = [0];
  let next = 0;
  while (stack.length) {
    const m = stack.pop()!;
    position[m] = next;
    order[next++] = m;
    for (let k = kidStart[m + 1]! - 1; k >= kidStart[m]!; k--) stack.push(kids[k]!);
  }

  const parentCol = new VarintWriter();
  const frameOfNode = new VarintWriter();
  const self = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const m = order[i]!;
    parentCol.push(i === 0 ? 0 : i - position[mParent[m]!]!);
    frameOfNode.push(mFrame[m]! + 1);
    self[i] = mSelf[m]!;
  }
  const wire: FlameTreePacked = {
    version: 2,
    kind: profile.kind,
    unit: profile.unit,
    names,
    files,
    nodeCount: count,
    frameCount: frames.length,
    frames: frameCol.toBase64(),
    parent: parentCol.toBase64(),
    frame: frameOfNode.toBase64(),
    self: packWeights(self),
    leftHeavy: true,
  };
  if (profile.samples && profile.timeDeltas && profile.samples.length > 0) {
    const durations = sampleDurations(profile.samples.length, profile.timeDeltas, profile.startTime, profile.endTime);
    // consecutive samples of the same node draw as one span: send them as one run (often 2–10× fewer)
    const runNodes: number[] = [];
    const runWeights: number[] = [];
    for (let i = 0; i < profile.samples.length; i++) {
      const src = profile.samples[i]!;
      const m = src >= 0 && src < n ? merged[src]! : -1;
      const node = m < 0 ? 0 : position[m]!;
      if (runNodes.length > 0 && runNodes[runNodes.length - 1] === node) runWeights[runWeights.length - 1] += durations[i]!;
      else { runNodes.push(node); runWeights.push(durations[i]!); }
    }
    const samples = new VarintWriter();
    let prev = 0;
    for (const node of runNodes) { samples.push(zigzag(node - prev)); prev = node; }
    wire.sampleCount = runNodes.length;
    wire.samples = samples.toBase64();
    wire.sampleWeights = packWeights(runWeights);
  }
  return wire;
}
