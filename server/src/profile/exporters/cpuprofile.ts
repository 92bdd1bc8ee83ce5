import type { Profile } from '../model';

/** The V8 `Profiler.Profile` JSON shape (what DevTools, speedscope and VS Code open). */
export interface V8CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; scriptId: string; url: string; lineNumber: number; columnNumber: number };
    hitCount: number;
    children?: number[];
    positionTicks?: { line: number; ticks: number }[];
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Synthesised samples never exceed this many, whatever the weights (bounded memory). */
const MAX_SYNTHETIC_SAMPLES = 2_000_000;

/**
 * Profile (unit µs) → .cpuprofile object. Node ids are preorder index + 1, positions back to V8's
 * 0-based, generated (not source-mapped) positions. Samples/timeDeltas are written as imported;
 * a profile without them (speedscope evented) gets synthesised samples, about one per ms of a node's
 * self weight, whose durations sum exactly to it, so importing the export gives the same weights.
 */
export function toCpuProfile(profile: Profile): V8CpuProfile {
  if (profile.unit !== 'us') throw new Error('toCpuProfile needs a CPU profile (unit µs); use toHeapProfileJSON for heap profiles');
  const { tree, frames, lineTicks } = profile;
  let samples: Int32Array;
  let deltas: Float64Array;
  let startTime = profile.startTime;
  let endTime = profile.endTime;
  if (profile.samples && profile.timeDeltas && profile.samples.length > 0) {
    samples = profile.samples;
    deltas = profile.timeDeltas;
  } else {
    const synth = synthesiseSamples(profile);
    ({ samples, deltas } = synth);
    let t = startTime;
    for (let i = 0; i < deltas.length; i++) t += deltas[i];
    // the importer gives the last sample endTime − t[last]
    endTime = t + synth.lastWeight;
  }
  const hits = new Int32Array(tree.size);
  for (let i = 0; i < samples.length; i++) hits[samples[i]]++;
  const nodes: V8CpuProfile['nodes'] = new Array(tree.size);
  for (let i = 0; i < tree.size; i++) {
    const f = frames[tree.frame[i]];
    const node: V8CpuProfile['nodes'][number] = {
      id: i + 1,
      callFrame: {
        functionName: f.name === '(anonymous)' ? '' : f.name, scriptId: f.scriptId, url: f.url,
        lineNumber: f.line - 1, columnNumber: f.col - 1,
      },
      hitCount: hits[i],
    };
    const children: number[] = [];
    for (let c = i + 1; c < tree.end[i]; c = tree.end[c]) children.push(c + 1);
    if (children.length) node.children = children;
    const from = lineTicks.start[i], to = lineTicks.start[i + 1];
    if (to > from) {
      node.positionTicks = [];
      for (let e = from; e < to; e++) node.positionTicks.push({ line: lineTicks.line[e], ticks: lineTicks.ticks[e] });
    }
    nodes[i] = node;
  }
  const sampleIds = new Array<number>(samples.length);
  for (let i = 0; i < samples.length; i++) sampleIds[i] = samples[i] + 1;
  return { nodes, startTime, endTime, samples: sampleIds, timeDeltas: Array.from(deltas) };
}

/** Preorder samples: node i gets k ≈ self/interval samples of self/k each. deltas[j] = weight of sample j−1. */
function synthesiseSamples(profile: Profile): { samples: Int32Array; deltas: Float64Array; lastWeight: number } {
  const { tree } = profile;
  let sum = 0;
  for (let i = 0; i < tree.size; i++) sum += tree.self[i];
  const interval = Math.max(1000, sum / MAX_SYNTHETIC_SAMPLES);
  const per = new Int32Array(tree.size);
  let count = 0;
  for (let i = 0; i < tree.size; i++) {
    if (tree.self[i] <= 0) continue;
    per[i] = Math.max(1, Math.min(MAX_SYNTHETIC_SAMPLES, Math.round(tree.self[i] / interval)));
    count += per[i];
  }
  const samples = new Int32Array(count);
  const deltas = new Float64Array(count);
  let j = 0;
  let prev = 0;
  for (let i = 0; i < tree.size; i++) {
    const k = per[i];
    if (k === 0) continue;
    const w = tree.self[i] / k;
    for (let r = 0; r < k; r++) {
      samples[j] = i;
      deltas[j] = j === 0 ? 0 : prev;
      prev = w;
      j++;
    }
  }
  return { samples, deltas, lastWeight: prev };
}
