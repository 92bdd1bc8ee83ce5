/**
 * The inspector capture on the samples with a known hot line: real node processes, real V8
 * profiles, real source maps (the TS sample goes through the esbuild loader).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { profileScript } from '../../server/src/profiler/profile-script';
import { markerLine, sample, tempDir, profileSample } from './helpers';

const out = tempDir('capture');

const profile = (name: string, extra: Partial<Parameters<typeof profileScript>[0]> = {}) => profileSample(name, out, extra);

test('quadratic.js: the hottest line is the O(n²) compare', async () => {
  const file = sample('quadratic.js');
  const run = await profile('quadratic.js');
  assert.equal(run.summary.exit.reason, 'completed');
  assert.match(run.stdout, /found 8000 duplicates/);
  const top = run.summary.hotspots[0]!;
  assert.equal(top.file, file);
  assert.equal(top.line, markerLine(file, 'HOT:'));
  assert.ok(top.share > 0.2, `share ${top.share}`);
  assert.ok(top.totalMs >= top.selfMs);
  assert.equal(run.summary.functions[0]!.name, 'findDuplicates');
  // the saved profile is a valid V8 .cpuprofile
  const saved = JSON.parse(readFileSync(run.summary.profile!, 'utf8'));
  assert.ok(Array.isArray(saved.nodes) && saved.samples.length > 50 && saved.timeDeltas.length === saved.samples.length);
  assert.ok(existsSync(run.paths.summary) && existsSync(run.summary.heapProfile!));
});

test('quadratic.ts: the hottest line is reported on the .ts line, through the loader', async () => {
  const file = sample('quadratic.ts');
  const run = await profile('quadratic.ts');
  assert.equal(run.summary.exit.reason, 'completed', run.stderr);
  assert.match(run.stdout, /found 8000 duplicate pairs/);
  // esbuild's worker and node's ESM loader thread are the loader's, not the script's worker threads
  assert.deepEqual(run.summary.warnings, []);
  const top = run.summary.hotspots[0]!;
  assert.equal(top.file, file);
  assert.equal(top.line, markerLine(file, 'HOT:'));
  const fn = run.summary.functions.find((f) => f.name === 'findDuplicatePairs');
  assert.ok(fn, 'findDuplicatePairs is in the function table');
  assert.equal(fn.file, file);
  assert.equal(fn.line, markerLine(file, 'export function findDuplicatePairs'));
  // no hotspot row points into generated JavaScript or into our own preload
  for (const h of run.summary.hotspots) assert.ok(!/perflens-preload|server\/src\/profiler/.test(h.file), h.file);
});

test('sync-io-server.js: the handler read+parse line is the hottest', async () => {
  const file = sample('sync-io-server.js');
  const run = await profile('sync-io-server.js', { args: ['80'] });
  assert.equal(run.summary.exit.reason, 'completed', run.stderr);
  assert.match(run.stdout, /served 80 requests/);
  assert.equal(run.summary.hotspots[0]!.file, file);
  assert.equal(run.summary.hotspots[0]!.line, markerLine(file, 'HOT:'));
  // fetch's HTTP parser is WebAssembly: not the user's code
  for (const f of run.summary.functions) assert.ok(!f.file.startsWith('wasm://'), f.file);
});

test('alloc.js: live heap view points at the retaining allocator, churn view at the garbage maker', async () => {
  const file = sample('alloc.js');
  const live = await profile('alloc.js', { args: ['40000'] });
  assert.equal(live.summary.heapMode, 'live');
  assert.equal(live.summary.allocations[0]!.file, file);
  assert.equal(live.summary.allocations[0]!.line, markerLine(file, 'HOT-ALLOC'));
  const churn = await profile('alloc.js', { heap: 'churn', args: ['40000'] });
  assert.equal(churn.summary.heapMode, 'churn');
  assert.equal(churn.summary.allocations[0]!.line, markerLine(file, 'HOT-CHURN'));
  // churn sees garbage the live view cannot: far more bytes in total
  const sum = (r: typeof live): number => r.summary.allocations.reduce((s, a) => s + a.selfBytes, 0);
  assert.ok(sum(churn) > 3 * sum(live), `churn ${sum(churn)} vs live ${sum(live)}`);
});

test('alloc.ts: the allocation hotspot is reported on the .ts line, through the loader\'s map', async () => {
  const file = sample('alloc.ts');
  const run = await profile('alloc.ts', { args: ['40000'] });
  assert.equal(run.summary.exit.reason, 'completed', run.stderr);
  assert.match(run.stdout, /retained 40000 records/);
  const top = run.summary.allocations[0]!;
  assert.equal(top.file, file);
  assert.equal(top.name, 'build');
  // V8 names a CommonJS script by its path in heap profiles (by file URL in CPU profiles); the
  // generated line is past the loader's header, so an unmapped row would not be this line.
  assert.ok(run.summary.rawHeapProfile, 'the heap profile as recorded is kept beside the mapped one');
  const raw = JSON.stringify(JSON.parse(readFileSync(run.summary.rawHeapProfile, 'utf8')));
  const generated = /"functionName":"build","scriptId":"\d+","url":"[^"]*alloc\.ts","lineNumber":(\d+)/.exec(raw);
  assert.ok(generated, 'build is in the raw heap profile');
  assert.notEqual(Number(generated[1]) + 1, markerLine(file, 'HOT-ALLOC'), 'the generated line differs from the source line');
  assert.equal(top.line, markerLine(file, 'HOT-ALLOC'));
  assert.ok(top.share > 0.5, `share ${top.share}`);
});

test('an ES module entry: its top-level loop is sampled on its line, with heap sampling on (the default)', async () => {
  // Under --inspect-brk the pause on the first statement wrapped the module's evaluation, and its
  // top-level code was sampled as the native `evaluate`: "no samples in your code".
  const dir = tempDir('esm-top');
  const file = (await import('node:path')).join(dir, 'top.mjs');
  (await import('node:fs')).writeFileSync(file, [
    'const rows = Array.from({ length: 4000 }, (_, i) => i % 1000);',
    'let pairs = 0;',
    'for (let i = 0; i < rows.length; i++) for (let j = 0; j < rows.length; j++) if (rows[i] === rows[j]) pairs++; // HOT',
    'console.log(`pairs ${pairs}`);',
    '',
  ].join('\n'));
  let stdout = '';
  const run = await profileScript({ script: file, cwd: dir, outDir: dir, findings: false, onStdout: (t) => (stdout += t) });
  assert.equal(run.summary.exit.reason, 'completed');
  assert.match(stdout, /pairs 16000/);
  assert.equal(run.summary.heapMode, 'live');
  assert.equal(run.summary.hotspots[0]?.file, file, JSON.stringify(run.summary.hotspots.slice(0, 3)));
  assert.equal(run.summary.hotspots[0]!.line, 3);
});
