/**
 * The webview's own columnar view of a profile: interned frames + a call tree in preorder.
 * Everything the views compute (flame graph, flame chart, sandwich, table) starts from this.
 * Typed arrays keep 200k-node profiles small and fast to walk; no DOM here (pure, testable in node).
 */

/** Frame categories (the profile model's, same order), used for colour and the "only my code" filter. */
export const CATEGORIES = ['user', 'node_modules', 'node', 'gc', 'idle', 'program', 'native'] as const;
export type Category = (typeof CATEGORIES)[number];
export const CAT = {
  user: 0,
  node_modules: 1,
  node: 2,
  gc: 3,
  idle: 4,
  program: 5,
  native: 6,
} as const satisfies Record<Category, number>;

export function categoryIndex(c: string): number {
  const i = (CATEGORIES as readonly string[]).indexOf(c);
  return i < 0 ? CAT.native : i;
}

export type WeightUnit = 'microseconds' | 'milliseconds' | 'bytes' | 'samples';

export interface ProfileData {
  kind: 'cpu' | 'heap';
  unit: WeightUnit;
  /** distinct function names (string table); frameName indexes it */
  names: string[];
  /** distinct file urls/paths; frameFile indexes it, -1 = none */
  files: string[];
  frameName: Int32Array;
  frameFile: Int32Array;
  /** 1-based; 0 = unknown */
  frameLine: Int32Array;
  /** 1-based; 0 = unknown */
  frameCol: Int32Array;
  frameCategory: Uint8Array;
  /** node 0 is the root; nodes are in preorder (a parent comes before its children) */
  nodeParent: Int32Array;
  /** frame index per node; the root's frame is -1 */
  nodeFrame: Int32Array;
  nodeSelf: Float64Array;
  /** time order, when the profile has it: node index per sample and the weight each sample stands for */
  samples?: Int32Array;
  sampleWeights?: Float64Array;
  /**
   * The host merged sibling nodes of the same frame and ordered children heaviest first (preorder),
   * so the unfiltered flame graph can be laid out from the tree directly (aggregate.ts checks the order).
   */
  leftHeavy?: boolean;
  /** number of sample runs when `samples` is decoded lazily (on first read, for the flame chart) */
  sampleCount?: number;
}

export function frameCount(p: ProfileData): number {
  return p.frameName.length;
}

export function nodeCount(p: ProfileData): number {
  return p.nodeParent.length;
}

/** Checks the invariants the views rely on; throws a readable error for a malformed tree. */
export function validateProfileData(p: ProfileData): void {
  const n = p.nodeParent.length;
  const f = p.frameName.length;
  if (n === 0) throw new Error('profile has no nodes');
  if (p.nodeFrame.length !== n || p.nodeSelf.length !== n) throw new Error('node columns differ in length');
  if (p.frameFile.length !== f || p.frameLine.length !== f || p.frameCol.length !== f || p.frameCategory.length !== f) {
    throw new Error('frame columns differ in length');
  }
  if (p.nodeParent[0] !== -1) throw new Error('node 0 must be the root');
  for (let i = 1; i < n; i++) {
    const parent = p.nodeParent[i]!;
    if (parent < 0 || parent >= i) throw new Error(`node ${i} is not in preorder (parent ${parent})`);
    const frame = p.nodeFrame[i]!;
    if (frame < 0 || frame >= f) throw new Error(`node ${i} has an unknown frame ${frame}`);
    const self = p.nodeSelf[i]!;
    if (!(self >= 0) || !Number.isFinite(self)) throw new Error(`node ${i} has an invalid weight`);
  }
  for (let i = 0; i < f; i++) {
    const name = p.frameName[i]!;
    const file = p.frameFile[i]!;
    if (name < 0 || name >= p.names.length) throw new Error(`frame ${i} has an unknown name`);
    if (file < -1 || file >= p.files.length) throw new Error(`frame ${i} has an unknown file`);
  }
  if (p.samples) {
    if (!p.sampleWeights || p.sampleWeights.length !== p.samples.length) throw new Error('sample weights missing');
    for (let i = 0; i < p.samples.length; i++) {
      const s = p.samples[i]!;
      if (s < 0 || s >= n) throw new Error(`sample ${i} points at an unknown node`);
    }
  }
}

export function frameLabel(p: ProfileData, frame: number): string {
  if (frame < 0) return 'all';
  const name = p.names[p.frameName[frame]!] ?? '';
  return name === '' ? '(anonymous)' : name;
}

export function frameLocation(p: ProfileData, frame: number): string {
  if (frame < 0) return '';
  const fileIdx = p.frameFile[frame]!;
  if (fileIdx < 0) return '';
  const line = p.frameLine[frame]!;
  const col = p.frameCol[frame]!;
  const file = p.files[fileIdx]!;
  if (line <= 0) return file;
  return col > 0 ? `${file}:${line}:${col}` : `${file}:${line}`;
}
