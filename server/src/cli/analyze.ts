/**
 * `perflens analyze [paths…]` entry. Bundled, ts-morph (with TypeScript, ~14 MB) is the sidecar
 * dist/ts-morph.js; compiling it is a fixed ~0.4 s CPU of every run, so it is loaded first through
 * the V8 code cache the profiler's analysis worker uses (profiler/code-cache.ts), and only then the
 * analysis (analyze-run.ts), whose modules require it. Unbundled (tsx, tests) it is a plain import.
 */
import { preloadTsMorphSidecar } from '../profiler/code-cache';

export async function runAnalyze(argv: string[]): Promise<number> {
  preloadTsMorphSidecar(__dirname, 'cli.js');
  return (await import('./analyze-run')).runAnalyze(argv);
}
