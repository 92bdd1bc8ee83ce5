/**
 * The TS loader without esbuild (the packaged extension has no node_modules): TypeScript's
 * transpileModule from ts-transpile.js, forced here with PERFLENS_TS_TRANSPILER=typescript. Hot
 * lines must still land on the .ts source, for CommonJS and ESM scopes, and our own scripts in the
 * profiled process (the preload, the transpiler) are never the user's code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { profileScript } from '../../server/src/profiler/profile-script';
import { planScriptLaunch } from '../../server/src/profiler/runners';
import { ESBUILD_PATH_ENV, TS_TRANSPILE_PATH_ENV, TS_TRANSPILER_ENV } from '../../server/src/profiler/ts-transform';
import { markerLine, sample, tempDir, HOT_TS } from './helpers';

const FORCE = { ...process.env, [TS_TRANSPILER_ENV]: 'typescript' };

test('the plan: esbuild by default; the TypeScript transpiler when forced, and it counts as ours', () => {
  const normal = planScriptLaunch(sample('quadratic.ts'), sample('.'), process.env);
  assert.ok(normal.env[ESBUILD_PATH_ENV]);
  assert.equal(normal.env[TS_TRANSPILE_PATH_ENV], undefined);
  const forced = planScriptLaunch(sample('quadratic.ts'), sample('.'), FORCE);
  assert.equal(forced.env[ESBUILD_PATH_ENV], undefined);
  const transpiler = forced.env[TS_TRANSPILE_PATH_ENV]!;
  assert.match(transpiler, /ts-transpile[^/]*\.js$/);
  assert.equal(forced.internalScripts[1], transpiler);
});

test('quadratic.ts through transpileModule: the hot line is the .ts line', async () => {
  const file = sample('quadratic.ts');
  let stderr = '';
  const run = await profileScript({ script: file, args: ['16000'], env: FORCE, outDir: tempDir('fallback'), findings: false, heap: false, onStderr: (t) => (stderr += t) });
  assert.equal(run.summary.exit.reason, 'completed', stderr);
  const top = run.summary.hotspots[0]!;
  assert.equal(top.file, file);
  assert.equal(top.line, markerLine(file, 'HOT:'));
  assert.equal(run.summary.functions.find((f) => f.name === 'findDuplicatePairs')?.line, markerLine(file, 'export function findDuplicatePairs'));
  // TypeScript itself ran in the process (it transpiled the script) but it is not the user's code
  for (const f of run.summary.functions) assert.ok(!/ts-transpile|typescript\.js|perflens-preload/.test(f.file), f.file);
  assert.deepEqual(run.summary.warnings, []);
});

test('ESM package through transpileModule: .ts imported with a .js specifier, top-level await', async () => {
  const dir = tempDir('fallback-esm');
  mkdirSync(join(dir, 'lib'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'lib', 'burn.ts'), HOT_TS);
  writeFileSync(join(dir, 'main.ts'), "import { burn } from './lib/burn.js';\nawait Promise.resolve();\nconsole.log('esm', burn(Array.from({ length: 20000 }, (_, i) => ({ n: i }))));\n");
  let out = '';
  let err = '';
  const run = await profileScript({ script: join(dir, 'main.ts'), cwd: dir, env: FORCE, outDir: join(dir, '.perflens'), findings: false, heap: false, onStdout: (t) => (out += t), onStderr: (t) => (err += t) });
  assert.equal(run.summary.exit.reason, 'completed', err);
  assert.match(out, /esm \d+/);
  assert.equal(run.summary.hotspots[0]!.file, join(dir, 'lib', 'burn.ts'));
  assert.equal(run.summary.hotspots[0]!.line, 5);
});
