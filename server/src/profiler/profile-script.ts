/**
 * "Profile this script": capture (inspector), save the raw profiles, build the source-mapped
 * hotspot tables, attach measured cost to the static findings, write the summary. Used by the CLI
 * (`perflens profile`) and meant for the language server's `perflens/profile` request.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { captureProfile, type CaptureOptions, type CaptureResult, type CollectedProfiles, type ExitInfo, type HeapMode } from './capture';
import { planScriptLaunch } from './runners';
import { DEFAULT_PROFILE_DIR, profileBaseName, saveProfiles, writeSummary, type SavedPaths } from './save';
import { allocationHotspots, buildTables, functionHotspots, lineHotspots, profiledUserFiles, type AllocationHotspotOut, type FunctionHotspotOut, type LineHotspotOut, type ProfileTables } from './summarize';
import type { Finding } from '../engine/finding';
import { BackgroundAnalysis } from './background-analysis';
import { FindingsCache } from './findings-cache';
import { rankLinedFindingsIn, type LinedFinding } from './rank-costed';
import { toMappedCpuProfile } from './mapped-cpuprofile';
import { toMappedHeapProfile } from './mapped-heapprofile';
import { summaryFinding, type SummaryFinding } from './summary-finding';
export type { SummaryFinding } from './summary-finding';
import type { V8HeapProfile } from './v8-types';

export interface ProfileScriptOptions extends Omit<CaptureOptions, 'runtimeArgs' | 'env' | 'script' | 'cwd' | 'onCollected'> {
  script: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** extra runtime flags for the user's runtime */
  runtimeArgs?: string[];
  /** where profiles go (default <cwd>/.perflens/profiles) */
  outDir?: string;
  /** run the static analysis on the profiled files and rank its findings by cost (default true) */
  findings?: boolean;
  /** the project root for the analysis config (default cwd) */
  root?: string;
  /**
   * The findings of the sampled files from an analysis the caller already holds (the language
   * server's project, which has the compiler loaded and the files parsed), instead of the background
   * worker and its cache. Only for files whose text on disk is what the caller analysed: the
   * profile ran the disk text.
   */
  analyse?: (files: readonly string[]) => Promise<LinedFinding[]>;
}

/** Saved as `<…>.summary.json`; the CLI's `--json` prints the design.md subset of it. */
export interface ProfileSummary {
  script: string;
  args: string[];
  createdAt: string;
  /** the .cpuprofile to open: source-mapped (TypeScript shows its .ts lines) when any frame was mapped */
  profile?: string;
  /** the profile as V8 recorded it (generated positions), kept when `profile` is the mapped one */
  rawProfile?: string;
  /** source-mapped like `profile` when any allocating frame was mapped */
  heapProfile?: string;
  rawHeapProfile?: string;
  heapMode?: HeapMode;
  samplingIntervalUs: number;
  durationMs: number;
  startupMs: number;
  hotspots: LineHotspotOut[];
  functions: FunctionHotspotOut[];
  allocations: AllocationHotspotOut[];
  findings: SummaryFinding[];
  exit: ExitInfo;
  warnings: string[];
  /**
   * analyseMs: the static analysis in all (mostly while the script ran); analysisWaitMs: waited for
   * it after the run; filesAnalysedDuringRun/AfterRun: the script's import graph, then the sampled
   * files it missed (both 0 with `findings: false`); analysisCached: the graph's analysis came from
   * an earlier run of the unchanged files (findings-cache.ts; filesAnalysedDuringRun counts its files).
   */
  timings: { tableMs: number; analyseMs: number; analysisWaitMs?: number; filesAnalysedDuringRun?: number; filesAnalysedAfterRun?: number; analysisRestarted?: boolean; analysisCached?: boolean };
}

export interface ProfileRun {
  summary: ProfileSummary;
  paths: SavedPaths;
  capture: CaptureResult;
  tables: ProfileTables;
  findings: Finding[];
}

