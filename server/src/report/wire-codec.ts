/**
 * Column codec of the packed flame tree (FlameTreePacked): non-negative integers as unsigned LEB128
 * varints, base64 text. JSON-safe (a string survives postMessage and a JSON script tag) and about a
 * third of the size of a JSON number array, which matters because the report page's HTML parser and
 * a webview's postMessage both pay per byte. Pure: no node: or DOM imports (btoa/atob are globals in
 * Node ≥ 16 and in every browser), so the host encodes and the webview decodes with the same file.
 */

/** Appends varints to a growable byte buffer. */
export class VarintWriter {
  private bytes = new Uint8Array(1024);
  private n = 0;

  /** `v` must be a non-negative safe integer. */
  push(v: number): void {
    if (this.n + 8 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    // arithmetic, not bit operations: weights may exceed 2^31
    while (v >= 128) {
      this.bytes[this.n++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    this.bytes[this.n++] = v;
  }

  toBase64(): string {
    return bytesToBase64(this.bytes.subarray(0, this.n));
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));

/** Standard base64 with padding, via a table into ASCII bytes (btoa on a binary string was ~30× slower in Node). */
export function bytesToBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = CODES[v >>> 18]!;
    out[o++] = CODES[(v >>> 12) & 63]!;
    out[o++] = CODES[(v >>> 6) & 63]!;
    out[o++] = CODES[v & 63]!;
  }
  if (i < n) {
    const two = i + 1 < n;
    const v = (bytes[i]! << 16) | (two ? bytes[i + 1]! << 8 : 0);
    out[o++] = CODES[v >>> 18]!;
    out[o++] = CODES[(v >>> 12) & 63]!;
    out[o++] = two ? CODES[(v >>> 6) & 63]! : 61;
    out[o++] = 61;
  }
  return new TextDecoder('latin1').decode(out);
}

/** zigzag: small negative and positive deltas both become small unsigned numbers */
export const zigzag = (v: number): number => (v < 0 ? -2 * v - 1 : 2 * v);
export const unzigzag = (u: number): number => (u % 2 === 1 ? -(u + 1) / 2 : u / 2);

export function packUints(values: ArrayLike<number>): string {
  const w = new VarintWriter();
  for (let i = 0; i < values.length; i++) w.push(values[i]!);
  return w.toBase64();
}

/**
 * Decodes exactly `count` varints into `out` (Int32Array or Float64Array). Throws a readable error
 * when the text is not base64 or holds fewer/more numbers than announced.
 */
/** base64 → bytes: the native decoder where the browser has one (Chromium ≥ 140), else atob. */
function base64Bytes(text: string, what: string): Uint8Array {
  const native = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  try {
    if (native) return native(text);
    const bin = atob(text);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    throw new Error(`${what} is not valid base64`);
  }
}

/**
 * Decodes exactly `count` varints into `out` (Int32Array or Float64Array). Throws a readable error
 * when the text is not base64 or holds fewer/more numbers than announced.
 */
export function unpackUints<T extends Int32Array | Float64Array>(text: unknown, count: number, out: T, what: string): T {
  if (typeof text !== 'string') throw new Error(`${what} is not packed text`);
  const bytes = base64Bytes(text, what);
  const len = bytes.length;
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p >= len) throw new Error(`${what} ends early (${i} of ${count})`);
    let b = bytes[p++]!;
    if (b < 128) { out[i] = b; continue; }
    let v = b & 127;
    let mul = 128;
    for (;;) {
      if (p >= len) throw new Error(`${what} ends early (${i} of ${count})`);
      b = bytes[p++]!;
      v += (b & 127) * mul;
      if (b < 128) break;
      mul *= 128;
      if (mul > 2 ** 56) throw new Error(`${what} holds a number that is too large`);
    }
    out[i] = v;
  }
  if (p !== len) throw new Error(`${what} has ${len - p} bytes left over`);
  return out;
}

/** Non-negative weights: the integer part packed, the rare non-integer values exactly as [index, value] pairs. */
export interface PackedWeights {
  ints: string;
  /** flat [index, exact value, index, exact value, …] for the values that are not integers */
  exact?: number[];
}

export function packWeights(values: ArrayLike<number>): PackedWeights {
  const w = new VarintWriter();
  const exact: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const safe = v > 0 && Number.isFinite(v) ? v : 0;
    const int = Math.floor(safe);
    w.push(int);
    if (int !== safe) exact.push(i, safe);
  }
  return exact.length ? { ints: w.toBase64(), exact } : { ints: w.toBase64() };
}

export function unpackWeights(packed: unknown, count: number, what: string): Float64Array {
  if (typeof packed !== 'object' || packed === null) throw new Error(`${what} is missing`);
  const { ints, exact } = packed as PackedWeights;
  const out = unpackUints(ints, count, new Float64Array(count), what);
  if (exact !== undefined) {
    if (!Array.isArray(exact) || exact.length % 2 !== 0) throw new Error(`${what} has malformed exact values`);
    for (let k = 0; k < exact.length; k += 2) {
      const i = exact[k];
      const v = exact[k + 1];
      if (!Number.isInteger(i) || i < 0 || i >= count || typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) {
        throw new Error(`${what} has an invalid exact value`);
      }
      out[i] = v;
    }
  }
  return out;
}
