import type { Profile } from '../model';
import { MAX_WEIGHT } from '../errors';
import { BAIL, bail, ByteJson, keyTable, WINDOW_BYTES, type ByteSource } from './json-bytes';
import { F64Column, I32Column } from '../columns';
import { CallFrameSpans } from './callframe-spans';
import { assembleCpuProfile, cpuSelfWeights, IdIndex, type CpuImportOptions } from './cpuprofile';

/**
 * Byte-level `.cpuprofile` importer: scans the file's UTF-8 bytes once, straight into typed columns
 * (no 50 MB string, no object per node), and decodes a callFrame's strings only the first time its
 * exact bytes appear (V8 writes the same frame the same way on every node). Returns the same Profile
 * as `importCpuProfile(JSON.parse(text))`, or `undefined` when the input is anything it does not
 * accept for sure (invalid JSON, a value the object importer would reject, a duplicate key, an
 * escaped key it cannot match…): the caller then takes the JSON.parse path, which also produces the
 * exact error. So it never yields a different model, and never a different error.
 */
export function importCpuProfileBytes(bytes: Uint8Array, opts: CpuImportOptions = {}): Profile | undefined {
  return scan(new ByteJson(bytes), opts, bytes.length);
}

/**
 * The same, streaming: `read` fills a 1 MB window again and again (a 200 MB file is never in memory
 * at once). A unit (one node, one sample) that does not fit is re-read with a bigger window.
 * `sizeHint` (the file size) sizes the columns up front; `windowBytes` is for tests.
 */
export function importCpuProfileStream(read: ByteSource, opts: CpuImportOptions = {}, sizeHint = 0, windowBytes = WINDOW_BYTES): Profile | undefined {
  return scan(new ByteJson(undefined, read, windowBytes), opts, sizeHint);
}

function scan(j: ByteJson, opts: CpuImportOptions, sizeHint: number): Profile | undefined {
  try {
    return new CpuProfileScanner(j, opts.lineBase ?? 0, sizeHint).run(opts.defaultIntervalUs);
  } catch {
    // BAIL, a model error (unknown child id, cycle…) or a RangeError: the object path names it exactly
    return undefined;
  }
}

const TOP = keyTable(['nodes', 'startTime', 'endTime', 'samples', 'timeDeltas']);
const NODE = keyTable(['id', 'callFrame', 'hitCount', 'children', 'positionTicks']);
const TICK = keyTable(['line', 'ticks']);

const f64 = (n: number) => new F64Column(n);
const i32 = (n: number) => new I32Column(n);


class CpuProfileScanner {
  // per node (file order)
  private readonly ids: F64Column;
  private readonly frame: I32Column;
  private readonly hits: F64Column;
  /** children of node i: childIds[childEnd[i-1] .. childEnd[i]) (raw ids) */
  private readonly childEnd: I32Column;
  private readonly childIds: F64Column;
  /** positionTicks of node i: [tickEnd[i-1], tickEnd[i]) */
  private readonly tickEnd: I32Column;
  private readonly tickLine: I32Column;
  private readonly tickCount: I32Column;
  private readonly callFrames: CallFrameSpans;

  constructor(private readonly j: ByteJson, lineBase: 0 | 1, sizeHint: number) {
    this.callFrames = new CallFrameSpans(j, lineBase);
    // V8 writes ≈ 200 bytes per node: room for that many up front (pages never written cost
    // nothing), columns double if a profile is denser
    const guess = Math.min(Math.ceil(sizeHint / 150), 1 << 26);
    this.ids = f64(guess); this.frame = i32(guess); this.hits = f64(guess); this.childEnd = i32(guess);
    this.childIds = f64(guess); this.tickEnd = i32(guess); this.tickLine = i32(guess / 2); this.tickCount = i32(guess / 2);
  }

