/**
 * Profiles an npm script or any command line: every node process it starts loads our preload
 * through NODE_OPTIONS and writes its own CPU/heap profile (pid in the name) into one run folder.
 * Worker threads are skipped (main thread only); profiles are flushed on exit and on SIGINT/SIGTERM
 * when the process does not handle those itself.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeExit, type ExitInfo, type HeapMode } from './capture';
import { killTree } from './launch';
import { preloadPath } from './preload-path';
import { PRELOAD_ENV } from './preload-env';
import { nodeOptionsWithPreload } from './runners';
import { DEFAULT_PROFILE_DIR, profileBaseName, writeSummary } from './save';
import { buildTables, functionHotspots, lineHotspots, allocationHotspots, profiledUserFiles, type FunctionHotspotOut, type LineHotspotOut, type AllocationHotspotOut, type ProfileTables } from './summarize';
import { BackgroundAnalysis } from './background-analysis';
import { rankLinedFindingsIn, type LinedFinding } from './rank-costed';
import { summaryFinding, type SummaryFinding } from './summary-finding';

export interface ProfileCommandOptions {
  /** a shell command line, e.g. `npm test` or `node a.js && node b.js` */
  command: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  outDir?: string;
  samplingIntervalUs?: number;
  heap?: HeapMode | false;
  timeoutMs?: number;
  signal?: AbortSignal;
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  /** give the command this process's stdin (a pipe or file only; see CaptureOptions.inheritStdin) */
  inheritStdin?: boolean;
  /** resolved v8-profiler-next module: profile with it instead of node:inspector */
  v8ProfilerNext?: string;
  /** analyse the user files the processes ran and rank each process's findings by its cost (default true) */
  findings?: boolean;
  /** the project root for the analysis config (default cwd) */
  root?: string;
}

export interface ProcessProfile {
  pid: number;
  ppid: number;
  argv: string[];
  profile?: string;
  heapProfile?: string;
  /** how this process ended, as its exit handler saw it */
  reason: string;
  code: number | null;
  hotspots: LineHotspotOut[];
  functions: FunctionHotspotOut[];
  allocations: AllocationHotspotOut[];
  /** static findings in the files this process ran, ranked by what they cost in it */
  findings: SummaryFinding[];
}

export interface CommandRun {
  command: string;
  dir: string;
  durationMs: number;
  exit: ExitInfo;
  processes: ProcessProfile[];
  warnings: string[];
}

