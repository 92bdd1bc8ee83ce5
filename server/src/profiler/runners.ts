/**
 * How a target is started under the capture: a JavaScript file runs as is; a TypeScript file gets
 * the esbuild loader (no build step, line-accurate maps). Both get the preload, which also keeps
 * `--inspect-brk` out of forked children.
 */
import { isTsFile, resolveEsbuild, ESBUILD_PATH_ENV, TS_TRANSPILE_PATH_ENV, TS_TRANSPILER_ENV } from './ts-transform';
import { preloadPath, tsTranspileDependencies, tsTranspilePath } from './preload-path';
import { PerfLensError } from '../engine/errors';
import { PRELOAD_ENV } from './preload-env';
import { pathToFileURL } from 'node:url';

export interface LaunchPlan {
  runtimeArgs: string[];
  env: NodeJS.ProcessEnv;
  kind: 'node-script' | 'ts-script';
  /**
   * Whether the CPU capture needs `Debugger.scriptParsed` (source maps of in-memory transforms: our
   * TS loader, or a loader the user passes). Plain JS reads its maps from disk, and leaving the
   * Debugger domain off saves some CPU (bench/profiler.ts). Heap sampling turns it on regardless
   * (see profile-script.ts).
   */
  collectScripts: boolean;
  /** our own scripts that run inside the profiled process (never the user's code, never source-mapped) */
  internalScripts: string[];
  /** file URLs of worker threads our code starts in the process (esbuild's, for the TS loader) */
  ownWorkerUrls: string[];
}

const LOADER_FLAGS = /^(--import|--loader|--experimental-loader|--require|-r)(=|$)/;

export function planScriptLaunch(script: string, cwd: string, env: NodeJS.ProcessEnv = process.env, runtimeArgs: string[] = []): LaunchPlan {
  const planEnv: NodeJS.ProcessEnv = { ...env, [PRELOAD_ENV.capture]: 'inspector' };
  // A NODE_OPTIONS preload of our own (nested perflens) must not profile the target a second time.
  delete planEnv[PRELOAD_ENV.profileDir];
  const preload = preloadPath();
  delete planEnv[ESBUILD_PATH_ENV];
  delete planEnv[TS_TRANSPILE_PATH_ENV];
  if (isTsFile(script)) {
    // esbuild when it can be found (fast); else TypeScript's transpileModule (the packaged extension has no node_modules)
    const esbuild = env[TS_TRANSPILER_ENV] === 'typescript' ? undefined : resolveEsbuild(cwd);
    const transpile = esbuild ? undefined : tsTranspilePath();
    if (esbuild) planEnv[ESBUILD_PATH_ENV] = esbuild;
    else if (transpile) planEnv[TS_TRANSPILE_PATH_ENV] = transpile;
    else throw new PerfLensError('PL3003', 'profiling TypeScript needs esbuild or PerfLens\'s ts-transpile.js, and neither was found (install esbuild: npm i -D esbuild)');
    // An .mts entry is ESM, but node gives an entry its ESM loader (and so our ESM hooks) only when the
    // extension or package says so, or when an --import is present: an empty one is enough.
    const esmEntry = /\.mts$/i.test(script) ? ['--import', 'data:text/javascript,'] : [];
    return { runtimeArgs: ['--require', preload, ...esmEntry, ...runtimeArgs], env: planEnv, kind: 'ts-script', collectScripts: true, internalScripts: transpile ? [preload, transpile, ...tsTranspileDependencies(transpile)] : [preload], ownWorkerUrls: esbuild ? [pathToFileURL(esbuild).href] : [] };
  }
  const userLoader = runtimeArgs.some((a) => LOADER_FLAGS.test(a)) || /(--import|--loader|--require|-r)\b/.test(env.NODE_OPTIONS ?? '');
  return { runtimeArgs: ['--require', preload, ...runtimeArgs], env: planEnv, kind: 'node-script', collectScripts: userLoader, internalScripts: [preload], ownWorkerUrls: [] };
}

/** `NODE_OPTIONS` with our preload added, quoted so paths with spaces survive. */
export function nodeOptionsWithPreload(existing: string | undefined, preload: string): string {
  const quoted = /[\s"\\]/.test(preload) ? `"${preload.replace(/(["\\])/g, '\\$1')}"` : preload;
  return [existing?.trim(), `--require ${quoted}`].filter(Boolean).join(' ');
}