  run(defaultIntervalUs: number | undefined): Profile {
    const j = this.j;
    let seen = 0;
    let startTime = 0, endTime: number | undefined;
    let samples: F64Column | undefined, timeDeltas: F64Column | undefined;
    this.unit(() => { j.expect(123); if (j.ws() === 125) bail(); });
    // a value and the separator after it are one unit: a number cut by the window's edge would
    // otherwise read as a shorter number
    let more: boolean;
    do {
      const k = this.unit(() => j.key(TOP));
      if (k >= 0) {
        if (seen & (1 << k)) bail(); // duplicate key: JSON.parse keeps the last, let it
        seen |= 1 << k;
      }
      if (k === 0) { this.nodes(); more = this.unit(() => j.more(125)); }
      else if (k === 3) { samples = this.sampleIds(); more = this.unit(() => j.more(125)); }
      else if (k === 4) { timeDeltas = this.deltas(); more = this.unit(() => j.more(125)); }
      else if (k === 1) more = this.unit(() => { startTime = time(j.number()); return j.more(125); });
      else if (k === 2) more = this.unit(() => { endTime = time(j.number()); return j.more(125); });
      else more = this.unit(() => { j.skipValue(); return j.more(125); });
    } while (more);
    if (!j.atEnd() || !(seen & 1)) bail();
    return this.finish(startTime, endTime ?? startTime, samples?.take(), timeDeltas?.take(), defaultIntervalUs);
  }

  /** Runs a small step that keeps no state on failure; streaming, it is re-run when it did not fit the window. */
  private unit<T>(step: () => T): T {
    const j = this.j;
    for (;;) {
      j.ensure();
      const mark = j.p;
      try {
        return step();
      } catch (e) {
        if (e !== BAIL || j.eof) throw e;
        j.p = mark;
        j.grow();
      }
    }
  }

  private nodes(): void {
    const j = this.j;
    this.unit(() => { j.expect(91); if (j.ws() === 93) bail(); }); // "nodes is empty": the object path's error
    for (;;) {
      j.ensure();
      const mark = j.p, count = this.ids.n;
      let more: boolean;
      try {
        this.node();
        more = j.more(93);
      } catch (e) {
        if (e !== BAIL || j.eof) throw e;
        this.undoNodes(count);
        j.p = mark;
        j.grow();
        continue;
      }
      if (!more) return;
    }
  }

  /** Back to `count` nodes (a node that did not fit the window is read again): its pushes are dropped. */
  private undoNodes(count: number): void {
    this.ids.n = this.frame.n = this.hits.n = this.childEnd.n = this.tickEnd.n = count;
    this.childIds.n = count > 0 ? this.childEnd.a[count - 1] : 0;
    this.tickLine.n = this.tickCount.n = count > 0 ? this.tickEnd.a[count - 1] : 0;
  }

  private node(): void {
    const j = this.j;
    j.expect(123);
    let seen = 0, id = 0, frame = -1, hits = 0;
    if (j.ws() !== 125) {
      do {
        const k = j.key(NODE);
        if (k >= 0) {
          if (seen & (1 << k)) bail();
          seen |= 1 << k;
        }
        switch (k) {
          case 0: id = j.number(); if (!Number.isSafeInteger(id)) bail(); break;
          case 1: frame = this.callFrames.frameAt(); break;
          case 2: hits = j.number(); if (!(hits >= 0 && hits <= MAX_WEIGHT)) bail(); break;
          case 3: this.children(); break;
          case 4: this.positionTicks(); break;
          default: j.skipValue();
        }
      } while (j.more(125));
    } else j.p++;
    if (!(seen & 1) || frame < 0) bail();
    this.ids.push(id);
    this.frame.push(frame);
    this.hits.push(hits);
    this.childEnd.push(this.childIds.n);
    this.tickEnd.push(this.tickLine.n);
  }

  private children(): void {
    const j = this.j;
    j.expect(91);
    if (j.ws() === 93) { j.p++; return; }
    do {
      const id = j.number();
      if (!Number.isSafeInteger(id)) bail();
      this.childIds.push(id);
    } while (j.more(93));
  }

  private positionTicks(): void {
    const j = this.j;
    j.expect(91);
    if (j.ws() === 93) { j.p++; return; }
    do {
      j.expect(123);
      let seen = 0, line = 0, ticks = 0;
      if (j.ws() === 125) bail(); // a tick without line: the object path's error
      do {
        const k = j.key(TICK);
        if (k >= 0) {
          if (seen & (1 << k)) bail();
          seen |= 1 << k;
        }
        if (k === 0) { line = j.number(); if (!(Number.isSafeInteger(line) && line >= 1)) bail(); }
        else if (k === 1) { ticks = j.number(); if (!(Number.isSafeInteger(ticks) && ticks >= 0 && ticks < 2 ** 31)) bail(); }
        else j.skipValue();
      } while (j.more(125));
      if (seen !== 3) bail();
      this.tickLine.push(line);
      this.tickCount.push(ticks);
    } while (j.more(93));
  }