export async function profileCommand(options: ProfileCommandOptions): Promise<CommandRun> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const preload = preloadPath();
  const dir = resolve(cwd, options.outDir ?? DEFAULT_PROFILE_DIR, profileBaseName(options.command.split(/\s+/).slice(0, 3).join('-')));
  const base = options.env ?? process.env;
  const env: NodeJS.ProcessEnv = {
    ...base,
    NODE_OPTIONS: nodeOptionsWithPreload(base.NODE_OPTIONS, preload),
    [PRELOAD_ENV.profileDir]: dir,
    [PRELOAD_ENV.interval]: String(options.samplingIntervalUs ?? 1000),
    [PRELOAD_ENV.heap]: options.heap === false ? 'off' : (options.heap ?? 'live'),
  };
  delete env[PRELOAD_ENV.capture];
  if (options.v8ProfilerNext) env[PRELOAD_ENV.v8ProfilerNext] = options.v8ProfilerNext;
  else delete env[PRELOAD_ENV.v8ProfilerNext];
  // The compiler loads in a worker while the command runs; which files to analyse is known after.
  const analysis = options.findings !== false ? BackgroundAnalysis.prepare(resolve(options.root ?? cwd)) : undefined;
  const started = performance.now();
  const child = spawn(options.command, { cwd, env, shell: true, stdio: [options.inheritStdin ? 'inherit' : 'ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32', windowsHide: true });
  child.stdout.setEncoding('utf8').on('data', (d: string) => options.onStdout?.(d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => options.onStderr?.(d));
  const exited = new Promise<{ code: number | null; signal: string | null; error?: Error }>((r) => {
    child.once('exit', (code, signal) => r({ code, signal }));
    child.once('error', (error) => r({ code: null, signal: null, error }));
  });
  const closed = new Promise<void>((r) => child.once('close', () => r()));

  let cause: 'finished' | 'timeout' | 'cancelled' = 'finished';
  const stop = (why: 'timeout' | 'cancelled'): void => {
    if (cause !== 'finished') return;
    cause = why;
    // SIGTERM lets each process's preload flush its profile; SIGKILL only if they do not go.
    killTree(child, 'SIGTERM');
    setTimeout(() => killTree(child, 'SIGKILL'), 3000).unref();
  };
  const timer = options.timeoutMs ? setTimeout(() => stop('timeout'), options.timeoutMs) : undefined;
  const onAbort = (): void => stop('cancelled');
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const status = await exited;
  await Promise.race([closed, new Promise((r) => setTimeout(r, 3000).unref())]);
  if (timer) clearTimeout(timer);
  options.signal?.removeEventListener('abort', onAbort);
  const durationMs = performance.now() - started;

  const warnings: string[] = [];
  if (status.error) warnings.push(`could not run "${options.command}": ${status.error.message}`);
  const read = readProcessProfiles(dir, preload, warnings);
  const processes = read.map((r) => r.process);
  if (analysis) await rankFindings(analysis, read, warnings);
  if (processes.length === 0) warnings.push('no node process wrote a profile (did the command start node? NODE_OPTIONS may be overridden or stripped by the tool)');
  const run: CommandRun = {
    command: options.command,
    dir,
    durationMs: Math.round(durationMs),
    exit: describeExit(cause, status.code, status.signal, options.timeoutMs),
    processes,
    warnings,
  };
  if (existsSync(dir)) writeSummary(join(dir, 'summary.json'), run);
  return run;
}

/** Each process's findings: one analysis of every user file any process sampled, costed per process. */
async function rankFindings(analysis: BackgroundAnalysis, read: readonly ReadProcess[], warnings: string[]): Promise<void> {
  const files = [...new Set(read.flatMap((r) => profiledUserFiles(r.tables.cpuTable)))].sort();
  if (files.length === 0) {
    analysis.dispose();
    return;
  }
  let lined: LinedFinding[];
  try {
    lined = (await analysis.collect(files)).findings;
  } catch (err) {
    warnings.push(`static analysis of the profiled files failed: ${(err as Error).message}`);
    return;
  }
  for (const { process: p, tables } of read) {
    const table = tables.cpuTable;
    if (!table) continue;
    const ran = new Set(profiledUserFiles(table));
    p.findings = rankLinedFindingsIn(lined.filter((l) => ran.has(l.finding.file)), table).map(summaryFinding);
  }
}

interface ReadProcess {
  process: ProcessProfile;
  tables: ProfileTables;
}

function readProcessProfiles(dir: string, preload: string, warnings: string[]): ReadProcess[] {
  if (!existsSync(dir)) return [];
  const out: ReadProcess[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.process.json')).sort()) {
    const base = join(dir, name.slice(0, -'.process.json'.length));
    try {
      const info = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { pid: number; ppid: number; argv: string[]; reason: string; code: number | null; lineBase?: 0 | 1 };
      const cpuPath = existsSync(`${base}.cpuprofile`) ? `${base}.cpuprofile` : undefined;
      const heapPath = existsSync(`${base}.heapprofile`) ? `${base}.heapprofile` : undefined;
      const tables = buildTables(
        cpuPath ? JSON.parse(readFileSync(cpuPath, 'utf8')) : undefined,
        heapPath ? JSON.parse(readFileSync(heapPath, 'utf8')) : undefined,
        [],
        [pathToFileURL(preload).href, preload],
        info.lineBase === 1 ? 1 : 0,
      );
      const process: ProcessProfile = {
        pid: info.pid,
        ppid: info.ppid,
        argv: info.argv,
        profile: cpuPath,
        heapProfile: heapPath,
        reason: info.reason,
        code: info.code,
        hotspots: lineHotspots(tables.cpuTable, undefined, 20),
        functions: functionHotspots(tables.cpuTable, undefined, 20),
        allocations: allocationHotspots(tables.heapTable, undefined, 10),
        findings: [],
      };
      out.push({ process, tables });
    } catch (err) {
      warnings.push(`${name}: ${(err as Error).message}`);
    }
  }
  return out;
}
