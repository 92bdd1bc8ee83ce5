/**
 * Makes sure the bundles a test spawns (dist/server.js, dist/cli.js) are built from the current
 * sources. `npm test` builds first, so in CI they are fresh and nothing happens here; when LSP tests
 * run alone after an edit, only the needed entries are rebuilt with the same esbuild options as
 * scripts/build.mjs (so a half-finished client or webview elsewhere in the tree cannot block them),
 * once, under a lock, because node --test runs test files in parallel processes.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../../..');
export const SERVER_JS = join(REPO, 'dist/server.js');
export const CLI_JS = join(REPO, 'dist/cli.js');

const ENTRIES = {
  server: { entry: 'server/src/lsp/main.ts', outfile: SERVER_JS },
  cli: { entry: 'server/src/cli/main.ts', outfile: CLI_JS },
} as const;
type Bundle = keyof typeof ENTRIES;

function newestSourceMtime(): number {
  let newest = statSync(join(REPO, 'package.json')).mtimeMs;
  const dir = join(REPO, 'server/src');
  for (const rel of readdirSync(dir, { recursive: true })) {
    const p = join(dir, String(rel));
    if (!p.endsWith('.ts') || p.endsWith('.test.ts')) continue;
    try {
      newest = Math.max(newest, statSync(p).mtimeMs);
    } catch {
      // deleted while listing: someone is editing
    }
  }
  return newest;
}

function stale(bundles: readonly Bundle[]): Bundle[] {
  const newest = newestSourceMtime();
  return bundles.filter((b) => !existsSync(ENTRIES[b].outfile) || statSync(ENTRIES[b].outfile).mtimeMs < newest);
}

export async function ensureBuilt(bundles: readonly Bundle[] = ['server']): Promise<void> {
  if (stale(bundles).length === 0) return;
  const lock = join(REPO, 'dist/.lsp-test-build.lock');
  mkdirSync(join(REPO, 'dist'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`build lock ${lock} held for 2 minutes; remove it if no build is running`);
      await new Promise((r) => setTimeout(r, 100));
      if (stale(bundles).length === 0) return;
    }
  }
  try {
    const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
    await Promise.all(
      stale(bundles).map((b) =>
        build({
          absWorkingDir: REPO,
          entryPoints: [ENTRIES[b].entry],
          outfile: ENTRIES[b].outfile,
          define: { __PERFLENS_VERSION__: JSON.stringify(version) },
          bundle: true,
          sourcemap: true,
          logLevel: 'error',
          legalComments: 'none',
          platform: 'node',
          format: 'cjs',
          target: 'node20',
        }),
      ),
    );
  } finally {
    rmdirSync(lock);
  }
}
