import { categorize, type Frame, type PositionMapper, type Profile, type SourceLocation } from './model';

/**
 * Resolves every frame and every positionTicks line to its original source location, once (the
 * capture engineer calls this right after capture with a source-map backed `mapper`). Mutates and
 * returns `profile`. Results are cached per (url, line, col), so a mapper is called at most once
 * per distinct position. A mapper that throws or returns junk leaves that position unmapped.
 * Frames are called with their 1-based function position; line ticks with col 0 ("line only").
 * Categories are recomputed from the original file (a bundle's frames may come from node_modules).
 */
export function mapFrames(profile: Profile, mapper: PositionMapper): Profile {
  const cache = new MapperCache(mapper);
  // two functions, one long loop each (V8 recompiles a function once per long-running loop)
  mapFunctionPositions(profile.frames, cache);
  profile.lineTicks.original = mapTickLines(profile, cache);
  return profile;
}

/**
 * Asks the mapper at most once per distinct position. Per url: function positions by packed (line,
 * col), and "line only" lookups (col 0) by line, a small-integer key for the 100k+ tick lookups.
 */
class MapperCache {
  private readonly byUrl = new Map<string, UrlCache>();
  constructor(private readonly mapper: PositionMapper) {}
  forUrl(url: string): UrlCache {
    let c = this.byUrl.get(url);
    if (!c) { c = { positions: new Map(), lines: new Map() }; this.byUrl.set(url, c); }
    return c;
  }
  position(url: string, line: number, col: number): SourceLocation | undefined {
    if (col === 0) return this.line(this.forUrl(url), url, line);
    const c = this.forUrl(url);
    const key = line * 2 ** 21 + Math.min(col, 2 ** 21 - 1);
    let original = c.positions.get(key);
    if (original === undefined) { original = this.ask(url, line, col); c.positions.set(key, original); }
    return original ?? undefined;
  }
  line(c: UrlCache, url: string, line: number): SourceLocation | undefined {
    let original = c.lines.get(line);
    if (original === undefined) { original = this.ask(url, line, 0); c.lines.set(line, original); }
    return original ?? undefined;
  }
  private ask(url: string, line: number, col: number): SourceLocation | null {
    try {
      return validLocation(this.mapper(url, line, col)) ?? null;
    } catch {
      return null;
    }
  }
}

function mapFunctionPositions(frames: Frame[], cache: MapperCache): void {
  for (const frame of frames) {
    if (!frame.url || frame.line <= 0) continue;
    const original = cache.position(frame.url, frame.line, frame.col);
    if (!original) continue;
    frame.original = original;
    frame.category = categorize(frame.name, frame.url, original.file);
  }
}

function mapTickLines(profile: Profile, cache: MapperCache): (SourceLocation | undefined)[] {
  const { tree, lineTicks, frames } = profile;
  const originals: (SourceLocation | undefined)[] = new Array(lineTicks.line.length);
  const frameCache: (UrlCache | null | undefined)[] = new Array(frames.length);
  for (let node = 0; node < tree.size; node++) {
    const from = lineTicks.start[node];
    const to = lineTicks.start[node + 1];
    if (from === to) continue;
    const f = tree.frame[node];
    let c = frameCache[f];
    if (c === undefined) c = frameCache[f] = frames[f].url ? cache.forUrl(frames[f].url) : null;
    if (c === null) continue;
    for (let e = from; e < to; e++) originals[e] = cache.line(c, frames[f].url, lineTicks.line[e]);
  }
  return originals;
}

interface UrlCache {
  positions: Map<number, SourceLocation | null>;
  /** col 0 ("line only") lookups */
  lines: Map<number, SourceLocation | null>;
}

function validLocation(v: unknown): SourceLocation | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const loc = v as Record<string, unknown>;
  if (typeof loc.file !== 'string' || !loc.file) return undefined;
  if (typeof loc.line !== 'number' || !Number.isFinite(loc.line) || loc.line < 1) return undefined;
  const col = typeof loc.col === 'number' && Number.isFinite(loc.col) && loc.col >= 0 ? loc.col : 0;
  const out: SourceLocation = { file: loc.file, line: Math.floor(loc.line), col };
  if (typeof loc.name === 'string' && loc.name) out.name = loc.name;
  return out;
}
