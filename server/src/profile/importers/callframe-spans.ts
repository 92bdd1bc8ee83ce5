import { FrameTable, oneBased } from '../frame-table';
import { I32Column } from '../columns';
import { bail, type ByteJson, keyTable } from './json-bytes';

/**
 * callFrame objects → frame index, for the byte-level importer. V8 writes the same frame with the
 * same bytes on every node, so a callFrame is looked up by its exact bytes (hash + full compare)
 * and parsed only the first time those bytes appear; FrameTable then merges different spellings of
 * one frame, as the object importer does. The bytes of each distinct span are copied to `store`
 * (when streaming, the window moves on).
 */
export class CallFrameSpans {
  readonly frames = new FrameTable();
  // span entries, found by hash through open addressing over entry numbers
  private slots = new Int32Array(1024).fill(-1);
  private readonly spanAt = new I32Column(1024);
  private readonly spanLength = new I32Column(1024);
  private readonly spanHash = new I32Column(1024);
  private readonly spanFrame = new I32Column(1024);
  /** first GUESS_BYTES bytes (hashed) → the last span entry that began with them, -1 none */
  private readonly guess = new Int32Array(GUESS_SLOTS).fill(-1);
  private store = new Uint8Array(1 << 16);
  private storeDv = new DataView(this.store.buffer);
  private storeUsed = 0;

  constructor(private readonly j: ByteJson, private readonly lineBase: 0 | 1) {}

  /**
   * The frame of a callFrame object: found by its exact bytes when seen before, else parsed
   * strictly and interned (FrameTable merges different spellings of the same frame).
   */
  frameAt(): number {
    const j = this.j, b = j.b, len = j.len, dv = j.dv;
    if (j.ws() !== 123) bail();
    const start = j.p;
    // shortcut: the last span that began with the same 32 bytes, compared in full. Equal bytes are
    // the same complete object (its end is fixed by its content), so no walk is needed
    let guessSlot = -1;
    if (start + GUESS_BYTES <= len) {
      let g = FNV_OFFSET;
      for (let k = 0; k < GUESS_BYTES; k += 4) g = Math.imul(g ^ dv.getInt32(start + k, true), FNV_PRIME);
      guessSlot = (g ^ (g >>> 15)) & (GUESS_SLOTS - 1);
      const e = this.guess[guessSlot];
      if (e >= 0) {
        const length = this.spanLength.a[e];
        if (start + length <= len && sameBytes(b, dv, start, this.store, this.storeDv, this.spanAt.a[e], length)) {
          j.p = start + length;
          return this.spanFrame.a[e];
        }
      }
    }
    const entry = this.walkCallFrame(start);
    if (guessSlot >= 0) this.guess[guessSlot] = entry;
    return this.spanFrame.a[entry];
  }

