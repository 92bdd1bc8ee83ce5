/**
 * The static analysis of a profile run, overlapped with the run: started before the script, in a
 * worker thread, on the script and the project files it imports; after the run only the sampled
 * files it has not seen are analysed. The parent never loads ts-morph (start-up of the CLI's
 * `profile` path stays small, and the thread that relays output and resumes the debugger is never
 * blocked). Where no worker entry exists (a bundle without dist/analysis-worker.js), it runs in
 * this thread after the script, as before.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisProblem } from '../engine/finding';
import type { AnalysisReply, AnalysisRequest } from './analysis-worker';
import type { AnalysedFiles } from './findings';
import type { FindingsCache } from './findings-cache';
import type { LinedFinding } from './rank-costed';

export interface AnalysisOutcome {
  /** findings in the requested (sampled) files only, with their cost lines */
  findings: LinedFinding[];
  problems: AnalysisProblem[];
  /** CPU-thread ms the analysis took in all (mostly while the script ran, when overlapped) */
  analyseMs: number;
  /** ms the caller waited for it after the run */
  waitMs: number;
  /** files analysed before the run ended (the import graph), and after it */
  before: number;
  after: number;
  overlapped: boolean;
  /** the import graph was far larger than what ran and not done yet: dropped for the sampled files alone */
  restarted: boolean;
  /** the import graph's analysis came from the findings cache (findings-cache.ts) */
  cached: boolean;
  /**
   * Everything known after this run, for the findings cache: the import graph's analysis (fresh or
   * cached) and the sampled files analysed after the run; absent when the graph analysis was dropped.
   */
  analysed?: AnalysedFiles;
}

export interface BackgroundAnalysisOptions {
  /**
   * When the run ends before the import graph is analysed, and the graph has more than this many
   * files and over twice as many as were sampled, the graph analysis is dropped and only the
   * sampled files are analysed (a fresh worker costs ~1 s; a big graph can cost far more).
   */
  restartAbove?: number;
  /** analyse files the cache missed in this thread, not a worker */
  noWorker?: boolean;
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Pending = { resolve: (r: AnalysedFiles) => void; reject: (e: Error) => void };

/** Env override to force the in-thread path (tests, and a way out if workers misbehave somewhere). */
export const NO_ANALYSIS_WORKER_ENV = 'PERFLENS_NO_ANALYSIS_WORKER';

export class BackgroundAnalysis {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly graph: Promise<AnalysedFiles> | undefined;
  private graphDone = false;
  private graphFiles: number | undefined;
  private failure: Error | undefined;

  private constructor(
    private readonly worker: Worker | undefined,
    script: string | undefined,
    private readonly root: string,
    private readonly options: BackgroundAnalysisOptions = {},
    private readonly cached?: AnalysedFiles,
  ) {
    if (!worker) return;
    worker.on('message', (reply: AnalysisReply) => this.onReply(reply));
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => this.failAll(new Error(`the analysis worker exited (code ${code})`)));
    if (script === undefined) return;
    this.graph = this.request({ kind: 'graph', script, root });
    // Only the caller's `collect` decides; an early failure is reported there.
    this.graph.then(() => (this.graphDone = true), () => (this.graphDone = true));
  }

  /**
   * Starts analysing `script` and its static imports under `root` now, in a worker when one can
   * start; or, when `cache` holds the analysis of unchanged files, starts nothing and uses it.
   */
  static start(script: string, root: string, env: NodeJS.ProcessEnv = process.env, options: BackgroundAnalysisOptions = {}, cache?: FindingsCache): BackgroundAnalysis {
    const cached = cache?.lookup();
    if (cached) return new BackgroundAnalysis(undefined, undefined, root, { ...options, noWorker: Boolean(env[NO_ANALYSIS_WORKER_ENV]) }, cached);
    return new BackgroundAnalysis(env[NO_ANALYSIS_WORKER_ENV] ? undefined : startWorker(), script, root, options);
  }

  /**
   * Starts the worker (and its compiler load) now, for files named only after a run (a profiled
   * command line: what its processes ran is known from their profiles).
   */
  static prepare(root: string, env: NodeJS.ProcessEnv = process.env): BackgroundAnalysis {
    return new BackgroundAnalysis(env[NO_ANALYSIS_WORKER_ENV] ? undefined : startWorker(), undefined, root);
  }

  /** How far the import-graph analysis is: its size once known, and whether it finished. */
  get progress(): { graphFiles?: number; graphDone: boolean } {
    return { graphFiles: this.graphFiles, graphDone: this.graphDone };
  }

