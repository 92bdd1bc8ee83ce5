/**
 * Worker-thread entry (dist/analysis-worker.js): the static analysis of a profile run, off the
 * thread that relays the script's output and talks to its inspector. Requests are answered in
 * order; `graph` analyses the script and the project files it imports, `files` analyses more.
 * Bundled, ts-morph is the sidecar dist/ts-morph.js: it is loaded first, through a V8 code cache
 * (code-cache.ts), before anything requires it; that load is most of the worker's cost.
 */
import { parentPort } from 'node:worker_threads';
import { preloadTsMorphSidecar } from './code-cache';
import type { AnalysedFiles } from './findings';

export type AnalysisRequest =
  | { id: number; kind: 'graph'; script: string; root: string }
  | { id: number; kind: 'files'; files: string[]; root: string };

export type AnalysisReply =
  | { id: number; ok: true; result: AnalysedFiles }
  | { id: number; ok: false; message: string }
  /** sent before a `graph` analysis starts: how many files it is about to analyse */
  | { id: number; progress: { files: number } };

type Engine = typeof import('./findings') & typeof import('./import-graph');
let engine: Engine | undefined;
/** One host per worker (a worker serves one run): a later request reuses the programs already built. */
let host: ReturnType<Engine['createRunHost']> | undefined;

/** ts-morph (through the code cache when bundled), then the modules that import it. */
function loadEngine(): Engine {
  if (engine) return engine;
  preloadTsMorphSidecar(__dirname, 'analysis-worker.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  engine = { ...(require('./findings') as typeof import('./findings')), ...(require('./import-graph') as typeof import('./import-graph')) };
  return engine;
}

function handle(req: AnalysisRequest): AnalysedFiles {
  const { analyseFiles, staticImportGraph, createRunHost } = loadEngine();
  host ??= createRunHost();
  if (req.kind === 'graph') {
    const files = staticImportGraph(req.script, { root: req.root });
    parentPort!.postMessage({ id: req.id, progress: { files: files.length } } satisfies AnalysisReply);
    return analyseFiles(files, req.root, host);
  }
  return analyseFiles(req.files, req.root, host);
}

parentPort?.on('message', (req: AnalysisRequest) => {
  let reply: AnalysisReply;
  try {
    reply = { id: req.id, ok: true, result: handle(req) };
  } catch (err) {
    reply = { id: req.id, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});

// Start loading the engine now, not on the first request: the request arrives a moment later and
// the load overlaps the script's start-up either way.
setImmediate(() => {
  try {
    loadEngine();
  } catch {
    /* reported by the first request that needs it */
  }
});