export async function profileScript(options: ProfileScriptOptions): Promise<ProfileRun> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const script = resolve(cwd, options.script);
  const plan = planScriptLaunch(script, cwd, options.env ?? process.env, options.runtimeArgs ?? []);
  const createdAt = new Date();
  // Heap sampling needs the Debugger domain too: it keeps scripts alive, and a heap sample whose
  // script was collected by the end loses its url and line (it reports scriptId only).
  const collectScripts = options.collectScripts ?? (plan.collectScripts || options.heap !== false);
  const root = resolve(options.root ?? cwd);
  // The analysis of the script and its imports runs in a worker while the script runs, unless an
  // earlier run's analysis of the same, unchanged files is in the cache.
  // (Our own settings come from our environment, not the script's.)
  const background = options.findings !== false && !options.analyse;
  const cache = background ? FindingsCache.open(script, root, __dirname) : undefined;
  const analysis = background ? BackgroundAnalysis.start(script, root, process.env, {}, cache) : undefined;
  const outDir = resolve(cwd, options.outDir ?? DEFAULT_PROFILE_DIR);
  // Tables and files are made while the profiled process exits (see CaptureOptions.onCollected).
  let made: { tables: ProfileTables; paths: SavedPaths; warnings: string[] } | undefined;
  const makeTablesAndSave = (c: CollectedProfiles): void => {
    made = tablesAndFiles(c, internalUrls(plan.internalScripts), outDir, profileBaseName(script, createdAt));
  };
  let capture: CaptureResult;
  try {
    capture = await captureProfile({ ...options, script, cwd, runtimeArgs: plan.runtimeArgs, env: plan.env, collectScripts, ownWorkerUrls: plan.ownWorkerUrls, onCollected: makeTablesAndSave });
  } catch (err) {
    analysis?.dispose();
    throw err;
  }
  const { tables, paths, warnings: tableWarnings } = made!;
  const warnings = [...capture.warnings, ...tableWarnings];

  let findings: Finding[] = [];
  let analyseMs = 0;
  let analysisWaitMs = 0;
  let during = 0;
  let after = 0;
  let restarted = false;
  let cached = false;
  if (options.findings !== false && options.analyse) {
    const t0 = performance.now();
    try {
      findings = rankLinedFindingsIn(await options.analyse(profiledUserFiles(tables.cpuTable)), tables.cpuTable);
    } catch (err) {
      warnings.push(`static analysis of the profiled files failed: ${(err as Error).message}`);
    }
    analyseMs = analysisWaitMs = performance.now() - t0;
  } else if (analysis) {
    try {
      const result = await analysis.collect(profiledUserFiles(tables.cpuTable));
      findings = rankLinedFindingsIn(result.findings, tables.cpuTable);
      if (result.analysed && cache) cache.store(result.analysed);
      cached = result.cached;
      analyseMs = result.analyseMs;
      analysisWaitMs = result.waitMs;
      during = result.before;
      after = result.after;
      restarted = result.restarted;
    } catch (err) {
      warnings.push(`static analysis of the profiled files failed: ${(err as Error).message}`);
    }
  }

  const summary: ProfileSummary = {
    script,
    args: options.args ?? [],
    createdAt: createdAt.toISOString(),
    profile: paths.cpuProfile,
    ...(paths.rawCpuProfile ? { rawProfile: paths.rawCpuProfile } : {}),
    heapProfile: paths.heapProfile,
    ...(paths.rawHeapProfile ? { rawHeapProfile: paths.rawHeapProfile } : {}),
    heapMode: capture.heapMode,
    samplingIntervalUs: options.samplingIntervalUs ?? 1000,
    durationMs: Math.round(capture.durationMs),
    startupMs: Math.round(capture.startupMs),
    hotspots: lineHotspots(tables.cpuTable),
    functions: functionHotspots(tables.cpuTable),
    allocations: allocationHotspots(tables.heapTable),
    findings: findings.map(summaryFinding),
    exit: capture.exit,
    warnings,
    timings: { tableMs: Math.round(tables.buildMs), analyseMs: Math.round(analyseMs), analysisWaitMs: Math.round(analysisWaitMs), filesAnalysedDuringRun: during, filesAnalysedAfterRun: after, ...(restarted ? { analysisRestarted: true } : {}), ...(cached ? { analysisCached: true } : {}) },
  };
  writeSummary(paths.summary, summary);
  return { summary, paths, capture, tables, findings };
}

/** The hotspot tables, and the raw and source-mapped profiles written to `outDir`. */
function tablesAndFiles(c: CollectedProfiles, internal: string[], outDir: string, baseName: string): { tables: ProfileTables; paths: SavedPaths; warnings: string[] } {
  const warnings: string[] = [];
  let tables: ProfileTables;
  try {
    tables = buildTables(c.cpuProfile, c.heapProfile, c.scripts, internal);
  } catch (err) {
    warnings.push(`the hotspot table could not be built: ${(err as Error).message}`);
    tables = { mapProblems: [], buildMs: 0 };
  }
  warnings.push(...tables.mapProblems);
  const paths = saveProfiles(outDir, baseName, c.cpuProfile, c.heapProfile, {
    cpu: mappedCpuForSaving(tables, warnings),
    heap: mappedHeapForSaving(c.heapProfile, tables, warnings),
  });
  return { tables, paths, warnings };
}

/** The source-mapped .cpuprofile to save as the main profile, when source maps moved any frame. */
function mappedCpuForSaving(tables: ProfileTables, warnings: string[]): object | undefined {
  if (!tables.cpu || !tables.cpu.frames.some((f) => f.original)) return undefined;
  try {
    const mapped = toMappedCpuProfile(tables.cpu);
    return mapped.mappedNodes > 0 ? mapped.profile : undefined;
  } catch (err) {
    warnings.push(`the source-mapped .cpuprofile was not written (the raw one was): ${(err as Error).message}`);
    return undefined;
  }
}

/** The source-mapped .heapprofile, likewise. */
function mappedHeapForSaving(raw: V8HeapProfile | undefined, tables: ProfileTables, warnings: string[]): object | undefined {
  if (!raw || !tables.heap || !tables.heap.frames.some((f) => f.original)) return undefined;
  try {
    const mapped = toMappedHeapProfile(raw, tables.heap);
    return mapped && mapped.mappedNodes > 0 ? mapped.profile : undefined;
  } catch (err) {
    warnings.push(`the source-mapped .heapprofile was not written (the raw one was): ${(err as Error).message}`);
    return undefined;
  }
}

/** Our own scripts run inside the profiled process; V8 reports them by file URL (or path). */
export function internalUrls(scripts: readonly string[]): string[] {
  return scripts.flatMap((s) => [pathToFileURL(s).href, s]);
}

