import { sampleDurations, type Frame, type Profile } from '../model';
import { FrameTable, oneBased } from '../frame-table';
import { arrayAt, describe, fail, isRecord, MAX_WEIGHT, numberAt, recordAt, stringAt } from '../errors';
import { buildTree, type RawNodes } from '../build-tree';
import { I32Column } from '../columns';

export interface CpuImportOptions {
  /** base of callFrame.lineNumber/columnNumber: 0 for V8/CDP (default), 1 for v8-profiler-next */
  lineBase?: 0 | 1;
  /** interval assumed when a profile has neither samples nor a usable start/end time (µs) */
  defaultIntervalUs?: number;
}

/**
 * V8 `Profiler.Profile` (.cpuprofile) → Profile. Self weight per node in µs: exact from
 * samples+timeDeltas when present (see `sampleDurations`: sample i lasts until sample i+1),
 * else hitCount × (endTime − startTime) / total hits (the DevTools convention).
 */
export function importCpuProfile(input: unknown, opts: CpuImportOptions = {}): Profile {
  const base = opts.lineBase ?? 0;
  const doc = recordAt(input, 'profile');
  const nodesIn = arrayAt(doc.nodes, 'nodes');
  const n = nodesIn.length;
  if (n === 0) fail('nodes is empty');
  const frames = new FrameTable();
  const idToIndex = new IdIndex(n);
  const ids = new Float64Array(n);
  const frame = new Int32Array(n);
  const hits = new Float64Array(n);
  // positionTicks in CSR form: entries of node i are [tickStart[i], tickStart[i + 1])
  const tickStart = new Int32Array(n + 1);
  const tickLine = new I32Column(), tickCount = new I32Column();

  for (let i = 0; i < n; i++) {
    // fast paths first: error paths (strings) are only built when a value is wrong
    const node = nodesIn[i];
    if (!isRecord(node)) fail(`nodes[${i}] is not an object (${describe(node)})`);
    const rawId = node.id;
    const id = Number.isSafeInteger(rawId) ? (rawId as number) : numberAt(rawId, `nodes[${i}].id`, { int: true });
    if (idToIndex.has(id)) fail(`nodes[${i}].id ${id} is used twice`);
    idToIndex.set(id, i);
    ids[i] = id;
    const cf = node.callFrame;
    if (!isRecord(cf)) fail(`nodes[${i}].callFrame is not an object (${describe(cf)})`);
    const name = typeof cf.functionName === 'string' ? cf.functionName : stringAt(cf.functionName, `nodes[${i}].callFrame.functionName`, '');
    const url = typeof cf.url === 'string' ? cf.url : stringAt(cf.url, `nodes[${i}].callFrame.url`, '');
    const scriptId = typeof cf.scriptId === 'string' ? cf.scriptId : cf.scriptId === undefined ? '0'
      : typeof cf.scriptId === 'number' ? String(cf.scriptId) : stringAt(cf.scriptId, `nodes[${i}].callFrame.scriptId`);
    const line = isPosition(cf.lineNumber) ? (cf.lineNumber as number) : numberAt(cf.lineNumber, `nodes[${i}].callFrame.lineNumber`, { int: true, min: -1, fallback: -1 });
    const col = isPosition(cf.columnNumber) ? (cf.columnNumber as number) : numberAt(cf.columnNumber, `nodes[${i}].callFrame.columnNumber`, { int: true, min: -1, fallback: -1 });
    frame[i] = frames.intern(name, url, oneBased(line, base), oneBased(col, base), scriptId);
    const h = node.hitCount;
    hits[i] = typeof h === 'number' && h >= 0 && h <= MAX_WEIGHT ? h : numberAt(h, `nodes[${i}].hitCount`, { min: 0, max: MAX_WEIGHT, fallback: 0 });
    const pt = node.positionTicks;
    if (pt !== undefined) {
      if (!Array.isArray(pt)) fail(`nodes[${i}].positionTicks is not an array (${describe(pt)})`);
      for (let k = 0; k < pt.length; k++) {
        const tick = pt[k];
        if (!isRecord(tick)) fail(`nodes[${i}].positionTicks[${k}] is not an object (${describe(tick)})`);
        const l = tick.line, t = tick.ticks;
        tickLine.push(Number.isSafeInteger(l) && (l as number) >= 1 ? (l as number) : numberAt(l, `nodes[${i}].positionTicks[${k}].line`, { int: true, min: 1 }));
        tickCount.push(Number.isSafeInteger(t) && (t as number) >= 0 && (t as number) < 2 ** 31 ? (t as number)
          : numberAt(t, `nodes[${i}].positionTicks[${k}].ticks`, { int: true, min: 0, max: 2 ** 31 - 1 }));
      }
    }
    tickStart[i + 1] = tickLine.n;
  }

  const parent = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const children = (nodesIn[i] as Record<string, unknown>).children;
    if (children === undefined) continue;
    const list = arrayAt(children, `nodes[${i}].children`);
    for (let k = 0; k < list.length; k++) {
      const cid = Number.isSafeInteger(list[k]) ? (list[k] as number) : numberAt(list[k], `nodes[${i}].children[${k}]`, { int: true });
      const c = idToIndex.get(cid);
      if (c === undefined) fail(`nodes[${i}].children references unknown id ${cid}`);
      if (c === i) fail(`cycle in call tree at node ${ids[i]} (it is its own child)`);
      if (parent[c] !== -1) fail(`node ${cid} has two parents (nodes ${ids[parent[c]]} and ${ids[i]})`);
      parent[c] = i;
    }
  }

  const startTime = numberAt(doc.startTime, 'startTime', { min: -MAX_WEIGHT, max: MAX_WEIGHT, fallback: 0 });
  const endTime = numberAt(doc.endTime, 'endTime', { min: -MAX_WEIGHT, max: MAX_WEIGHT, fallback: startTime });
  let samples: Int32Array | undefined;
  let timeDeltas: Float64Array | undefined;
  if (doc.samples !== undefined && doc.timeDeltas !== undefined) {
    const s = arrayAt(doc.samples, 'samples');
    const d = arrayAt(doc.timeDeltas, 'timeDeltas');
    if (s.length !== d.length) fail(`samples (${s.length}) and timeDeltas (${d.length}) differ in length`);
    samples = new Int32Array(s.length);
    timeDeltas = new Float64Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const id = Number.isSafeInteger(s[i]) ? (s[i] as number) : numberAt(s[i], `samples[${i}]`, { int: true });
      const idx = idToIndex.get(id);
      if (idx === undefined) fail(`samples[${i}] references unknown node id ${id}`);
      samples[i] = idx;
      const dt = d[i];
      timeDeltas[i] = typeof dt === 'number' && dt >= -MAX_WEIGHT && dt <= MAX_WEIGHT ? dt : numberAt(dt, `timeDeltas[${i}]`, { min: -MAX_WEIGHT, max: MAX_WEIGHT });
    }
  }
  const self = cpuSelfWeights(hits, samples, timeDeltas, startTime, endTime, opts.defaultIntervalUs);
  const ticks = { start: tickStart, line: tickLine.take(), ticks: tickCount.take() };
  return assembleCpuProfile({ count: n, parent, frame, self, ticks, label: (i) => String(ids[i]) }, frames.frames, startTime, endTime, samples, timeDeltas);
}