  /** The findings of `sampled` files: from the early analysis, plus an analysis of the files it missed. */
  async collect(sampled: readonly string[]): Promise<AnalysisOutcome> {
    const t0 = performance.now();
    const wanted = new Set(sampled);
    try {
      if (this.cached) return await this.fromCache(this.cached, sampled, wanted, t0);
      if (!this.worker) return await this.inThread(sampled, wanted, t0);
      if (!this.graph) {
        const only = await this.request({ kind: 'files', files: [...sampled], root: this.root });
        return { ...outcome(only.findings, only.problems, wanted, only.analyseMs, performance.now() - t0, 0, sampled.length, false), analysed: only };
      }
      const graphFiles = this.graphFiles;
      const restartAbove = this.options.restartAbove ?? 40;
      if (!this.graphDone && graphFiles !== undefined && graphFiles > restartAbove && graphFiles > 2 * sampled.length) {
        this.dispose();
        const worker = startWorker();
        const only = await this.analyseAside(sampled, worker);
        return { ...outcome(only.findings, only.problems, wanted, only.analyseMs, performance.now() - t0, 0, sampled.length, worker !== undefined), restarted: true };
      }
      const early = await this.graph;
      const seen = new Set(early.files);
      const missing = sampled.filter((f) => !seen.has(f));
      const late = missing.length ? await this.request({ kind: 'files', files: missing, root: this.root }) : undefined;
      const all = merge(early, late);
      return { ...outcome(all.findings, all.problems, wanted, all.analyseMs, performance.now() - t0, early.files.length, missing.length, true), analysed: all };
    } finally {
      this.dispose();
    }
  }

  /** The cached graph analysis, plus a fresh one of the sampled files it does not cover. */
  private async fromCache(cached: AnalysedFiles, sampled: readonly string[], wanted: ReadonlySet<string>, t0: number): Promise<AnalysisOutcome> {
    const seen = new Set(cached.files);
    const missing = sampled.filter((f) => !seen.has(f));
    const late = missing.length > 0 ? await this.analyseAside(missing, this.options.noWorker ? undefined : startWorker()) : undefined;
    const all = merge(cached, late);
    return {
      ...outcome(all.findings, all.problems, wanted, late?.analyseMs ?? 0, performance.now() - t0, cached.files.length, missing.length, false),
      cached: true,
      ...(late ? { analysed: all } : {}),
    };
  }

  /** `files` analysed in a new `worker` (this one's graph analysis is cached or dropped), or in this thread without one. */
  private async analyseAside(files: readonly string[], worker: Worker | undefined): Promise<AnalysedFiles> {
    if (!worker) {
      const { analyseFiles } = await import('./findings');
      return analyseFiles(files, this.root);
    }
    const fresh = new BackgroundAnalysis(worker, undefined, this.root);
    try {
      return await fresh.request({ kind: 'files', files: [...files], root: this.root });
    } finally {
      fresh.dispose();
    }
  }

  private async inThread(sampled: readonly string[], wanted: ReadonlySet<string>, t0: number): Promise<AnalysisOutcome> {
    const all = await this.analyseAside(sampled, undefined);
    return outcome(all.findings, all.problems, wanted, all.analyseMs, performance.now() - t0, 0, sampled.length, false);
  }

  dispose(): void {
    if (this.worker) void this.worker.terminate().catch(() => undefined);
  }

  private request(req: WithoutId<AnalysisRequest>): Promise<AnalysedFiles> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<AnalysedFiles>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage({ ...req, id } as AnalysisRequest);
    });
  }

  private onReply(reply: AnalysisReply): void {
    if ('progress' in reply) {
      this.graphFiles = reply.progress.files;
      return;
    }
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.result);
    else p.reject(new Error(reply.message));
  }

  private failAll(err: Error): void {
    this.failure ??= err;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(err);
    }
  }
}

function merge(a: AnalysedFiles, b: AnalysedFiles | undefined): AnalysedFiles {
  if (!b) return a;
  const inputs = a.inputs && b.inputs ? [...new Map([...a.inputs, ...b.inputs].map((i) => [i.path, i])).values()] : undefined;
  return {
    files: [...new Set([...a.files, ...b.files])],
    findings: [...a.findings, ...b.findings],
    // the second analysis ran in the first one's host: its project-level problems come again
    problems: [...new Map([...a.problems, ...b.problems].map((p) => [`${p.code}\0${p.file ?? ''}\0${p.message}`, p])).values()],
    analyseMs: a.analyseMs + b.analyseMs,
    ...(inputs ? { inputs } : {}),
  };
}

function outcome(findings: LinedFinding[], problems: AnalysisProblem[], wanted: ReadonlySet<string>, analyseMs: number, waitMs: number, before: number, after: number, overlapped: boolean): AnalysisOutcome {
  return { findings: findings.filter((l) => wanted.has(l.finding.file)), problems: problems.filter((p) => !p.file || wanted.has(p.file)), analyseMs, waitMs, before, after, overlapped, restarted: false, cached: false };
}

/**
 * Bundled (dist/cli.js, dist/server.js): dist/analysis-worker.js beside us. From source (tests,
 * tsx): the .ts entry through tsx's CommonJS register, which a worker does not inherit.
 */
function startWorker(): Worker | undefined {
  try {
    const bundled = join(__dirname, 'analysis-worker.js');
    if (existsSync(bundled)) return existsSync(join(__dirname, 'ts-morph.js')) ? new Worker(bundled) : undefined;
    const source = join(__dirname, 'analysis-worker.ts');
    if (!existsSync(source)) return undefined;
    const tsxApi = require.resolve('tsx/cjs/api', { paths: [__dirname] });
    return new Worker(`require(${JSON.stringify(tsxApi)}).register(); require(${JSON.stringify(source)});`, { eval: true });
  } catch {
    return undefined;
  }
}
