/**
 * Where dist/preload.js is. Bundled (dist/cli.js, dist/server.js) it sits beside us. Run from source
 * (tests, `tsx`), it is built on demand from preload.ts into a temp file keyed by a hash of the
 * sources, so a stale dist/ never runs in a test.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let cached: string | undefined;

export function preloadPath(): string {
  if (cached && existsSync(cached)) return cached;
  const sourceEntry = join(__dirname, 'preload.ts');
  if (existsSync(sourceEntry)) return (cached = buildFromSource(sourceEntry));
  const bundled = join(__dirname, 'preload.js');
  if (existsSync(bundled)) return (cached = bundled);
  throw new Error(`the profiler preload is missing (${bundled}); run \`npm run build\``);
}

function buildFromSource(entry: string): string {
  const hash = createHash('sha1');
  for (const f of readdirSync(__dirname).filter((n) => n.endsWith('.ts')).sort()) hash.update(f).update(readFileSync(join(__dirname, f)));
  const outDir = join(tmpdir(), 'perflens-preload');
  const outfile = join(outDir, `preload-${hash.digest('hex').slice(0, 16)}.js`);
  if (existsSync(outfile)) return outfile;
  mkdirSync(outDir, { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({ entryPoints: [entry], outfile: `${outfile}.tmp-${process.pid}`, bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline', logLevel: 'error' });
  // Rename into place so concurrent test processes never load a half-written file.
  require('node:fs').renameSync(`${outfile}.tmp-${process.pid}`, outfile);
  return outfile;
}