  /** The span entry of the callFrame at `start`: walked to its end, found by hash, or parsed and added. */
  private walkCallFrame(start: number): number {
    const j = this.j, b = j.b, len = j.len, dv = j.dv;
    // lenient walk to the matching '}' (strings and nesting respected), hashing what it passes:
    // string bodies 4 bytes at a time while a word holds no '"' or '\\' (SWAR test). The hash is a
    // function of the span's bytes alone (word steps are relative to the span), so equal spans hash equal.
    let p = start, depth = 0, h = FNV_OFFSET;
    for (;;) {
      if (p >= len) bail();
      const c = b[p++];
      h = Math.imul(h ^ c, FNV_PRIME);
      if (c === 34) {
        for (;;) {
          while (p + 4 <= len) {
            const v = dv.getInt32(p, true);
            const q = v ^ 0x22222222, s = v ^ 0x5c5c5c5c;
            if ((((q - 0x01010101) & ~q) | ((s - 0x01010101) & ~s)) & 0x80808080) break;
            h = Math.imul(h ^ v, FNV_PRIME);
            p += 4;
          }
          if (p >= len) bail();
          const d = b[p++];
          h = Math.imul(h ^ d, FNV_PRIME);
          if (d === 34) break;
          if (d === 92) {
            if (p >= len) bail();
            h = Math.imul(h ^ b[p++], FNV_PRIME);
          }
        }
      } else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) { if (--depth === 0) break; }
    }
    // final avalanche (murmur3 fmix32): the slot takes the low bits
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
    const length = p - start;
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (let e = this.slots[slot]; e >= 0; slot = (slot + 1) & mask, e = this.slots[slot]) {
      if (this.spanHash.a[e] === h && this.spanLength.a[e] === length && sameBytes(b, dv, start, this.store, this.storeDv, this.spanAt.a[e], length)) {
        j.p = p;
        return e;
      }
    }
    j.p = start;
    const frame = this.parseCallFrame();
    if (j.p !== p) bail(); // the strict parse must end where the walk did
    return this.remember(start, length, h, frame, slot);
  }

  /** Keeps a new callFrame span (its bytes copied: the window moves on) under `slot`; returns its entry. */
  private remember(start: number, length: number, h: number, frame: number, slot: number): number {
    if (this.storeUsed + length > this.store.length) {
      const bigger = new Uint8Array(Math.max(this.store.length * 2, this.storeUsed + length));
      bigger.set(this.store.subarray(0, this.storeUsed));
      this.store = bigger;
      this.storeDv = new DataView(bigger.buffer);
    }
    this.store.set(this.j.b.subarray(start, start + length), this.storeUsed);
    const entry = this.spanAt.n;
    this.spanAt.push(this.storeUsed); this.spanLength.push(length); this.spanHash.push(h); this.spanFrame.push(frame);
    this.storeUsed += length;
    this.slots[slot] = entry;
    if (entry * 2 > this.slots.length - 1) this.rehash();
    return entry;
  }

  /** Same checks and defaults as the object importer (functionName/url '' , scriptId '0', positions −1). */
  private parseCallFrame(): number {
    const j = this.j;
    j.expect(123);
    let seen = 0, name = '', url = '', scriptId = '0', line = -1, col = -1;
    if (j.ws() !== 125) {
      do {
        const k = j.key(FRAME);
        if (k >= 0) {
          if (seen & (1 << k)) bail();
          seen |= 1 << k;
        }
        if (k === 0) name = j.string();
        else if (k === 1) url = j.string();
        else if (k === 2) scriptId = j.ws() === 34 ? j.string() : String(j.number());
        else if (k === 3) line = position(j.number());
        else if (k === 4) col = position(j.number());
        else j.skipValue();
      } while (j.more(125));
    } else j.p++;
    return this.frames.intern(name, url, oneBased(line, this.lineBase), oneBased(col, this.lineBase), scriptId);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let e = 0; e < this.spanAt.n; e++) {
      let s = this.spanHash.a[e] & mask;
      while (slots[s] >= 0) s = (s + 1) & mask;
      slots[s] = e;
    }
    this.slots = slots;
  }
}

const FRAME = keyTable(['functionName', 'url', 'scriptId', 'lineNumber', 'columnNumber']);
const GUESS_BYTES = 32;
const GUESS_SLOTS = 1 << 14;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** callFrame.lineNumber/columnNumber: a safe integer ≥ −1 (−1 = unknown). */
function position(v: number): number {
  if (!(Number.isSafeInteger(v) && v >= -1)) bail();
  return v;
}


/** a[i, i+length) === c[k, k+length), 4 bytes per step (DataView reads unaligned words). */
function sameBytes(a: Uint8Array, aDv: DataView, i: number, c: Uint8Array, cDv: DataView, k: number, length: number): boolean {
  let x = 0;
  for (; x + 4 <= length; x += 4) if (aDv.getInt32(i + x, true) !== cDv.getInt32(k + x, true)) return false;
  for (; x < length; x++) if (a[i + x] !== c[k + x]) return false;
  return true;
}
