/**
 * A strict JSON scanner over UTF-8 bytes, for importers that read a known shape straight into
 * typed columns (no decode of the whole file to one string, no object per value).
 *
 * Contract: it may REFUSE valid JSON (throws `BAIL`; the caller then falls back to JSON.parse), but
 * it never accepts invalid JSON and never reads a value differently from JSON.parse. Numbers:
 * plain integers of ≤ 15 digits are computed exactly; every other literal goes through Number(),
 * which rounds exactly as JSON.parse does. Strings decoded here must be valid UTF-8 (else BAIL, so
 * the U+FFFD replacement stays the text decoder's business); strings that are only skipped accept
 * any byte ≥ 0x20, as JSON.parse does after decoding. Pure: runs in the webview too.
 *
 * Input is the whole file, or a window refilled from a `ByteSource` only at unit boundaries
 * (`ensure`); a unit cut by the window's edge BAILs, and the caller re-reads it after `grow`.
 */

/** Thrown (one shared instance, no stack work) when the scanner will not decide; the caller falls back. */
export const BAIL: { readonly bail: true } = Object.freeze({ bail: true });
export function bail(): never {
  throw BAIL;
}

/** Deeper nesting than this in skipped values is refused (JSON.parse handles it on the fallback). */
const MAX_SKIP_DEPTH = 256;

