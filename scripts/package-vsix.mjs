// Packages perflens-<version>.vsix with @vscode/vsce 3.x: minified bundles, no node_modules. The
// package is staged in a temporary folder so packaging never rewrites dist/ (tests may be using it).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = resolve(process.argv[2] ?? `perflens-${pkg.version}.vsix`);
const stage = mkdtempSync(join(tmpdir(), 'perflens-vsix-stage-'));
try {
  execFileSync(process.execPath, ['scripts/build.mjs', '--production', '--outdir', join(stage, 'dist')], { stdio: 'inherit' });
  for (const f of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'docs', 'images']) {
    if (existsSync(f)) cpSync(f, join(stage, f), { recursive: true });
  }
  const vsce = require.resolve('@vscode/vsce/vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out], {
    cwd: stage,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
} finally {
  rmSync(stage, { recursive: true, force: true });
}
console.log(`${out}: ${(statSync(out).size / 1024).toFixed(0)} KiB`);
