/**
 * Our own scripts inside the profiled process (the preload, the TS fallback transpiler) are never
 * source-mapped: in the packaged extension their `.map` files are not shipped, which used to warn
 * "source map not loaded (ENOENT …dist/preload.js.map)" on every TypeScript run. Here a real
 * profile of a script whose busy helper points at a map that does not exist, like dist/preload.js.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { profileScript, internalUrls } from '../../server/src/profiler/profile-script';
import { buildTables, functionHotspots } from '../../server/src/profiler/summarize';
import { planScriptLaunch } from '../../server/src/profiler/runners';
import { preloadPath } from '../../server/src/profiler/preload-path';
import { sample, tempDir } from './helpers';

test('an internal script with a missing .map: no warning, and its frames are not the user\'s code', async () => {
  const dir = tempDir('internal');
  const ours = join(dir, 'preload.js');
  writeFileSync(ours, [
    "'use strict';",
    'globalThis.perflensBusy = function perflensBusy(n) {',
    '  let x = 0;',
    '  for (let i = 0; i < n; i++) x = (x + i * i) % 1000003;',
    '  return x;',
    '};',
    '//# sourceMappingURL=preload.js.map',
    '',
  ].join('\n'));
  const script = join(dir, 'main.js');
  writeFileSync(script, 'console.log(globalThis.perflensBusy(3e7));\n');
  const run = await profileScript({ script, cwd: dir, runtimeArgs: ['--require', ours], outDir: join(dir, '.perflens'), findings: false, heap: false });
  assert.equal(run.summary.exit.reason, 'completed');

  // as a user's script (the check can fail): the helper is sampled and its map is missing
  const asUser = buildTables(run.capture.cpuProfile, undefined, run.capture.scripts);
  assert.ok(asUser.mapProblems.some((p) => p.includes('preload.js.map') && p.includes('ENOENT')), asUser.mapProblems.join('\n'));
  assert.ok(functionHotspots(asUser.cpuTable).some((f) => f.file === ours && f.name === 'perflensBusy'));

  // as ours: not mapped, no warning, not in the user's tables
  const asOurs = buildTables(run.capture.cpuProfile, undefined, run.capture.scripts, internalUrls([ours]));
  assert.deepEqual(asOurs.mapProblems, []);
  assert.ok(!functionHotspots(asOurs.cpuTable).some((f) => f.file === ours));
});

test('every profile run counts the preload as internal', () => {
  const js = planScriptLaunch(sample('quadratic.js'), sample('.'));
  const ts = planScriptLaunch(sample('quadratic.ts'), sample('.'));
  assert.equal(js.internalScripts[0], preloadPath());
  assert.equal(ts.internalScripts[0], preloadPath());
});
