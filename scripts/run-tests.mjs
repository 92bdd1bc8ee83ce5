// Runs every *.test.ts under server/src, client/src, webview/src and test/ with node's test runner (via tsx).
// Usage: node scripts/run-tests.mjs [filter-substring]
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = ['server/src', 'client/src', 'webview/src', 'test', 'scripts'];
const filter = process.argv[2];
const files = [];
for (const root of roots) {
  let entries = [];
  try { entries = readdirSync(root, { recursive: true }); } catch { continue; }
  for (const rel of entries) {
    const p = join(root, String(rel));
    if (p.includes('node_modules') || p.includes('fixtures')) continue;
    if (!/\.test\.(ts|mts)$/.test(p)) continue;
    if (filter && !p.includes(filter)) continue;
    if (statSync(p).isFile()) files.push(p);
  }
}
files.sort();
if (files.length === 0) { console.error('no test files found'); process.exit(1); }
// Every temp dir the tests make (fixtures, profiles, browser profiles) goes under one directory of
// this run, removed at the end: a suite run leaves nothing behind in the machine's temp dir.
const runTmp = mkdtempSync(join(tmpdir(), 'perflens-tests-'));
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, TMPDIR: runTmp },
});
if (!process.env.PERFLENS_KEEP_TEST_TMP) rmSync(runTmp, { recursive: true, force: true, maxRetries: 3 });
process.exit(r.status ?? 1);
