import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import { TraceMap, originalPositionFor, LEAST_UPPER_BOUND, GREATEST_LOWER_BOUND } from '@jridgewell/trace-mapping';
import {
  importProfile, buildHotspots, topN, mapFrames, toCpuProfile, toSpeedscope, toFlameTree, costForRange, activeWeight, type Profile,
} from '../../server/src/profile/index';
import { readProfileFile } from '../../server/src/profile/read-file';
import { profileScript, BUSY_JS, ALLOC_JS } from './real-profiles';
import { assertSameTree } from './known-profiles';

// start all three node runs at once; each test awaits its own
const busy = profileScript('busy.js', BUSY_JS, 'cpu');
const alloc = profileScript('alloc.js', ALLOC_JS, 'heap');
const TS_SOURCE = `interface Options {
  rounds: number;
}
type Acc = { total: number };

export function hotTs(opts: Options): number {
  const acc: Acc = { total: 0 };
  for (let i = 0; i < opts.rounds; i++) {
    acc.total += Math.sqrt(i) * Math.cos(i) as number;
  }
  return acc.total;
}
let sink: number = 0;
for (let k: number = 0; k < 200; k++) sink += hotTs({ rounds: 20000 });
`;
const tsRun = (async () => {
  const out = transformSync(TS_SOURCE, { loader: 'ts', format: 'cjs', sourcemap: 'external', sourcefile: 'hot.ts' });
  const run = await profileScript('hot.js', out.code, 'cpu');
  return { ...run, map: out.map };
})();

test('real .cpuprofile: format detected, weights add up, hottest user line is the loop body', async () => {
  const { profilePath, script } = await busy;
  const p = await readProfileFile(profilePath);
  assert.deepEqual([p.kind, p.format, p.unit], ['cpu', 'cpuprofile', 'us']);
  // sample counts follow on-CPU time, so a loaded machine gives fewer than 250 ms / 200 µs
  assert.ok(p.samples && p.samples.length > 40, `enough samples (${p.samples?.length})`);
  const raw = JSON.parse(readFileSync(profilePath, 'utf8'));
  // exact: self weights sum to the sampled span (last sample up to endTime)
  const span = raw.endTime - (raw.startTime + raw.timeDeltas[0]);
  assert.ok(Math.abs(p.tree.total[0] - span) < 1e-6 * span, `${p.tree.total[0]} vs ${span}`);
  assert.equal(raw.nodes.length, p.tree.size);
  const cats = new Set(p.frames.map((f) => f.category));
  for (const c of ['user', 'node', 'program'] as const) assert.ok(cats.has(c), `category ${c}`);
  const t = buildHotspots(p, { categories: ['user'] });
  const top = topN(t.lines, 1)[0];
  assert.deepEqual([top.file, top.line, top.name], [script, 4, 'hot']);
  const userSelf = t.lines.reduce((sum, l) => sum + l.self, 0);
  assert.ok(top.self > 0.5 * userSelf, `line 4 has ${top.self} of ${userSelf} µs user self time`);
  const hot = t.functions.find((f) => f.name === 'hot')!;
  assert.equal(hot.line, 1);
  const main = t.functions.find((f) => f.name === 'main')!;
  assert.ok(main.total >= hot.total && main.total > 0.8 * activeWeight(p) * hot.share);
  // the whole function's range costs at least the hot line; the call line gets the callee once resolved
  assert.ok(costForRange(t, script, 1, 7).total >= top.total);
  const resolved = buildHotspots(p, { resolveCallLine: (caller, callee) => (caller.name === 'main' && callee.name === 'hot' ? 11 : undefined) });
  const line11 = resolved.lines.find((l) => l.file === script && l.line === 11)!;
  assert.ok(line11.total >= hot.total, 'resolved call line carries the callee total');
});

test('real .heapprofile: the allocating function is the top user function and line', async () => {
  const { profilePath, script } = await alloc;
  const p = importProfile(readFileSync(profilePath, 'utf8'));
  assert.deepEqual([p.kind, p.format, p.unit], ['heap', 'heapprofile', 'bytes']);
  const t = buildHotspots(p, { categories: ['user'] });
  assert.equal(t.functions[0].name, 'allocate');
  assert.deepEqual([t.lines[0].file, t.lines[0].line], [script, 2]);
  assert.ok(t.functions[0].self > 1e6, `sampled bytes ${t.functions[0].self}`);
});

