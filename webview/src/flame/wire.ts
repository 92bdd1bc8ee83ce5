/**
 * FlameTreeWire (the message format) ⇄ ProfileData (typed columns the views walk). Incoming data is
 * validated: a malformed tree gives a readable error in the page instead of a broken canvas.
 */
import { FRAME_STRIDE, WIRE_CATEGORIES, type FlameTreePacked, type FlameTreeWire } from '../../../server/src/protocol/webview-messages';
import { unpackUints, unpackWeights, unzigzag } from '../../../server/src/report/wire-codec';
import { validateProfileData, type ProfileData } from './profile-data';

/** Loads either wire version: 2 (packed columns, what the host sends) or 1 (plain number arrays). */
export function wireToProfileData(w: FlameTreeWire | FlameTreePacked): ProfileData {
  if (w && (w as FlameTreePacked).version === 2) return packedToProfileData(w as FlameTreePacked);
  return plainToProfileData(w as FlameTreeWire);
}

function count(v: unknown, what: string): number {
  if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 2 ** 28) throw new Error(`${what} is not a valid count`);
  return v as number;
}

function packedToProfileData(w: FlameTreePacked): ProfileData {
  if (!Array.isArray(w.names) || !Array.isArray(w.files)) throw new Error('string tables missing');
  const nf = count(w.frameCount, 'frameCount');
  const n = count(w.nodeCount, 'nodeCount');
  // packed files are stored +1 (unsigned varints: 0 is "no file")
  const frameColumns = decodeFrames(unpackUints(w.frames, nf * FRAME_STRIDE, new Int32Array(nf * FRAME_STRIDE), 'frames'), nf, 1);
  const nodeParent = unpackUints(w.parent, n, new Int32Array(n), 'parent');
  for (let i = 0; i < n; i++) nodeParent[i] = i - nodeParent[i]!;
  if (n > 0) nodeParent[0] = -1;
  const nodeFrame = unpackUints(w.frame, n, new Int32Array(n), 'frame');
  for (let i = 0; i < n; i++) nodeFrame[i] = nodeFrame[i]! - 1;
  const data: ProfileData = {
    ...header(w),
    ...frameColumns,
    nodeParent, nodeFrame,
    nodeSelf: unpackWeights(w.self, n, 'self'),
    leftHeavy: w.leftHeavy === true,
  };
  validateProfileData(data);
  const runs = w.sampleCount === undefined ? 0 : count(w.sampleCount, 'sampleCount');
  if (runs > 0) {
    // samples only feed the flame chart: decode (and check) them on first read, not before the first frame
    let decoded: { samples: Int32Array; weights: Float64Array } | undefined;
    const decode = () => (decoded ??= decodeSamples(w, runs, n));
    data.sampleCount = runs;
    Object.defineProperty(data, 'samples', { get: () => decode().samples, enumerable: true, configurable: true });
    Object.defineProperty(data, 'sampleWeights', { get: () => decode().weights, enumerable: true, configurable: true });
  }
  return data;
}

function decodeSamples(w: FlameTreePacked, runs: number, n: number): { samples: Int32Array; weights: Float64Array } {
  const samples = unpackUints(w.samples, runs, new Int32Array(runs), 'samples');
  let prev = 0;
  for (let i = 0; i < runs; i++) {
    prev += unzigzag(samples[i]!);
    if (prev < 0 || prev >= n) throw new Error(`sample ${i} points at an unknown node`);
    samples[i] = prev;
  }
  return { samples, weights: unpackWeights(w.sampleWeights, runs, 'sampleWeights') };
}

/** What both wire versions carry the same way: kind, unit and the string tables. */
function header(w: FlameTreeWire | FlameTreePacked): Pick<ProfileData, 'kind' | 'unit' | 'names' | 'files'> {
  return {
    kind: w.kind === 'heap' ? 'heap' : 'cpu',
    unit: w.unit === 'bytes' ? 'bytes' : 'microseconds',
    names: w.names.map(String),
    files: w.files.map(String),
  };
}

type FrameColumns = Pick<ProfileData, 'frameName' | 'frameFile' | 'frameLine' | 'frameCol' | 'frameCategory'>;

/** The frame table (FRAME_STRIDE numbers per frame) as columns; `fileBase` is what was added to file ids. */
function decodeFrames(frames: ArrayLike<number>, nf: number, fileBase: number): FrameColumns {
  const cols: FrameColumns = {
    frameName: new Int32Array(nf), frameFile: new Int32Array(nf), frameLine: new Int32Array(nf), frameCol: new Int32Array(nf), frameCategory: new Uint8Array(nf),
  };
  for (let f = 0, o = 0; f < nf; f++, o += FRAME_STRIDE) {
    cols.frameName[f] = frames[o]!;
    cols.frameFile[f] = frames[o + 1]! - fileBase;
    cols.frameLine[f] = frames[o + 2]!;
    cols.frameCol[f] = frames[o + 3]!;
    const c = frames[o + 4]!;
    if (!(c >= 0 && c < WIRE_CATEGORIES.length)) throw new Error(`frame ${f} has an unknown category`);
    cols.frameCategory[f] = c;
  }
  return cols;
}

function numbers(v: unknown, what: string): number[] {
  if (!Array.isArray(v)) throw new Error(`${what} is not an array`);
  return v as number[];
}

function plainToProfileData(w: FlameTreeWire): ProfileData {
  if (!w || w.version !== 1) throw new Error('unsupported flame tree version');
  if (!Array.isArray(w.names) || !Array.isArray(w.files)) throw new Error('string tables missing');
  const frames = numbers(w.frames, 'frames');
  if (frames.length % FRAME_STRIDE !== 0) throw new Error('frames has a partial entry');
  const data: ProfileData = {
    ...header(w),
    ...decodeFrames(frames, frames.length / FRAME_STRIDE, 0),
    nodeParent: Int32Array.from(numbers(w.parent, 'parent')),
    nodeFrame: Int32Array.from(numbers(w.frame, 'frame')),
    nodeSelf: Float64Array.from(numbers(w.self, 'self')),
  };
  if (w.samples && w.samples.length) {
    data.samples = Int32Array.from(numbers(w.samples, 'samples'));
    data.sampleWeights = Float64Array.from(numbers(w.sampleWeights, 'sampleWeights'));
  }
  validateProfileData(data);
  return data;
}

export function profileDataToWire(p: ProfileData): FlameTreeWire {
  const nf = p.frameName.length;
  const frames = new Array<number>(nf * FRAME_STRIDE);
  for (let f = 0; f < nf; f++) {
    const o = f * FRAME_STRIDE;
    frames[o] = p.frameName[f]!;
    frames[o + 1] = p.frameFile[f]!;
    frames[o + 2] = p.frameLine[f]!;
    frames[o + 3] = p.frameCol[f]!;
    frames[o + 4] = p.frameCategory[f]!;
  }
  const wire: FlameTreeWire = {
    version: 1,
    kind: p.kind,
    unit: p.unit === 'bytes' ? 'bytes' : 'us',
    names: p.names,
    files: p.files,
    frames,
    parent: Array.from(p.nodeParent),
    frame: Array.from(p.nodeFrame),
    self: Array.from(p.nodeSelf),
  };
  if (p.samples && p.sampleWeights) {
    wire.samples = Array.from(p.samples);
    wire.sampleWeights = Array.from(p.sampleWeights);
  }
  return wire;
}
