/**
 * Where our in-process scripts are: dist/preload.js (loaded with --require into the profiled
 * process) and dist/ts-transpile.js (the TS loader's fallback transformer). Bundled (dist/cli.js,
 * dist/server.js) they sit beside us. Run from source (tests, `tsx`), they are built on demand from
 * their .ts entries into a temp file keyed by a hash of the sources, so a stale dist/ never runs in
 * a test.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cached = new Map<string, string>();

export function preloadPath(): string {
  return scriptPath('preload');
}

/** dist/ts-transpile.js (TypeScript's transpileModule), or undefined when neither it nor its source exists. */
export function tsTranspilePath(): string | undefined {
  try {
    return scriptPath('ts-transpile');
  } catch {
    return undefined;
  }
}

/**
 * The scripts ts-transpile.js loads besides itself: none when bundled (TypeScript is inside it);
 * from source, TypeScript from node_modules. They run in the profiled process and are ours too.
 */
export function tsTranspileDependencies(transpilePath: string): string[] {
  return transpilePath.startsWith(join(tmpdir(), 'perflens-preload')) ? [createRequire(__filename).resolve('typescript')] : [];
}

function scriptPath(name: 'preload' | 'ts-transpile'): string {
  const hit = cached.get(name);
  if (hit && existsSync(hit)) return hit;
  let path: string;
  const sourceEntry = join(__dirname, `${name}.ts`);
  const bundled = join(__dirname, `${name}.js`);
  if (existsSync(sourceEntry)) path = buildFromSource(name, sourceEntry);
  else if (existsSync(bundled)) path = bundled;
  else throw new Error(`the profiler's ${name} script is missing (${bundled}); run \`npm run build\``);
  cached.set(name, path);
  return path;
}

function buildFromSource(name: string, entry: string): string {
  const req = createRequire(__filename);
  // The output bakes in this checkout's TypeScript path, so the key includes it: two checkouts
  // with the same sources (or a checkout that moved) must not share a file that loads the other's.
  const hash = createHash('sha1').update(req.resolve('typescript'));
  for (const f of readdirSync(__dirname).filter((n) => n.endsWith('.ts')).sort()) hash.update(f).update(readFileSync(join(__dirname, f)));
  const outDir = join(tmpdir(), 'perflens-preload');
  const outfile = join(outDir, `${name}-${hash.digest('hex').slice(0, 16)}.js`);
  if (existsSync(outfile)) return outfile;
  mkdirSync(outDir, { recursive: true });
  // Required at run time (never bundled into dist/cli.js: this path only runs from source).
  const esbuild = req('esbuild') as typeof import('esbuild');
  const tmp = `${outfile}.tmp-${process.pid}`;
  esbuild.buildSync({ entryPoints: [entry], outfile: tmp, bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline', logLevel: 'error', external: ['typescript'] });
  // TypeScript stays in node_modules, required by absolute path (the temp dir cannot resolve it,
  // and bundling its 9 MB would take seconds per source change). Only ts-transpile imports it.
  const code = readFileSync(tmp, 'utf8');
  if (code.includes('require("typescript")')) writeFileSync(tmp, code.replaceAll('require("typescript")', `require(${JSON.stringify(req.resolve('typescript'))})`));
  // Rename into place so concurrent test processes never load a half-written file.
  renameSync(tmp, outfile);
  return outfile;
}
