// Builds minified bundles and packages perflens-<version>.vsix with @vscode/vsce 3.x (no node_modules inside).
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = process.argv[2] ?? `perflens-${pkg.version}.vsix`;
execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { stdio: 'inherit' });
const vsce = require.resolve('@vscode/vsce/vsce');
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out], {
  stdio: ['ignore', 'inherit', 'inherit'],
});
console.log(`${out}: ${(statSync(out).size / 1024).toFixed(0)} KiB`);
