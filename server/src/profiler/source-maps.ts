/**
 * Maps generated positions to original ones through source maps, once at capture: inline (data:
 * URL) or external `.map` files found through `//# sourceMappingURL=`, or the map URL V8 reported
 * in `Debugger.scriptParsed` (how maps of in-memory transforms such as the TS loader arrive).
 * Each script's map is loaded once and cached; scripts without a map map to nothing.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TraceMap, decodedMappings, originalPositionFor, GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND } from '@jridgewell/trace-mapping';
import type { ScriptInfo } from './v8-types';

/** 1-based line and column, like the profile model's SourceLocation. */
export interface MappedLocation {
  file: string;
  line: number;
  col: number;
  name?: string;
}

/** (url, 1-based line, 1-based col; col 0 = "line only") → original location. Same shape as the model's PositionMapper. */
export type LocationMapper = (url: string, line: number, col: number) => MappedLocation | undefined;

const MAX_SCRIPT_BYTES = 64 * 1024 * 1024;
/** How far up a line-only lookup may go when a generated line has no mapping of its own (blank, helper). */
const LINE_LOOKBACK = 2;

export class SourceMapCache {
  private readonly maps = new Map<string, TraceMap | null>();
  private readonly fromInspector = new Map<string, string>();
  /** problems loading maps, one per script (for a warning, never fatal) */
  readonly problems: string[] = [];

  /**
   * `internalUrls`: our own scripts inside the profiled process (the preload, the TS fallback
   * transformer). They are never mapped: their maps are not shipped in the packaged extension, and
   * a frame of ours must not turn into a source file of ours.
   */
  constructor(scripts: readonly ScriptInfo[] = [], internalUrls: readonly string[] = []) {
    for (const s of scripts) if (s.sourceMapURL) this.fromInspector.set(canonicalUrl(s.url), s.sourceMapURL);
    for (const url of internalUrls) this.maps.set(canonicalUrl(url), null);
  }

  /** The map for a script URL (file:///…, an absolute path), or null when it has none. */
  mapFor(url: string): TraceMap | null {
    const key = canonicalUrl(url);
    let map = this.maps.get(key);
    if (map === undefined) {
      map = this.load(key);
      this.maps.set(key, map);
    }
    return map;
  }

  private load(url: string): TraceMap | null {
    try {
      const reported = this.fromInspector.get(url);
      if (reported) return loadMapFromUrl(reported, url);
      const path = scriptPath(url);
      if (!path) return null;
      if (statSync(path).size > MAX_SCRIPT_BYTES) return null;
      const ref = findSourceMappingURL(readFileSync(path, 'utf8'));
      return ref ? loadMapFromUrl(ref, pathToFileURL(path).href) : null;
    } catch (err) {
      // Packages often ship a sourceMappingURL comment without the .map (TypeScript itself does);
      // debuggers fall back to the generated code quietly, and so do we. A broken map of the
      // user's own code is worth a warning.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && /[\\/]node_modules[\\/]/.test(url)) return null;
      this.problems.push(`${url}: source map not loaded (${(err as Error).message})`);
      return null;
    }
  }

  /** A `LocationMapper` over this cache, for the profile model's `mapFrames`. */
  readonly mapper: LocationMapper = (url, line, col) => {
    const map = url ? this.mapFor(url) : null;
    if (!map || line < 1) return undefined;
    return col > 0 ? mapPosition(map, line, col - 1) : mapLine(map, line);
  };
}

/**
 * One key per script: V8 names a CommonJS script by its path in heap profiles but by its file URL
 * in CPU profiles and `Debugger.scriptParsed`, so both forms must find the same (inspector) map.
 */
function canonicalUrl(url: string): string {
  if (url.startsWith('file://') || !isAbsolute(url)) return url;
  try {
    return pathToFileURL(url).href;
  } catch {
    return url;
  }
}

function scriptPath(url: string): string | undefined {
  if (url.startsWith('file://')) return fileURLToPath(url);
  if (isAbsolute(url)) return url;
  return undefined;
}

/** The last `//# sourceMappingURL=` (or `//@`) comment of a script. */
export function findSourceMappingURL(code: string): string | undefined {
  const tail = code.length > 1_000_000 ? code.slice(code.lastIndexOf('sourceMappingURL=') - 8) : code;
  const re = /\/\/[#@]\s*sourceMappingURL=(\S+)\s*$/gm;
  let last: string | undefined;
  for (let m = re.exec(tail); m; m = re.exec(tail)) last = m[1];
  return last;
}

function loadMapFromUrl(ref: string, scriptUrl: string): TraceMap {
  if (ref.startsWith('data:')) return new TraceMap(decodeDataUrl(ref), scriptUrl);
  const base = scriptUrl.startsWith('file://') ? fileURLToPath(scriptUrl) : scriptUrl;
  const mapPath = ref.startsWith('file://') ? fileURLToPath(ref) : resolvePath(dirname(base), decodeURIComponent(ref));
  return new TraceMap(readFileSync(mapPath, 'utf8'), pathToFileURL(mapPath).href);
}

function decodeDataUrl(url: string): string {
  const comma = url.indexOf(',');
  if (comma < 0) throw new Error('malformed data: URL');
  const meta = url.slice(5, comma);
  const body = url.slice(comma + 1);
  return meta.endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
}

function toLocation(source: string | null, line: number, column: number, name: string | null | undefined): MappedLocation | undefined {
  if (source === null || line < 1) return undefined;
  const file = source.startsWith('file://') ? fileURLToPath(source) : source;
  return { file, line, col: column + 1, ...(name ? { name } : {}) };
}

/** A function position (1-based line, 0-based column). */
export function mapPosition(map: TraceMap, line: number, column: number): MappedLocation | undefined {
  let o = originalPositionFor(map, { line, column, bias: GREATEST_LOWER_BOUND });
  if (o.source === null) o = originalPositionFor(map, { line, column, bias: LEAST_UPPER_BOUND });
  return toLocation(o.source, o.line ?? 0, o.column ?? 0, o.name);
}

/**
 * A positionTicks line (no column): the first mapped segment on that generated line. Without a
 * line-preserving transform (e.g. minified output) this is only as good as the generator allows.
 */
export function mapLine(map: TraceMap, line: number): MappedLocation | undefined {
  const lines = decodedMappings(map);
  for (let l = line; l >= 1 && l > line - 1 - LINE_LOOKBACK; l--) {
    const segments = lines[l - 1];
    if (!segments) continue;
    for (const seg of segments) {
      if (seg.length >= 4) return toLocation(map.resolvedSources[seg[1]!] ?? null, seg[2]! + 1, seg[3]!, seg.length === 5 ? map.names[seg[4]!] : undefined);
    }
  }
  return undefined;
}
