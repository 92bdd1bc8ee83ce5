import { sampleDurations, type Profile } from '../model';

export interface SpeedscopeFile {
  $schema: 'https://www.speedscope.app/file-format-schema.json';
  shared: { frames: { name: string; file?: string; line?: number; col?: number }[] };
  profiles: {
    type: 'sampled'; name: string; unit: 'microseconds' | 'bytes'; startValue: number; endValue: number;
    samples: number[][]; weights: number[];
  }[];
  name: string;
  activeProfileIndex: 0;
  exporter: string;
}

export interface SpeedscopeExportOptions {
  name?: string;
  /** write source-mapped locations when present (default false: generated, so it re-imports the same) */
  original?: boolean;
}

/**
 * Profile → speedscope JSON object, one "sampled" profile. With samples, runs of consecutive
 * samples on the same node become one sample (time order kept); without, one sample per node with
 * self weight. Stacks are frame indices from the outermost frame; the V8 "(root)" is left out.
 */
export function toSpeedscope(profile: Profile, opts: SpeedscopeExportOptions = {}): SpeedscopeFile {
  const { tree, frames } = profile;
  const rootFrame = tree.frame[0];
  // speedscope frame index per model frame (-1 for the root frame)
  const index = new Int32Array(frames.length).fill(-1);
  const outFrames: SpeedscopeFile['shared']['frames'] = [];
  for (let f = 0; f < frames.length; f++) {
    if (f === rootFrame) continue;
    const fr = frames[f];
    const loc = opts.original && fr.original ? fr.original : { file: fr.url, line: fr.line, col: fr.col };
    const out: SpeedscopeFile['shared']['frames'][number] = { name: fr.name };
    if (loc.file) out.file = loc.file;
    if (loc.line > 0) out.line = loc.line;
    if (loc.col > 0) out.col = loc.col;
    index[f] = outFrames.length;
    outFrames.push(out);
  }
  const stackCache = new Map<number, number[]>();
  const stackOf = (node: number): number[] => {
    let s = stackCache.get(node);
    if (s) return s;
    s = [];
    for (let n = node; n > 0; n = tree.parent[n]) s.push(index[tree.frame[n]]);
    s.reverse();
    stackCache.set(node, s);
    return s;
  };
  const samples: number[][] = [];
  const weights: number[] = [];
  if (profile.samples && profile.timeDeltas && profile.samples.length > 0) {
    const w = sampleDurations(profile.samples.length, profile.timeDeltas, profile.startTime, profile.endTime);
    for (let i = 0; i < w.length; i++) {
      const node = profile.samples[i];
      if (i > 0 && profile.samples[i - 1] === node) weights[weights.length - 1] += w[i];
      else { samples.push(stackOf(node)); weights.push(w[i]); }
    }
  } else {
    for (let i = 0; i < tree.size; i++) if (tree.self[i] > 0) { samples.push(stackOf(i)); weights.push(tree.self[i]); }
  }
  let end = 0;
  for (const w of weights) end += w;
  const name = opts.name ?? profile.name ?? 'profile';
  return {
    $schema: 'https://www.speedscope.app/file-format-schema.json',
    shared: { frames: outFrames },
    profiles: [{ type: 'sampled', name, unit: profile.unit === 'us' ? 'microseconds' : 'bytes', startValue: 0, endValue: end, samples, weights }],
    name, activeProfileIndex: 0, exporter: 'perflens',
  };
}
