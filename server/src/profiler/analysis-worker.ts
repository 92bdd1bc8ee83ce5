/**
 * Worker-thread entry (dist/analysis-worker.js): the static analysis of a profile run, off the
 * thread that relays the script's output and talks to its inspector. Requests are answered in
 * order; `graph` analyses the script and the project files it imports, `files` analyses more.
 */
import { parentPort } from 'node:worker_threads';
import { analyseFiles, type AnalysedFiles } from './findings';
import { staticImportGraph } from './import-graph';

export type AnalysisRequest =
  | { id: number; kind: 'graph'; script: string; root: string }
  | { id: number; kind: 'files'; files: string[]; root: string };

export type AnalysisReply =
  | { id: number; ok: true; result: AnalysedFiles }
  | { id: number; ok: false; message: string }
  /** sent before a `graph` analysis starts: how many files it is about to analyse */
  | { id: number; progress: { files: number } };

function handle(req: AnalysisRequest): AnalysedFiles {
  if (req.kind === 'graph') {
    const files = staticImportGraph(req.script, { root: req.root });
    parentPort!.postMessage({ id: req.id, progress: { files: files.length } } satisfies AnalysisReply);
    return analyseFiles(files, req.root);
  }
  return analyseFiles(req.files, req.root);
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