/** Object keys an importer recognises, as bytes; `key()` answers with the index into `names`. */
export interface KeyTable {
  names: readonly string[];
  bytes: readonly Uint8Array[];
}
export function keyTable(names: readonly string[]): KeyTable {
  return { names, bytes: names.map((n) => Uint8Array.from(n, (ch) => ch.charCodeAt(0))) };
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** Latin-1 bytes [from, to) as a string (callers pass ASCII only). Chunked: apply() has an argument limit. */
function ascii(b: Uint8Array, from: number, to: number): string {
  if (to - from <= 4096) return String.fromCharCode.apply(null, b.subarray(from, to) as unknown as number[]);
  let s = '';
  for (let p = from; p < to; p += 4096) s += String.fromCharCode.apply(null, b.subarray(p, Math.min(to, p + 4096)) as unknown as number[]);
  return s;
}

function fromUnits(units: number[]): string {
  let s = '';
  for (let k = 0; k < units.length; k += 4096) s += String.fromCharCode.apply(null, units.slice(k, k + 4096));
  return s;
}

/**
 * Reads up to `length` bytes of the input into `into` at `offset`; returns how many (0 at the end).
 * Lets the scanner stream a file through a small window instead of holding all of it.
 */
export type ByteSource = (into: Uint8Array, offset: number, length: number) => number;

/** Streaming window: 1 MB by default, topped up when less than 1/16 of it is left at a unit boundary. */
export const WINDOW_BYTES = 1 << 20;

export class ByteJson {
  /** read position in `b` */
  p = 0;
  /** the valid bytes: a view of exactly [0, len) of the window, so reads past them give undefined */
  b: Uint8Array;
  len: number;
  /** the same bytes, for 4-byte reads */
  dv: DataView;
  /** true when `b` ends where the input ends */
  eof: boolean;
  private window: Uint8Array;
  private readonly ensureBytes: number;

  /** Whole input in memory (`bytes`), or streamed from `source` through a window of `windowBytes`. */
  constructor(bytes: Uint8Array | undefined, private readonly source?: ByteSource, windowBytes = WINDOW_BYTES) {
    // a plain Uint8Array view even for a node Buffer: the hot loops see one array type
    this.window = bytes ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(Math.max(16, windowBytes));
    this.ensureBytes = this.window.length >> 4;
    this.b = this.window;
    this.len = bytes ? bytes.length : 0;
    this.dv = new DataView(this.window.buffer, this.window.byteOffset, this.len);
    this.eof = !source;
    if (source) this.refill(false);
  }

  /**
   * At a unit boundary (nothing before `p` is needed any more): make sure a good stretch of input
   * is in the window. Units are re-parsed from their start with `grow` when they did not fit.
   */
  ensure(): void {
    if (!this.eof && this.len - this.p < this.ensureBytes) this.refill(false);
  }

  /** After a unit failed with BAIL before the end of input: keep from `p` (its start), read more (double room when needed). */
  grow(): void {
    this.refill(true);
  }

  private refill(grow: boolean): void {
    const source = this.source;
    if (!source || this.eof) return;
    const keep = this.len - this.p;
    let win = this.window;
    if (grow && keep > win.length / 2) {
      const bigger = new Uint8Array(win.length * 2);
      bigger.set(win.subarray(this.p, this.len));
      win = this.window = bigger;
    } else if (this.p > 0) win.copyWithin(0, this.p, this.len);
    let len = keep;
    while (len < win.length) {
      const got = source(win, len, win.length - len);
      if (!(got > 0)) { this.eof = true; break; }
      len += got;
    }
    this.p = 0;
    this.len = len;
    this.b = win.subarray(0, len);
    this.dv = new DataView(win.buffer, win.byteOffset, len);
  }

  /** Skips JSON whitespace; returns the byte at the new position (-1 at the end). */
  ws(): number {
    const b = this.b;
    let p = this.p;
    let c = p < this.len ? b[p] : -1;
    while (c === 32 || c === 10 || c === 13 || c === 9) c = ++p < this.len ? b[p] : -1;
    this.p = p;
    return c;
  }

  /** Whitespace, then `c` (consumed), else BAIL. */
  expect(c: number): void {
    if (this.ws() !== c) bail();
    this.p++;
  }

  /** After a member or element: true for ',' (consumed), false for `close` (consumed), else BAIL. */
  more(close: number): boolean {
    const c = this.ws();
    this.p++;
    if (c === 44) return true;
    if (c !== close) bail();
    return false;
  }

  /** A JSON number (after whitespace), exactly as JSON.parse reads it. */
  number(): number {
    this.ws();
    const b = this.b;
    const start = this.p;
    let p = start;
    let c = b[p];
    const neg = c === 45;
    if (neg) c = b[++p];
    let v = 0;
    let digits = 0;
    if (c === 48) {
      c = b[++p];
      digits = 1;
      if (isDigit(c)) bail(); // leading zero: not JSON
    } else if (c >= 49 && c <= 57) {
      do { v = v * 10 + (c - 48); digits++; c = b[++p]; } while (c >= 48 && c <= 57);
    } else bail();
    if (c === 46 || c === 101 || c === 69) {
      if (c === 46) {
        c = b[++p];
        if (!isDigit(c)) bail();
        do c = b[++p]; while (isDigit(c));
      }
      if (c === 101 || c === 69) {
        c = b[++p];
        if (c === 43 || c === 45) c = b[++p];
        if (!isDigit(c)) bail();
        do c = b[++p]; while (isDigit(c));
      }
      this.p = p;
      return Number(ascii(b, start, p));
    }
    this.p = p;
    if (digits > 15) return Number(ascii(b, start, p));
    return neg ? -v : v;
  }

  /** A JSON string value (after whitespace), decoded. */
  string(): string {
    if (this.ws() !== 34) bail();
    const b = this.b;
    const start = ++this.p;
    for (let p = start; p < this.len; p++) {
      const c = b[p];
      if (c === 34) { this.p = p + 1; return ascii(b, start, p); }
      if (c === 92 || c < 32 || c > 127) return this.slowString(start);
    }
    return bail();
  }

  /** Strings with escapes or non-ASCII bytes: JSON unescape (incl. \uXXXX, lone surrogates as JSON.parse keeps them) + strict UTF-8. */
  private slowString(start: number): string {
    const b = this.b, len = this.len;
    const units: number[] = [];
    let p = start;
    const cont = (): number => {
      const c = p < len ? b[p++] : -1;
      if (c < 0x80 || c > 0xbf) bail();
      return c & 0x3f;
    };
    for (;;) {
      if (p >= len) bail();
      const c = b[p++];
      if (c === 34) break;
      if (c < 32) bail();
      if (c === 92) {
        const e = p < len ? b[p++] : -1;
        if (e === 34 || e === 92 || e === 47) units.push(e);
        else if (e === 98) units.push(8);
        else if (e === 102) units.push(12);
        else if (e === 110) units.push(10);
        else if (e === 114) units.push(13);
        else if (e === 116) units.push(9);
        else if (e === 117) {
          if (p + 4 > len) bail();
          for (let k = 0; k < 4; k++) if (!isHex(b[p + k])) bail();
          units.push(parseInt(ascii(b, p, p + 4), 16));
          p += 4;
        } else bail();
      } else if (c < 0x80) units.push(c);
      else if (c >= 0xc2 && c <= 0xdf) units.push(((c & 0x1f) << 6) | cont());
      else if (c >= 0xe0 && c <= 0xef) {
        const cp = ((c & 0x0f) << 12) | (cont() << 6) | cont();
        if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) bail(); // overlong or an encoded surrogate
        units.push(cp);
      } else if (c >= 0xf0 && c <= 0xf4) {
        const cp = ((c & 0x07) << 18) | (cont() << 12) | (cont() << 6) | cont();
        if (cp < 0x10000 || cp > 0x10ffff) bail();
        units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
      } else bail();
    }
    this.p = p;
    return fromUnits(units);
  }

  /** Skips a string whose opening quote is consumed; validates escapes and control characters. */
  private skipStringBody(): void {
    const b = this.b, len = this.len;
    let p = this.p;
    for (;;) {
      if (p >= len) bail();
      const c = b[p++];
      if (c === 34) break;
      if (c === 92) {
        const e = p < len ? b[p++] : -1;
        if (e === 117) {
          if (p + 4 > len) bail();
          for (let k = 0; k < 4; k++) if (!isHex(b[p + k])) bail();
          p += 4;
        } else if (!(e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116)) bail();
      } else if (c < 32) bail();
    }
    this.p = p;
  }

  /**
   * An object key and its ':' (after whitespace): the index in `table`, or -1 for a key the table
   * does not know (its value is then the caller's to skip).
   */
  key(table: KeyTable): number {
    if (this.ws() !== 34) bail();
    const b = this.b;
    const from = ++this.p;
    let p = from;
    for (;;) {
      if (p >= this.len) bail();
      const c = b[p];
      if (c === 34) break;
      if (c === 92 || c < 32) {
        // an escaped key ("\u0069d" is "id"): decode it properly
        this.p = from - 1;
        const k = table.names.indexOf(this.string());
        this.expect(58);
        return k;
      }
      p++;
    }
    this.p = p + 1;
    this.expect(58);
    const n = p - from;
    outer: for (let t = 0; t < table.bytes.length; t++) {
      const kb = table.bytes[t];
      if (kb.length !== n) continue;
      for (let x = 0; x < n; x++) if (b[from + x] !== kb[x]) continue outer;
      return t;
    }
    return -1;
  }

  /** Skips any JSON value (after whitespace), validating it. */
  skipValue(depth = 0): void {
    if (depth > MAX_SKIP_DEPTH) bail();
    const c = this.ws();
    if (c === 34) { this.p++; this.skipStringBody(); return; }
    if (c === 123) {
      this.p++;
      if (this.ws() === 125) { this.p++; return; }
      do {
        if (this.ws() !== 34) bail();
        this.p++;
        this.skipStringBody();
        this.expect(58);
        this.skipValue(depth + 1);
      } while (this.more(125));
      return;
    }
    if (c === 91) {
      this.p++;
      if (this.ws() === 93) { this.p++; return; }
      do this.skipValue(depth + 1); while (this.more(93));
      return;
    }
    if (c === 116) return this.literal('true');
    if (c === 102) return this.literal('false');
    if (c === 110) return this.literal('null');
    this.number();
  }

  private literal(word: string): void {
    for (let k = 0; k < word.length; k++) if (this.b[this.p + k] !== word.charCodeAt(k)) bail();
    this.p += word.length;
  }

  /** True at the end of the input after trailing whitespace. */
  atEnd(): boolean {
    for (;;) {
      if (this.ws() !== -1) return false;
      if (this.eof) return true;
      this.refill(false);
    }
  }
}
