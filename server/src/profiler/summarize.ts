/**
 * Raw V8 profiles → the profile model, source-mapped once (the profile model's `mapFrames` with a
 * `SourceMapCache`), and the hotspot tables the CLI, the LSP and the summary file show.
 */
import { importCpuProfile, importHeapProfile } from '../profile/importers/index';
import { mapFrames } from '../profile/map-frames';
import { buildHotspots, type HotspotTable, type HotspotRow } from '../profile/hotspots';
import type { Profile } from '../profile/model';
import { calleesOfLines, lineKey } from '../profile/line-callees';
import { SourceMapCache } from './source-maps';
import { withSourcePositions } from './source-positions';
import type { ScriptInfo, V8CpuProfile, V8HeapProfile } from './v8-types';

export interface LineHotspotOut {
  file: string;
  line: number;
  selfMs: number;
  totalMs: number;
  /** self share of the profile's active (non-idle) time, 0..1: what the line itself costs */
  share: number;
  /** the functions this line calls that cost the most (top 3 by total), when it calls any */
  callees?: LineCalleeOut[];
}

export interface LineCalleeOut {
  name: string;
  file: string;
  line: number;
  totalMs: number;
  /** total share of the profile's active time, 0..1 */
  share: number;
}

export interface FunctionHotspotOut {
  name: string;
  file: string;
  line: number;
  selfMs: number;
  totalMs: number;
}

export interface AllocationHotspotOut {
  name: string;
  file: string;
  line: number;
  /** sampled bytes allocated by the function itself (live at the end, or all, per heap mode) */
  selfBytes: number;
  totalBytes: number;
  share: number;
}

export interface ProfileTables {
  cpu?: Profile;
  heap?: Profile;
  cpuTable?: HotspotTable;
  heapTable?: HotspotTable;
  /** source-map problems (not fatal) */
  mapProblems: string[];
  /** ms spent importing, mapping and aggregating (what "time to the hotspot table" means) */
  buildMs: number;
}

/**
 * `internalUrls`: scripts of our own (the preload) that run inside the profiled process; their
 * frames are re-categorised as 'program' so they never show as the user's code.
 */
export function buildTables(cpuRaw: V8CpuProfile | undefined, heapRaw: V8HeapProfile | undefined, scripts: readonly ScriptInfo[] = [], internalUrls: readonly string[] = [], lineBase: 0 | 1 = 0): ProfileTables {
  const t0 = performance.now();
  const maps = new SourceMapCache(scripts, internalUrls);
  const out: ProfileTables = { mapProblems: maps.problems, buildMs: 0 };
  if (cpuRaw) {
    out.cpu = markInternal(mapFrames(importCpuProfile(cpuRaw, { lineBase }), maps.mapper), internalUrls);
    out.cpuTable = buildHotspots(out.cpu);
  }
  if (heapRaw) {
    out.heap = markInternal(mapFrames(importHeapProfile(heapRaw, { lineBase }), maps.mapper), internalUrls);
    out.heapTable = buildHotspots(out.heap);
  }
  out.buildMs = performance.now() - t0;
  return out;
}

/**
 * The tables of a profile read from a file (a saved or foreign .cpuprofile/.heapprofile): frames of
 * compiled code are shown at their source positions (source-positions.ts), as at capture; a profile
 * saved by `perflens profile` is already mapped and stays as it is.
 */
export function tablesOfModel(profile: Profile): ProfileTables {
  const t0 = performance.now();
  const { profile: mapped, problems } = withSourcePositions(profile);
  const table = buildHotspots(mapped);
  const out: ProfileTables = mapped.kind === 'cpu' ? { cpu: mapped, cpuTable: table, mapProblems: problems, buildMs: 0 } : { heap: mapped, heapTable: table, mapProblems: problems, buildMs: 0 };
  out.buildMs = performance.now() - t0;
  return out;
}

/**
 * Re-categorises frames that are not the user's code although the model's url rules call them
 * 'user': our own preload ('program'), and WebAssembly (wasm://, e.g. undici's HTTP parser: 'native').
 */
function markInternal(profile: Profile, urls: readonly string[]): Profile {
  const set = new Set(urls);
  for (const frame of profile.frames) {
    if (set.has(frame.url)) frame.category = 'program';
    else if (frame.url.startsWith('wasm://')) frame.category = 'native';
  }
  return profile;
}

const round = (v: number, digits = 2): number => Number(v.toFixed(digits));

/** The user's own lines, hottest (self) first. */
export function lineHotspots(table: HotspotTable | undefined, exclude: FileFilter = none, limit = 50): LineHotspotOut[] {
  if (!table) return [];
  const rows = userRows(table.lines, exclude).slice(0, limit);
  const callees = calleesOfLines(table, rows);
  return rows.map((r) => {
    const out: LineHotspotOut = { file: r.file, line: r.line, selfMs: round(r.selfMs), totalMs: round(r.totalMs), share: round(r.selfShare, 4) };
    const calls = callees.get(lineKey(r.file, r.line));
    if (calls?.length) out.callees = calls.map((c) => ({ name: c.name, file: c.file, line: c.line, totalMs: round(c.totalMs), share: round(c.share, 4) }));
    return out;
  });
}

export function functionHotspots(table: HotspotTable | undefined, exclude: FileFilter = none, limit = 50): FunctionHotspotOut[] {
  if (!table) return [];
  return userRows(table.functions, exclude)
    .slice(0, limit)
    .map((r) => ({ name: r.name, file: r.file, line: r.line, selfMs: round(r.selfMs), totalMs: round(r.totalMs) }));
}

/** Heap profiles are function-level: each row is an allocating function at its definition line. */
export function allocationHotspots(table: HotspotTable | undefined, exclude: FileFilter = none, limit = 20): AllocationHotspotOut[] {
  if (!table) return [];
  return userRows(table.functions, exclude)
    .slice(0, limit)
    .map((r) => ({ name: r.name, file: r.file, line: r.line, selfBytes: Math.round(r.self), totalBytes: Math.round(r.total), share: round(r.selfShare, 4) }));
}

export type FileFilter = (file: string) => boolean;
const none: FileFilter = () => false;

function userRows<T extends HotspotRow>(rows: readonly T[], exclude: FileFilter): T[] {
  return rows.filter((r) => r.category === 'user' && r.file && r.line > 0 && r.self > 0 && !exclude(r.file));
}

/** The user files that appear in the profile (what the static analysis should look at). */
export function profiledUserFiles(table: HotspotTable | undefined, exclude: FileFilter = none): string[] {
  if (!table) return [];
  const files = new Set<string>();
  for (const r of table.lines) if (r.category === 'user' && ABSOLUTE.test(r.file)) files.add(r.file);
  for (const r of table.functions) if (r.category === 'user' && ABSOLUTE.test(r.file)) files.add(r.file);
  return [...files].filter((f) => !exclude(f)).sort();
}

const ABSOLUTE = /^(?:[A-Za-z]:)?\//;
