import type { Profile, SampleUnit } from '../model';
import { FrameTable } from '../frame-table';
import { arrayAt, fail, MAX_WEIGHT, numberAt, recordAt, stringAt } from '../errors';
import { buildTree } from '../build-tree';

export interface SpeedscopeImportOptions {
  /** which of `profiles[]` to import; default `activeProfileIndex` or 0 */
  profileIndex?: number;
}

const UNIT: Record<string, { unit: SampleUnit; factor: number }> = {
  none: { unit: 'us', factor: 1 },
  nanoseconds: { unit: 'us', factor: 1e-3 },
  microseconds: { unit: 'us', factor: 1 },
  milliseconds: { unit: 'us', factor: 1e3 },
  seconds: { unit: 'us', factor: 1e6 },
  bytes: { unit: 'bytes', factor: 1 },
};

/**
 * speedscope file format (https://www.speedscope.app/file-format-schema.json) → Profile. One
 * profile of the file (evented or sampled) is imported. Frame `file` is kept verbatim as the url,
 * `line`/`col` are taken as 1-based. Units convert to µs (`none` is taken as µs) or bytes.
 */
export function importSpeedscope(input: unknown, opts: SpeedscopeImportOptions = {}): Profile {
  const doc = recordAt(input, 'profile');
  const shared = recordAt(doc.shared, 'shared');
  const framesIn = arrayAt(shared.frames, 'shared.frames');
  const profiles = arrayAt(doc.profiles, 'profiles');
  if (profiles.length === 0) fail('profiles is empty');
  const index = opts.profileIndex ?? (doc.activeProfileIndex === undefined ? 0 : numberAt(doc.activeProfileIndex, 'activeProfileIndex', { int: true }));
  if (!(index >= 0 && index < profiles.length)) fail(`profile index ${index} is outside profiles[0..${profiles.length - 1}]`);
  const p = recordAt(profiles[index], `profiles[${index}]`);
  const path = `profiles[${index}]`;
  const unitName = stringAt(p.unit, `${path}.unit`, 'none');
  const unitInfo = UNIT[unitName];
  if (!unitInfo) fail(`${path}.unit "${unitName.slice(0, 40)}" is not a speedscope unit`);

  const table = new FrameTable();
  const frameIds = new Int32Array(framesIn.length);
  for (let i = 0; i < framesIn.length; i++) {
    const f = recordAt(framesIn[i], `shared.frames[${i}]`);
    const name = stringAt(f.name, `shared.frames[${i}].name`);
    const file = stringAt(f.file, `shared.frames[${i}].file`, '');
    const line = numberAt(f.line, `shared.frames[${i}].line`, { int: true, min: 0, fallback: 0 });
    const col = numberAt(f.col, `shared.frames[${i}].col`, { int: true, min: 0, fallback: 0 });
    frameIds[i] = table.intern(name, file, line, col);
  }
  const rootFrame = table.intern('(root)', '', 0, 0);
  const tree = new GrowingTree(rootFrame, framesIn.length);
  const frameAt = (v: unknown, where: string): number =>
    numberAt(v, where, { int: true, min: 0, max: framesIn.length - 1 });

  const type = stringAt(p.type, `${path}.type`);
  let samples: Int32Array | undefined;
  let timeDeltas: Float64Array | undefined;
  let endTime = 0;
  if (type === 'sampled') {
    const stacks = arrayAt(p.samples, `${path}.samples`);
    const weights = arrayAt(p.weights, `${path}.weights`);
    if (stacks.length !== weights.length) fail(`${path}.samples (${stacks.length}) and weights (${weights.length}) differ in length`);
    samples = new Int32Array(stacks.length);
    timeDeltas = new Float64Array(stacks.length);
    let prevWeight = 0;
    for (let i = 0; i < stacks.length; i++) {
      const stack = arrayAt(stacks[i], `${path}.samples[${i}]`);
      let node = 0;
      for (let k = 0; k < stack.length; k++) node = tree.child(node, frameIds[frameAt(stack[k], `${path}.samples[${i}][${k}]`)]);
      const w = numberAt(weights[i], `${path}.weights[${i}]`, { min: 0, max: MAX_WEIGHT }) * unitInfo.factor;
      tree.self[node] += w;
      samples[i] = node;
      timeDeltas[i] = prevWeight;
      prevWeight = w;
      endTime += w;
    }
  } else if (type === 'evented') {
    const events = arrayAt(p.events, `${path}.events`);
    const startValue = numberAt(p.startValue, `${path}.startValue`, { min: -MAX_WEIGHT, max: MAX_WEIGHT, fallback: 0 });
    const endValue = numberAt(p.endValue, `${path}.endValue`, { min: -MAX_WEIGHT, max: MAX_WEIGHT, fallback: startValue });
    const open: number[] = [0];
    let last = startValue;
    for (let i = 0; i < events.length; i++) {
      const e = recordAt(events[i], `${path}.events[${i}]`);
      const at = numberAt(e.at, `${path}.events[${i}].at`, { min: -MAX_WEIGHT, max: MAX_WEIGHT });
      if (at < last) fail(`${path}.events[${i}].at (${at}) goes back in time (previous ${last})`);
      const top = open[open.length - 1];
      if (top !== 0) tree.self[top] += (at - last) * unitInfo.factor;
      last = at;
      const f = frameIds[frameAt(e.frame, `${path}.events[${i}].frame`)];
      const kind = e.type;
      if (kind === 'O') open.push(tree.child(top, f));
      else if (kind === 'C') {
        if (top === 0 || tree.frame[top] !== f) fail(`${path}.events[${i}] closes a frame that is not the innermost open one`);
        open.pop();
      } else fail(`${path}.events[${i}].type is not "O" or "C"`);
    }
    // tolerate unclosed frames: they end at endValue
    const top = open[open.length - 1];
    if (top !== 0 && endValue > last) tree.self[top] += (endValue - last) * unitInfo.factor;
    endTime = (Math.max(endValue, last) - startValue) * unitInfo.factor;
  } else fail(`${path}.type is not "sampled" or "evented"`);

  const built = buildTree({
    count: tree.count, parent: Int32Array.from(tree.parent), frame: Int32Array.from(tree.frame), self: Float64Array.from(tree.self),
    label: (i) => `#${i}`,
  });
  if (samples) for (let i = 0; i < samples.length; i++) samples[i] = built.newIndex[samples[i]];
  return {
    kind: unitInfo.unit === 'bytes' ? 'heap' : 'cpu', format: 'speedscope', unit: unitInfo.unit,
    name: typeof p.name === 'string' ? p.name : undefined,
    frames: table.frames, tree: built.tree, lineTicks: built.lineTicks, startTime: 0, endTime, samples, timeDeltas,
  };
}

/** A tree grown from stacks: child(node, frame) finds or adds the node's child for that frame. */
class GrowingTree {
  parent: number[] = [-1];
  frame: number[];
  self: number[] = [0];
  private readonly kids = new Map<number, number>();
  constructor(rootFrame: number, private readonly stride: number) { this.frame = [rootFrame]; }
  get count(): number { return this.parent.length; }
  child(node: number, frame: number): number {
    const key = node * (this.stride + 2) + frame;
    let c = this.kids.get(key);
    if (c === undefined) {
      c = this.parent.length;
      this.parent.push(node); this.frame.push(frame); this.self.push(0);
      this.kids.set(key, c);
    }
    return c;
  }
}
