import { categorize, type PositionMapper, type Profile, type SourceLocation } from './model';

/**
 * Resolves every frame and every positionTicks line to its original source location, once (the
 * capture engineer calls this right after capture with a source-map backed `mapper`). Mutates and
 * returns `profile`. Results are cached per (url, line, col), so a mapper is called at most once
 * per distinct position. A mapper that throws or returns junk leaves that position unmapped.
 * Frames are called with their 1-based function position; line ticks with col 0 ("line only").
 * Categories are recomputed from the original file (a bundle's frames may come from node_modules).
 */
export function mapFrames(profile: Profile, mapper: PositionMapper): Profile {
  // url → packed (line, col) → result; numeric inner keys keep 100k+ line lookups cheap
  const cache = new Map<string, Map<number, SourceLocation | null>>();
  const lookup = (url: string, line: number, col: number): SourceLocation | undefined => {
    let byPos = cache.get(url);
    if (!byPos) { byPos = new Map(); cache.set(url, byPos); }
    const key = line * 2 ** 21 + Math.min(col, 2 ** 21 - 1);
    const hit = byPos.get(key);
    if (hit !== undefined) return hit ?? undefined;
    let result: SourceLocation | undefined;
    try {
      result = validLocation(mapper(url, line, col));
    } catch {
      result = undefined;
    }
    byPos.set(key, result ?? null);
    return result;
  };
  for (const frame of profile.frames) {
    if (!frame.url || frame.line <= 0) continue;
    const original = lookup(frame.url, frame.line, frame.col);
    if (!original) continue;
    frame.original = original;
    frame.category = categorize(frame.name, frame.url, original.file);
  }
  const { tree, lineTicks } = profile;
  const originals: (SourceLocation | undefined)[] = new Array(lineTicks.line.length);
  for (let node = 0; node < tree.size; node++) {
    const from = lineTicks.start[node];
    const to = lineTicks.start[node + 1];
    if (from === to) continue;
    const url = profile.frames[tree.frame[node]].url;
    if (!url) continue;
    for (let e = from; e < to; e++) originals[e] = lookup(url, lineTicks.line[e], 0);
  }
  lineTicks.original = originals;
  return profile;
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