test('real TS through esbuild + source map: hottest line lands in the .ts source', async () => {
  const { profilePath, dir, map } = await tsRun;
  const p = await readProfileFile(profilePath);
  const tracer = new TraceMap(map);
  const jsUrl = pathToFileURL(join(dir, 'hot.js')).href;
  const tsFile = join(dir, 'hot.ts');
  mapFrames(p, (url, line, col) => {
    if (url !== jsUrl) return undefined;
    const pos = originalPositionFor(tracer, { line, column: Math.max(0, col - 1), bias: col === 0 ? LEAST_UPPER_BOUND : GREATEST_LOWER_BOUND });
    return pos.source && pos.line ? { file: tsFile, line: pos.line, col: pos.column + 1, name: pos.name ?? undefined } : undefined;
  });
  const t = buildHotspots(p, { categories: ['user'] });
  const top = t.lines[0];
  assert.equal(top.file, tsFile);
  assert.equal(top.line, 9, `hot line ${top.line} (generated JS lines differ: types are stripped)`);
  assert.equal(t.functions.find((f) => f.name === 'hotTs')!.line, 6);
  const generatedTop = buildHotspots(p, { categories: ['user'], original: false }).lines[0];
  assert.notEqual(generatedTop.line, 9);
});

test('round-trip: real .cpuprofile → export → import gives the same tree and weights', async () => {
  const p = await readProfileFile((await busy).profilePath);
  const q = importProfile(JSON.stringify(toCpuProfile(p)));
  assertSameTree(p, q, 0);
  assert.deepEqual(Array.from(q.samples!), Array.from(p.samples!));
  assert.deepEqual(Array.from(q.lineTicks.line), Array.from(p.lineTicks.line));
  assert.deepEqual(Array.from(q.lineTicks.ticks), Array.from(p.lineTicks.ticks));
});

test('round-trip: speedscope export → import keeps every weighted path and the function table', async () => {
  const p = await readProfileFile((await busy).profilePath);
  const json = JSON.stringify(toSpeedscope(p));
  const q = importProfile(json);
  assert.equal(q.format, 'speedscope');
  const rows = (x: Profile) => buildHotspots(x).functions.map((f) => `${f.name}|${f.file}|${f.line}|${f.self.toFixed(3)}|${f.total.toFixed(3)}`).sort();
  assert.deepEqual(rows(q), rows(p));
  // the flame trees agree node for node
  const a = toFlameTree(p, { mergeBy: 'none' }), b = toFlameTree(q, { mergeBy: 'none' });
  const weighted = (ft: typeof a) => Array.from({ length: ft.count }, (_, i) => i).filter((i) => ft.total[i] > 0)
    .map((i) => `${ft.depth[i]}:${ft.strings[ft.name[i]]}:${ft.total[i].toFixed(3)}`);
  assert.deepEqual(weighted(b), weighted(a));
});

test('round-trip: real .heapprofile → export → import', async () => {
  const { toHeapProfileJSON } = await import('../../server/src/profile/exporters/heapprofile');
  const p = await readProfileFile((await alloc).profilePath);
  const q = importProfile(toHeapProfileJSON(p));
  assertSameTree(p, q, 0);
});

test('written exports are files other tools read: .cpuprofile keeps V8 fields', async () => {
  const p = await readProfileFile((await busy).profilePath);
  const out = join((await busy).dir, 'export.cpuprofile');
  writeFileSync(out, JSON.stringify(toCpuProfile(p)));
  const raw = JSON.parse(readFileSync(out, 'utf8'));
  const orig = JSON.parse(readFileSync((await busy).profilePath, 'utf8'));
  assert.deepEqual(Object.keys(raw).sort(), ['endTime', 'nodes', 'samples', 'startTime', 'timeDeltas']);
  assert.equal(raw.nodes[0].callFrame.functionName, '(root)');
  const key = (n: { callFrame: Record<string, unknown> }) => JSON.stringify(n.callFrame);
  assert.equal(JSON.stringify(raw.nodes.map(key).sort()), JSON.stringify(orig.nodes.map(key).sort()), 'same call frames');
  // hitCount is written from the samples (V8's own hitCount can disagree with its samples by one)
  const counts = new Map<number, number>();
  for (const id of raw.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  assert.ok(raw.nodes.every((n: { id: number; hitCount: number }) => n.hitCount === (counts.get(n.id) ?? 0)));
});