  /** '[' and whether the array is empty (then its ']' is consumed too). */
  private openArray(): boolean {
    const j = this.j;
    j.expect(91);
    const c = j.ws();
    if (c === -1) bail(); // cut by the window's edge: the unit is read again with more bytes
    if (c !== 93) return false;
    j.p++;
    return true;
  }

  /** samples: node ids (safe integers). Two functions, not one with a flag: each keeps one kind of check. */
  private sampleIds(): F64Column {
    const j = this.j;
    const out = f64(this.ids.n);
    if (this.unit(() => this.openArray())) return out;
    for (;;) {
      j.ensure();
      const mark = j.p, count = out.n;
      let more: boolean;
      try {
        const v = j.number();
        if (!Number.isSafeInteger(v)) bail();
        out.push(v);
        more = j.more(93);
      } catch (e) {
        if (e !== BAIL || j.eof) throw e;
        out.n = count;
        j.p = mark;
        j.grow();
        continue;
      }
      if (!more) return out;
    }
  }

  /** timeDeltas: finite, within ±MAX_WEIGHT. */
  private deltas(): F64Column {
    const j = this.j;
    const out = f64(this.ids.n);
    if (this.unit(() => this.openArray())) return out;
    for (;;) {
      j.ensure();
      const mark = j.p, count = out.n;
      let more: boolean;
      try {
        const v = j.number();
        if (!(v >= -MAX_WEIGHT && v <= MAX_WEIGHT)) bail();
        out.push(v);
        more = j.more(93);
      } catch (e) {
        if (e !== BAIL || j.eof) throw e;
        out.n = count;
        j.p = mark;
        j.grow();
        continue;
      }
      if (!more) return out;
    }
  }


  /** Ids → indices, parents from children lists, self weights, preorder tree; any model error → the object path. */
  private finish(startTime: number, endTime: number, samplesIn: Float64Array | undefined, deltasIn: Float64Array | undefined,
    defaultIntervalUs: number | undefined): Profile {
    const n = this.ids.n;
    const ids = this.ids.a;
    // one loop per function (see build-tree.ts: V8 recompiles a function once per long loop)
    const index = indexIds(ids, n);
    const parent = parentsFromChildren(index, n, this.childEnd.a, this.childIds.a);
    let samples: Int32Array | undefined, timeDeltas: Float64Array | undefined;
    if (samplesIn && deltasIn) {
      if (samplesIn.length !== deltasIn.length) bail();
      samples = sampleIndices(index, samplesIn);
      timeDeltas = deltasIn.slice();
    }
    const self = cpuSelfWeights(this.hits.take(), samples, timeDeltas, startTime, endTime, defaultIntervalUs);
    const tickStart = new Int32Array(n + 1);
    tickStart.set(this.tickEnd.take(), 1);
    return assembleCpuProfile({
      count: n, parent, frame: this.frame.take(), self, label: (i) => String(ids[i]),
      ticks: { start: tickStart, line: this.tickLine.take(), ticks: this.tickCount.take() },
    }, this.callFrames.frames.frames, startTime, endTime, samples, timeDeltas);
  }
}

function indexIds(ids: Float64Array, n: number): IdIndex {
  const index = new IdIndex(n);
  for (let i = 0; i < n; i++) {
    if (index.has(ids[i])) bail();
    index.set(ids[i], i);
  }
  return index;
}

function parentsFromChildren(index: IdIndex, n: number, childEnd: Int32Array, childIds: Float64Array): Int32Array {
  const parent = new Int32Array(n).fill(-1);
  for (let i = 0, k = 0; i < n; i++) {
    for (const end = childEnd[i]; k < end; k++) {
      const c = index.get(childIds[k]);
      if (c === undefined || c === i || parent[c] !== -1) bail();
      parent[c] = i;
    }
  }
  return parent;
}

function sampleIndices(index: IdIndex, ids: Float64Array): Int32Array {
  const samples = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const idx = index.get(ids[i]);
    if (idx === undefined) bail();
    samples[i] = idx;
  }
  return samples;
}

/** startTime/endTime: finite, within ±MAX_WEIGHT (as the object importer checks). */
function time(v: number): number {
  if (!(v >= -MAX_WEIGHT && v <= MAX_WEIGHT)) bail();
  return v;
}

