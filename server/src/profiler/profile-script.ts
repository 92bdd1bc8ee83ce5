/**
 * "Profile this script": capture (inspector), save the raw profiles, build the source-mapped
 * hotspot tables, attach measured cost to the static findings, write the summary. Used by the CLI
 * (`perflens profile`) and meant for the language server's `perflens/profile` request.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { captureProfile, type CaptureOptions, type CaptureResult, type ExitInfo, type HeapMode } from './capture';
import { planScriptLaunch } from './runners';
import { DEFAULT_PROFILE_DIR, profileBaseName, saveProfiles, writeSummary, type SavedPaths } from './save';
import { allocationHotspots, buildTables, functionHotspots, lineHotspots, profiledUserFiles, type AllocationHotspotOut, type FunctionHotspotOut, type LineHotspotOut, type ProfileTables } from './summarize';
import type { Finding } from '../engine/finding';

export interface ProfileScriptOptions extends Omit<CaptureOptions, 'runtimeArgs' | 'env' | 'script' | 'cwd'> {
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
}

export interface SummaryFinding {
  ruleId: string;
  file: string;
  line: number;
  message: string;
  severity: string;
  costMs?: number;
  share?: number;
}

/** Saved as `<…>.summary.json`; the CLI's `--json` prints the design.md subset of it. */
export interface ProfileSummary {
  script: string;
  args: string[];
  createdAt: string;
  profile?: string;
  heapProfile?: string;
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
  timings: { tableMs: number; analyseMs: number };
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
  const capture = await captureProfile({ ...options, script, cwd, runtimeArgs: plan.runtimeArgs, env: plan.env, collectScripts });

  const outDir = resolve(cwd, options.outDir ?? DEFAULT_PROFILE_DIR);
  const paths = saveProfiles(outDir, profileBaseName(script, createdAt), capture.cpuProfile, capture.heapProfile);
  const warnings = [...capture.warnings];
  let tables: ProfileTables;
  try {
    tables = buildTables(capture.cpuProfile, capture.heapProfile, capture.scripts, internalUrls(plan.runtimeArgs));
  } catch (err) {
    warnings.push(`the hotspot table could not be built: ${(err as Error).message}`);
    tables = { mapProblems: [], buildMs: 0 };
  }
  warnings.push(...tables.mapProblems);

  let findings: Finding[] = [];
  let analyseMs = 0;
  if (options.findings !== false) {
    try {
      // Loaded lazily: the engine and rules are large, and a profile is still useful without them.
      const { findingsWithCost } = await import('./findings');
      const files = profiledUserFiles(tables.cpuTable);
      const result = findingsWithCost(files, resolve(options.root ?? cwd), tables.cpuTable);
      findings = result.findings;
      analyseMs = result.analyseMs;
    } catch (err) {
      warnings.push(`static analysis of the profiled files failed: ${(err as Error).message}`);
    }
  }

  const summary: ProfileSummary = {
    script,
    args: options.args ?? [],
    createdAt: createdAt.toISOString(),
    profile: paths.cpuProfile,
    heapProfile: paths.heapProfile,
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
    timings: { tableMs: Math.round(tables.buildMs), analyseMs: Math.round(analyseMs) },
  };
  writeSummary(paths.summary, summary);
  return { summary, paths, capture, tables, findings };
}

/** Our own preload runs inside the profiled process; V8 reports it by file URL (or path). */
function internalUrls(runtimeArgs: readonly string[]): string[] {
  const i = runtimeArgs.indexOf('--require');
  const preload = i >= 0 ? runtimeArgs[i + 1] : undefined;
  return preload ? [pathToFileURL(preload).href, preload] : [];
}

function summaryFinding(f: Finding): SummaryFinding {
  return {
    ruleId: f.ruleId,
    file: f.file,
    line: f.range.start.line + 1,
    message: f.message,
    severity: f.severity,
    ...(f.cost ? { costMs: Number(f.cost.totalMs.toFixed(2)), share: Number(f.cost.share.toFixed(4)) } : {}),
  };
}
