/**
 * Worker-thread entry (dist/analyze-worker.js) of a parallel `perflens analyze`
 * (engine/analyze-parallel.ts): `analyzePaths` over this worker's part of the files, result posted
 * back once. ts-morph is loaded through the V8 code cache first, as in analyze.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { preloadTsMorphSidecar } from '../profiler/code-cache';
import type { WorkerReply, WorkerTask } from '../engine/analyze-parallel';

function main(): void {
  preloadTsMorphSidecar(__dirname, 'analyze-worker.js');
  let reply: WorkerReply;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { analyzePaths } = require('../engine/analyze-paths') as typeof import('../engine/analyze-paths');
    const task = workerData as WorkerTask;
    const { reanalyze: _unused, inputFiles: _inputs, files: _files, projects: _projects, ...result } = analyzePaths({
      paths: task.files,
      root: task.root,
      config: task.config,
      configs: task.configs,
      sharedFiles: task.sharedFiles,
    });
    reply = { ok: true, result };
  } catch (err) {
    reply = { ok: false, message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort!.postMessage(reply);
}

main();