/**
 * Self weight per raw node (shared by the object and the byte importer): exact from samples (raw
 * node indices) + timeDeltas when present, else hitCount × (endTime − startTime) / total hits.
 */
export function cpuSelfWeights(hits: Float64Array, samples: Int32Array | undefined, timeDeltas: Float64Array | undefined,
  startTime: number, endTime: number, defaultIntervalUs = 1000): Float64Array {
  const n = hits.length;
  const self = new Float64Array(n);
  if (samples && timeDeltas) {
    const durations = sampleDurations(samples.length, timeDeltas, startTime, endTime);
    for (let i = 0; i < samples.length; i++) self[samples[i]] += durations[i];
  } else {
    const totalHits = sum(hits);
    const span = endTime - startTime;
    const interval = totalHits > 0 && span > 0 ? span / totalHits : defaultIntervalUs;
    for (let i = 0; i < n; i++) self[i] = hits[i] * interval;
  }
  return self;
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

/** Lays the raw nodes out in preorder and assembles the Profile; `samples` (raw indices) are renumbered in place. */
export function assembleCpuProfile(raw: RawNodes, frames: Frame[], startTime: number, endTime: number,
  samples: Int32Array | undefined, timeDeltas: Float64Array | undefined): Profile {
  const built = buildTree(raw);
  if (samples) for (let i = 0; i < samples.length; i++) samples[i] = built.newIndex[samples[i]];
  return {
    kind: 'cpu', format: 'cpuprofile', unit: 'us', frames, tree: built.tree, lineTicks: built.lineTicks,
    startTime, endTime, samples, timeDeltas,
  };
}

const isPosition = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= -1;

/**
 * id → node index: a dense Int32Array for the usual ids 1..n (V8 numbers them so), a Map beyond.
 * Dense slots hold index + 1 (0 = absent), so the array needs no fill and the pages past the
 * largest id are never touched.
 */
export class IdIndex {
  private readonly dense: Int32Array;
  private sparse: Map<number, number> | undefined;
  constructor(n: number) { this.dense = new Int32Array(2 * n + 2); }
  has(id: number): boolean { return this.get(id) !== undefined; }
  get(id: number): number | undefined {
    if (id >= 0 && id < this.dense.length) { const v = this.dense[id]; return v === 0 ? undefined : v - 1; }
    return this.sparse?.get(id);
  }
  set(id: number, index: number): void {
    if (id >= 0 && id < this.dense.length) this.dense[id] = index + 1;
    else (this.sparse ??= new Map()).set(id, index);
  }
}
