/**
 * The bundled CLI, built here the way scripts/build.mjs builds dist/ (temp dirs):
 *  - it keeps ts-morph (with TypeScript, ~14 MB) in dist/ts-morph.js, loaded only by the analysis:
 *    `perflens profile` must reach and run the script without it (here there is no ts-morph.js);
 *  - in the packaged layout (no node_modules, no .map files shipped) TypeScript still profiles,
 *    through dist/ts-transpile.js, with no warning about our own scripts' missing maps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type PluginBuild } from 'esbuild';
import { markerLine, REPO, sample, tempDir } from './helpers';

const sidecar = { name: 'ts-morph-sidecar', setup: (b: PluginBuild) => void b.onResolve({ filter: /^ts-morph$/ }, () => ({ path: './ts-morph.js', external: true })) };

test('bundled `perflens profile` runs the script without ts-morph; the analysis says what is missing', async () => {
  const dist = tempDir('cli-dist');
  const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'node20', logLevel: 'error' as const, define: { __PERFLENS_VERSION__: '"test"' } };
  await Promise.all([
    build({ ...common, entryPoints: [join(REPO, 'server/src/cli/main.ts')], outfile: join(dist, 'cli.js'), plugins: [sidecar] }),
    build({ ...common, entryPoints: [join(REPO, 'server/src/profiler/preload.ts')], outfile: join(dist, 'preload.js') }),
  ]);
  assert.ok(!existsSync(join(dist, 'ts-morph.js')));
  assert.ok(!readFileSync(join(dist, 'cli.js'), 'utf8').includes('function createProgram('), 'the compiler is not inside cli.js');
  const file = sample('quadratic.js');
  const run = (extra: string[]) => spawnSync(process.execPath, [join(dist, 'cli.js'), 'profile', file, '--json', '--no-heap', '--out', join(dist, 'out'), ...extra, '--', '8000'], { encoding: 'utf8', timeout: 60_000 });

  const bare = run(['--no-findings']);
  assert.equal(bare.status, 0, bare.stderr);
  assert.equal(JSON.parse(bare.stdout).hotspots[0].line, markerLine(file, 'HOT:'));

  // with findings: no worker bundle beside cli.js, so the in-thread fallback tries to load ts-morph after the run
  const withFindings = run([]);
  assert.equal(withFindings.status, 0, withFindings.stderr);
  const summary = JSON.parse(readFileSync(JSON.parse(withFindings.stdout).profile.replace(/\.cpuprofile$/, '.summary.json'), 'utf8'));
  assert.ok(summary.warnings.some((w: string) => /static analysis .* failed: .*ts-morph\.js/.test(w)), summary.warnings.join('\n'));
});

test('packaged layout (no node_modules, no .map files): TypeScript profiles through ts-transpile.js, maps to the .ts line, no warnings', async () => {
  const dist = tempDir('vsix-dist');
  const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'node20', logLevel: 'error' as const, define: { __PERFLENS_VERSION__: '"test"' } };
  await Promise.all([
    build({ ...common, entryPoints: [join(REPO, 'server/src/cli/main.ts')], outfile: join(dist, 'cli.js'), plugins: [sidecar] }),
    // external maps, as scripts/build.mjs writes them; the .vsix does not ship them
    build({ ...common, entryPoints: [join(REPO, 'server/src/profiler/preload.ts')], outfile: join(dist, 'preload.js'), sourcemap: true }),
    build({ ...common, entryPoints: [join(REPO, 'server/src/profiler/ts-transpile.ts')], outfile: join(dist, 'ts-transpile.js'), sourcemap: true }),
  ]);
  for (const map of ['preload.js.map', 'ts-transpile.js.map']) rmSync(join(dist, map));
  assert.match(readFileSync(join(dist, 'preload.js'), 'utf8'), /sourceMappingURL=preload\.js\.map/);
  // a project outside this repository, without esbuild anywhere above it
  const project = tempDir('vsix-project');
  const file = join(project, 'hot.ts');
  writeFileSync(file, readFileSync(sample('quadratic.ts'), 'utf8'));
  const r = spawnSync(process.execPath, [join(dist, 'cli.js'), 'profile', file, '--json', '--no-findings', '--out', join(project, 'out'), '--', '16000'], { cwd: project, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.equal(json.hotspots[0].file, file);
  assert.equal(json.hotspots[0].line, markerLine(file, 'HOT:'));
  const summary = JSON.parse(readFileSync(json.profile.replace(/\.cpuprofile$/, '.summary.json'), 'utf8'));
  assert.deepEqual(summary.warnings, []);
  assert.ok(!/ENOENT|source map/.test(r.stderr), r.stderr);
  // it was TypeScript's transpiler that compiled it (its frames are in the recording, never in the tables)
  const raw = JSON.parse(readFileSync(summary.rawProfile, 'utf8')) as { nodes: { callFrame: { url: string } }[] };
  assert.ok(raw.nodes.some((n) => n.callFrame.url.endsWith('/ts-transpile.js')));
  assert.ok(!summary.functions.some((f: { file: string }) => f.file.includes('ts-transpile')));
});
