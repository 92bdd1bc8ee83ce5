/**
 * How a target is started under the capture: a JavaScript file runs as is; a TypeScript file gets
 * the esbuild loader (no build step, line-accurate maps). Both get the preload, which also keeps
 * `--inspect-brk` out of forked children.
 */
import { isTsFile, resolveEsbuild, ESBUILD_PATH_ENV } from './ts-transform';
import { preloadPath } from './preload-path';
import { PerfLensError } from '../engine/errors';
import { PRELOAD_ENV } from './preload-env';

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
}

const LOADER_FLAGS = /^(--import|--loader|--experimental-loader|--require|-r)(=|$)/;

export function planScriptLaunch(script: string, cwd: string, env: NodeJS.ProcessEnv = process.env, runtimeArgs: string[] = []): LaunchPlan {
  const planEnv: NodeJS.ProcessEnv = { ...env, [PRELOAD_ENV.capture]: 'inspector' };
  // A NODE_OPTIONS preload of our own (nested perflens) must not profile the target a second time.
  delete planEnv[PRELOAD_ENV.profileDir];
  if (isTsFile(script)) {
    const esbuild = resolveEsbuild(cwd);
    if (!esbuild) throw new PerfLensError('PL3003', 'profiling TypeScript needs esbuild, which was not found (install it: npm i -D esbuild)');
    planEnv[ESBUILD_PATH_ENV] = esbuild;
    return { runtimeArgs: ['--require', preloadPath(), ...runtimeArgs], env: planEnv, kind: 'ts-script', collectScripts: true };
  }
  delete planEnv[ESBUILD_PATH_ENV];
  const userLoader = runtimeArgs.some((a) => LOADER_FLAGS.test(a)) || /(--import|--loader|--require|-r)\b/.test(env.NODE_OPTIONS ?? '');
  return { runtimeArgs: ['--require', preloadPath(), ...runtimeArgs], env: planEnv, kind: 'node-script', collectScripts: userLoader };
}

/** `NODE_OPTIONS` with our preload added, quoted so paths with spaces survive. */
export function nodeOptionsWithPreload(existing: string | undefined, preload: string): string {
  const quoted = /[\s"\\]/.test(preload) ? `"${preload.replace(/(["\\])/g, '\\$1')}"` : preload;
  return [existing?.trim(), `--require ${quoted}`].filter(Boolean).join(' ');
}
