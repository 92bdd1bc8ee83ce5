/**
 * `analyzePaths` on more than one core: the files are split into parts that need no common program
 * (partition.ts: import-graph components, tsconfig projects whole, global scripts shared) and each
 * part is analysed by `analyzePaths` in its own worker thread. Parsing and binding — most of a
 * large scan — then run side by side; the findings are those of the one-program run.
 *
 * Worth it only for large inputs: each worker pays its own start-up, lib files and checker
 * (~1 s CPU), so small scans, a single project that is one component (rxjs), or an uneven split
 * return `undefined` and the caller runs `analyzePaths` in-thread.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisProblem, Finding } from './finding';
import { compareFindings } from './finding';
import { createIgnoreMatcher, type PerfLensConfig } from './config';
import { MAX_FILE_BYTES } from './files';
import { cpuMs, dedupeProblems, filesListedBy, listTargets, projectConfigsFor, type AnalyzePathsResult, type AnalyzeTimings } from './analyze-paths';
import { partitionFiles } from './partition';
import { INFERRED_COMPILER_OPTIONS } from './project-host';

export interface ParallelAnalyzeOptions {
  paths: readonly string[];
  root: string;
  config: PerfLensConfig;
  /** the bundled worker entry (cli/analyze-worker.ts → dist/analyze-worker.js) */
  workerFile: string;
  /** threads to use (≥ 2, else nothing is done in parallel) */
  workers: number;
  /** below this many bytes of source the in-thread run is cheaper (default 3 MB) */
  minBytes?: number;
}

/** What a worker gets (structured-cloned): an `analyzePaths` call for its part. */
export interface WorkerTask {
  root: string;
  files: string[];
  configs: string[];
  sharedFiles: string[];
  config: PerfLensConfig;
}

export type WorkerReply = { ok: true; result: Omit<AnalyzePathsResult, 'files' | 'projects'> } | { ok: false; message: string };

const MIN_SHARE = 0.2;

export async function analyzePathsInWorkers(options: ParallelAnalyzeOptions): Promise<AnalyzePathsResult | undefined> {
  if (options.workers < 2) return undefined;
  const root = resolve(options.root);
  const t0 = performance.now();
  const absPaths = options.paths.map((p) => resolve(root, p));
  const files = listTargets(absPaths, createIgnoreMatcher(root, options.config));
  const texts = new Map<string, string>();
  let total = 0;
  for (const f of files) {
    try {
      if (statSync(f).size > MAX_FILE_BYTES) continue;
      const text = readFileSync(f, 'utf8');
      texts.set(f, text);
      total += text.length;
    } catch {
      // unreadable: the worker that gets it reports it
    }
  }
  if (total < (options.minBytes ?? 3 * 1024 * 1024)) return undefined;

  const projects = projectConfigsFor(absPaths, files);
  const targets = new Set(files);
  const ownerConfig = new Map<string, string>();
  const broken: string[] = [];
  for (const configPath of projects) {
    const listed = filesListedBy(configPath);
    if (listed === 'broken') {
      broken.push(configPath);
      continue;
    }
    for (const f of listed) if (targets.has(f) && !ownerConfig.has(f)) ownerConfig.set(f, configPath);
  }
  const partition = partitionFiles({ files, texts, ownerConfig, compilerOptions: INFERRED_COMPILER_OPTIONS }, options.workers);
  const { parts } = partition;
  if (parts.length < 2 || Math.min(...parts.map((p) => p.bytes)) < MIN_SHARE * total) return undefined;
  // a broken config only yields its PL1006 problem (its files fall back to the inferred project): any part may report it
  parts[0]!.configs.push(...broken);
  const t1 = performance.now();

  const replies = await Promise.all(
    parts.map((part) => runWorker(options.workerFile, { root, files: part.files, configs: part.configs, sharedFiles: partition.shared, config: options.config })),
  );
  const findings: Finding[] = [];
  const problems: AnalysisProblem[] = [];
  let analysed = 0;
  const timings: AnalyzeTimings[] = [];
  for (const r of replies) {
    findings.push(...r.findings);
    problems.push(...r.problems);
    analysed += r.analysed;
    timings.push(r.timings);
  }
  findings.sort(compareFindings);
  const max = (pick: (t: AnalyzeTimings) => number): number => Math.max(...timings.map(pick));
  return {
    files,
    analysed,
    projects,
    findings,
    problems: dedupeProblems(problems).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    timings: {
      listMs: t1 - t0,
      projectsMs: max((t) => t.projectsMs),
      parseMs: max((t) => t.parseMs),
      analyseMs: max((t) => t.analyseMs),
      // process.cpuUsage() is per process: a worker's phase CPU includes the other threads'
      cpuMs: { projects: max((t) => t.cpuMs.projects), parse: max((t) => t.cpuMs.parse), analyse: max((t) => t.cpuMs.analyse) },
      slowest: timings.flatMap((t) => t.slowest).sort((a, b) => b.ms - a.ms).slice(0, 5),
      parts: parts.map((p) => ({ files: p.files.length, bytes: p.bytes })),
      sharedFiles: partition.shared.length,
    },
  };
}

function runWorker(workerFile: string, task: WorkerTask): Promise<Omit<AnalyzePathsResult, 'files' | 'projects'>> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(workerFile, { workerData: task });
    let settled = false;
    worker.once('message', (reply: WorkerReply) => {
      settled = true;
      if (reply.ok) resolvePromise(reply.result);
      else reject(new Error(reply.message));
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`analysis worker exited with code ${code} before replying`));
    });
  });
}

export { cpuMs };
