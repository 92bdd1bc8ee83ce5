/**
 * Loads a big CommonJS bundle (dist/ts-morph.js, ~14 MB with TypeScript) through a V8 code cache
 * kept on disk, so the analysis worker of `perflens profile` does not parse and compile the
 * compiler from scratch on every run. Measured here (node 20, loaded 2-core machine): ~0.9 s CPU
 * and 3.5 s wall without the cache, ~0.5 s CPU and ~1 s wall with it. Node 20 has no
 * `module.enableCompileCache` (22.1+), hence `vm.Script` with `cachedData`.
 *
 * The cache lives in the user's own cache directory (never a shared /tmp: a code cache is
 * executable), is keyed by the bundle's path, size, mtime and the node version, and is written
 * atomically once. V8 itself rejects a cache that does not match the source or the engine; any
 * problem falls back to a plain `require`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** Override of where code caches go (tests, read-only homes); `off` disables the cache. */
export const CODE_CACHE_DIR_ENV = 'PERFLENS_CODE_CACHE_DIR';

export interface CodeCacheResult {
  /** 'hit': loaded with the cache; 'written': compiled and cache written; 'off'/'fallback': plain require */
  status: 'hit' | 'written' | 'off' | 'fallback';
  detail?: string;
}

function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const fromEnv = env[CODE_CACHE_DIR_ENV];
  if (fromEnv === 'off') return undefined;
  if (fromEnv) return fromEnv;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'perflens', 'v8');
}

interface NodeModuleInternals {
  _nodeModulePaths(dir: string): string[];
}

/**
 * The bundles that analyse (dist/cli.js, dist/analysis-worker.js, dist/analyze-worker.js) load the
 * ts-morph sidecar dist/ts-morph.js through the code cache before anything requires it. `entry` is
 * the calling bundle's file name: only beside it is there a sidecar; from sources (tsx, tests)
 * ts-morph comes from node_modules and nothing happens here.
 */
export function preloadTsMorphSidecar(dir: string, entry: string): CodeCacheResult | undefined {
  const sidecar = join(dir, 'ts-morph.js');
  if (!existsSync(sidecar) || !existsSync(join(dir, entry))) return undefined;
  return preloadWithCodeCache(sidecar);
}

/**
 * Evaluates `file` (a CommonJS module) into `require.cache` with a V8 code cache, so a later
 * `require(file)` returns it. Never throws: on any problem the module is left for plain `require`.
 */
export function preloadWithCodeCache(file: string, env: NodeJS.ProcessEnv = process.env): CodeCacheResult {
  const dir = cacheDir(env);
  if (!dir) return { status: 'off' };
  const cjsCache = createRequire(file).cache;
  if (cjsCache[file]) return { status: 'hit', detail: 'already loaded' };
  try {
    const st = statSync(file);
    // <bundle path hash>-<version hash>: a rebuilt or upgraded bundle replaces its old cache (8 MB each) instead of piling up
    const owner = createHash('sha256').update(file).digest('hex').slice(0, 12);
    const key = createHash('sha256').update(`${file}\0${st.size}\0${st.mtimeMs}\0${process.version}\0${process.arch}`).digest('hex').slice(0, 24);
    const cachePath = join(dir, `${owner}-${key}.v8cache`);
    let cached: Buffer | undefined;
    try {
      cached = readFileSync(cachePath);
    } catch {
      cached = undefined;
    }
    const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData: cached });
    const mod = new Module(file);
    mod.filename = file;
    mod.paths = (Module as unknown as NodeModuleInternals)._nodeModulePaths(dirname(file));
    cjsCache[file] = mod;
    try {
      const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
      wrapper.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
      mod.loaded = true;
    } catch (err) {
      delete cjsCache[file];
      return { status: 'fallback', detail: (err as Error).message };
    }
    if (cached && !script.cachedDataRejected) return { status: 'hit' };
    // After running the module: the cache then also holds the functions its initialisation compiled.
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const tmp = `${cachePath}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      renameSync(tmp, cachePath);
      removeStale(dir, `${owner}-`, cachePath);
      return { status: 'written' };
    } catch (err) {
      return { status: 'hit', detail: `loaded; the code cache was not written: ${(err as Error).message}` };
    }
  } catch (err) {
    return { status: 'fallback', detail: (err as Error).message };
  }
}

/** Older caches of the same bundle, and leftovers of the unprefixed naming: never read again. */
function removeStale(dir: string, prefix: string, keep: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === keep || !name.endsWith('.v8cache')) continue;
    if (name.startsWith(prefix) || /^[0-9a-f]{24}\.v8cache$/.test(name)) rmSync(path, { force: true });
  }
}
