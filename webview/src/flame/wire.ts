/**
 * FlameTreeWire (the message format) ⇄ ProfileData (typed columns the views walk). Incoming data is
 * validated: a malformed tree gives a readable error in the page instead of a broken canvas.
 */
import { FRAME_STRIDE, WIRE_CATEGORIES, type FlameTreeWire } from '../../../server/src/protocol/webview-messages';
import { validateProfileData, type ProfileData } from './profile-data';

function numbers(v: unknown, what: string): number[] {
  if (!Array.isArray(v)) throw new Error(`${what} is not an array`);
  return v as number[];
}

export function wireToProfileData(w: FlameTreeWire): ProfileData {
  if (!w || w.version !== 1) throw new Error('unsupported flame tree version');
  if (!Array.isArray(w.names) || !Array.isArray(w.files)) throw new Error('string tables missing');
  const frames = numbers(w.frames, 'frames');
  if (frames.length % FRAME_STRIDE !== 0) throw new Error('frames has a partial entry');
  const nf = frames.length / FRAME_STRIDE;
  const frameName = new Int32Array(nf);
  const frameFile = new Int32Array(nf);
  const frameLine = new Int32Array(nf);
  const frameCol = new Int32Array(nf);
  const frameCategory = new Uint8Array(nf);
  for (let f = 0; f < nf; f++) {
    const o = f * FRAME_STRIDE;
    frameName[f] = frames[o]!;
    frameFile[f] = frames[o + 1]!;
    frameLine[f] = frames[o + 2]!;
    frameCol[f] = frames[o + 3]!;
    const c = frames[o + 4]!;
    if (!(c >= 0 && c < WIRE_CATEGORIES.length)) throw new Error(`frame ${f} has an unknown category`);
    frameCategory[f] = c;
  }
  const parent = numbers(w.parent, 'parent');
  const data: ProfileData = {
    kind: w.kind === 'heap' ? 'heap' : 'cpu',
    unit: w.unit === 'bytes' ? 'bytes' : 'microseconds',
    names: w.names.map(String),
    files: w.files.map(String),
    frameName, frameFile, frameLine, frameCol, frameCategory,
    nodeParent: Int32Array.from(parent),
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
