import { categorize, type Frame } from './model';

/** Interns frames by (name, url, line, col): importers call `intern` once per node. */
export class FrameTable {
  readonly frames: Frame[] = [];
  // url → packed position → name → id: no string building per lookup (hot for 1M-node profiles)
  private readonly index = new Map<string, Map<number, Map<string, number>>>();

  /** line/col are 1-based, 0 = unknown. */
  intern(name: string, url: string, line: number, col: number, scriptId = '0'): number {
    const shown = name === '' ? '(anonymous)' : name;
    let byPos = this.index.get(url);
    if (!byPos) { byPos = new Map(); this.index.set(url, byPos); }
    // exact packing while col < 2^21 and line < 2^31; beyond that fall back to a name-qualified key
    const packed = col < 2 ** 21 && line < 2 ** 31 ? line * 2 ** 21 + col : -1;
    const nameKey = packed >= 0 ? shown : `${shown}\u0000${line}\u0000${col}`;
    let byName = byPos.get(packed);
    if (!byName) { byName = new Map(); byPos.set(packed, byName); }
    let id = byName.get(nameKey);
    if (id === undefined) {
      id = this.frames.length;
      this.frames.push({ name: shown, url, line, col, category: categorize(shown, url), scriptId });
      byName.set(nameKey, id);
    }
    return id;
  }
}

/** A V8 0-based line/column (-1 = unknown) as a 1-based one (0 = unknown). */
export function oneBased(v8Position: number, base: 0 | 1): number {
  if (!Number.isFinite(v8Position) || v8Position < 0) return 0;
  return base === 0 ? v8Position + 1 : v8Position;
}
