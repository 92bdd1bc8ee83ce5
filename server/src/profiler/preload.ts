/**
 * dist/preload.js: loaded with `--require` into the profiled process (and, through NODE_OPTIONS or
 * inherited execArgv, into the node processes it starts). Each job is switched on by environment:
 *  - PERFLENS_CAPTURE=inspector: the parent profiles us over the inspector; drop `--inspect-brk`
 *    from execArgv so forked children do not inherit it and wait for a debugger forever.
 *  - PERFLENS_ESBUILD=<path>: install the TS loader (esbuild per file, inline maps);
 *    PERFLENS_TS_TRANSPILE=<dist/ts-transpile.js>: the same with TypeScript's transpileModule
 *    (when esbuild is missing). Either is loaded on the first TypeScript file only.
 *  - PERFLENS_PROFILE_DIR=<dir>: profile this process in-process and write its profile on exit
 *    (with PERFLENS_V8PN=<module path>: through v8-profiler-next instead of node:inspector).
 * Only on the main thread: preloads are also loaded into worker threads, including node's ESM
 * loader thread, where an inspector session or hooks would be wrong (v8-profiler-next even crashes).
 */
import { Console } from 'node:console';
import { isMainThread } from 'node:worker_threads';
import { installTsHooks } from './ts-cjs-hook';
import { startInProcessCapture } from './in-process-capture';
import { startV8ProfilerNext } from './in-process-v8pn';
import { ESBUILD_PATH_ENV, TS_TRANSPILE_PATH_ENV } from './ts-transform';
import { PRELOAD_ENV } from './preload-env';

function main(): void {
  if (!isMainThread) return;
  const env = process.env;
  if (env[PRELOAD_ENV.capture] === 'inspector') {
    process.execArgv = process.execArgv.filter((a) => !a.startsWith('--inspect'));
    bypassInspectorConsole();
  }
  const esbuildPath = env[ESBUILD_PATH_ENV];
  const transpilePath = env[TS_TRANSPILE_PATH_ENV];
  if (esbuildPath || transpilePath) {
    try {
      installTsHooks(esbuildPath ? { esbuild: esbuildPath } : { transpile: transpilePath! });
    } catch (err) {
      process.stderr.write(`perflens: the TypeScript loader could not start: ${(err as Error).message}\n`);
    }
  }
  const dir = env[PRELOAD_ENV.profileDir];
  const v8pn = env[PRELOAD_ENV.v8ProfilerNext];
  if (dir && v8pn) {
    try {
      startV8ProfilerNext(v8pn, dir);
    } catch (err) {
      process.stderr.write(`perflens: v8-profiler-next could not start: ${(err as Error).message}\n`);
    }
  } else if (dir) {
    const heap = env[PRELOAD_ENV.heap];
    startInProcessCapture({
      dir,
      intervalUs: Number(env[PRELOAD_ENV.interval]) || 1000,
      heap: heap === 'churn' || heap === 'off' ? heap : 'live',
      heapSamplingBytes: 32 * 1024,
    });
  }
}

/**
 * With an inspector session attached, node routes every console call through V8's inspector
 * console too (a message object, argument previews, a stored entry per call), which the capture
 * never reads: on a console-heavy script (samples/profiling/chatty.js) that was ~+35 % CPU. The
 * global console's methods are replaced by those of a plain Console on the same streams, so
 * output is unchanged and only the profile's own cost remains.
 */
function bypassInspectorConsole(): void {
  try {
    const plain = new Console({ stdout: process.stdout, stderr: process.stderr });
    const target = console as unknown as Record<string, unknown>;
    for (const key of Object.keys(plain) as (keyof Console)[]) {
      if (typeof plain[key] === 'function' && typeof target[key] === 'function') target[key] = plain[key];
    }
  } catch {
    /* keep node's console */
  }
}

main();
