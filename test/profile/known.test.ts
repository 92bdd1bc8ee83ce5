import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  importProfile, buildHotspots, costForRange, costForFinding, topN, toFlameTree, childList, diffProfiles, mapFrames,
  flameTreeToPlain, flameTreeFromPlain, FRAME_CATEGORIES, type Profile,
} from '../../server/src/profile/index';
import { knownHitCountProfile, knownSampledProfile, knownHeapProfile } from './known-profiles';

const fnRow = (t: ReturnType<typeof buildHotspots>, name: string) => t.functions.find((f) => f.name === name)!;
const lineRow = (t: ReturnType<typeof buildHotspots>, file: string, line: number) => t.lines.find((l) => l.file === file && l.line === line);
const nodeNamed = (p: Profile, name: string) => {
  for (let i = 0; i < p.tree.size; i++) if (p.frames[p.tree.frame[i]].name === name) return i;
  return -1;
};

test('hitCount profile: exact self/total per node, preorder layout, categories', () => {
  const p = importProfile(JSON.stringify(knownHitCountProfile()));
  assert.equal(p.kind, 'cpu');
  assert.equal(p.format, 'cpuprofile');
  assert.equal(p.unit, 'us');
  assert.equal(p.tree.size, 6);
  assert.equal(p.tree.total[0], 11000);
  const main = nodeNamed(p, 'main');
  assert.equal(p.tree.self[main], 1000);
  assert.equal(p.tree.total[main], 10000);
  assert.deepEqual(childList(p.tree, main).map((c) => p.frames[p.tree.frame[c]].name), ['a', 'lib']);
  const f = (name: string) => p.frames.find((x) => x.name === name)!;
  assert.deepEqual([f('main').line, f('main').col, f('a').line, f('a').col], [1, 1, 10, 3]);
  assert.equal(f('main').category, 'user');
  assert.equal(f('lib').category, 'node_modules');
  assert.equal(f('(program)').category, 'program');
  // the two `a` nodes share one interned frame
  assert.equal(p.frames.filter((x) => x.name === 'a').length, 1);
});

test('function hotspots: self, total with recursion counted once, shares of active weight', () => {
  const t = buildHotspots(importProfile(knownHitCountProfile()));
  assert.equal(t.activeWeight, 11000);
  assert.deepEqual([fnRow(t, 'a').self, fnRow(t, 'a').total], [5000, 5000]);
  assert.deepEqual([fnRow(t, 'main').self, fnRow(t, 'main').total, fnRow(t, 'main').totalMs], [1000, 10000, 10]);
  assert.equal(fnRow(t, 'main').share, 10000 / 11000);
  assert.equal(fnRow(t, 'lib').file, '/app/node_modules/x/index.js');
  assert.equal(t.functions[0].name, 'a', 'sorted by self');
  assert.deepEqual(topN(t.functions, 1, 'total').map((r) => r.name), ['main']);
  assert.deepEqual(buildHotspots(importProfile(knownHitCountProfile()), { categories: ['user'] }).functions.map((r) => r.name).sort(), ['a', 'main']);
});

test('line hotspots: positionTicks self, callee totals on the single call line', () => {
  const t = buildHotspots(importProfile(knownHitCountProfile()));
  assert.deepEqual(pick(lineRow(t, '/app/main.js', 5)), { self: 1000, total: 10000 });
  assert.deepEqual(pick(lineRow(t, '/app/main.js', 11)), { self: 2000, total: 5000 });
  assert.deepEqual(pick(lineRow(t, '/app/main.js', 12)), { self: 3000, total: 3000 });
  assert.deepEqual(pick(lineRow(t, '/app/node_modules/x/index.js', 2)), { self: 4000, total: 4000 });
  assert.equal(lineRow(t, '/app/main.js', 5)!.name, 'main');
  assert.equal(t.lines[0].line, 2, 'hottest self line first');
});

test('line hotspots: ambiguous call line falls back to the caller function line', () => {
  const t = buildHotspots(importProfile(knownHitCountProfile([{ line: 5, ticks: 1 }, { line: 6, ticks: 1 }])));
  assert.deepEqual(pick(lineRow(t, '/app/main.js', 1)), { self: 0, total: 9000 });
  assert.deepEqual(pick(lineRow(t, '/app/main.js', 5)), { self: 1000, total: 1000 });
});

test('costForRange: 1-based inclusive, each sample once; costForFinding takes 0-based LSP ranges', () => {
  const t = buildHotspots(importProfile(knownHitCountProfile()));
  assert.deepEqual(pick(costForRange(t, '/app/main.js', 11, 12)), { self: 5000, total: 5000 });
  assert.deepEqual(pick(costForRange(t, '/app/main.js', 1, 20)), { self: 6000, total: 10000 });
  assert.deepEqual(pick(costForRange(t, '/app/main.js', 30, 40)), { self: 0, total: 0 });
  assert.deepEqual(pick(costForRange(t, '/nowhere.js', 1, 99)), { self: 0, total: 0 });
  const c = costForFinding(t, { file: '/app/main.js', range: { start: { line: 10 }, end: { line: 11 } } });
  assert.deepEqual([c.selfMs, c.totalMs, c.share], [5, 5, 5000 / 11000]);
});

test('samples + timeDeltas give exact per-sample durations', () => {
  const p = importProfile(knownSampledProfile());
  assert.equal(p.tree.self[nodeNamed(p, 'main')], 100);
  assert.equal(p.tree.total[nodeNamed(p, 'main')], 1000);
  assert.equal(p.tree.self[nodeNamed(p, 'lib')], 400);
  assert.deepEqual(Array.from(p.samples!).map((i) => p.frames[p.tree.frame[i]].name), ['main', 'a', 'a', 'lib']);
  assert.equal(buildHotspots(p).functions.find((f) => f.name === 'a')!.self, 500);
});

test('heap profile: selfSize bytes, function-level lines', () => {
  const p = importProfile(knownHeapProfile());
  assert.deepEqual([p.kind, p.unit, p.format], ['heap', 'bytes', 'heapprofile']);
  const t = buildHotspots(p);
  assert.deepEqual([t.functions[0].name, t.functions[0].self, t.functions[0].total], ['alloc', 1000, 1024]);
  assert.deepEqual(pick(lineRow(t, '/app/app.js', 3)), { self: 1000, total: 1024 });
  assert.equal(t.lines[0].line, 3);
  assert.equal(t.functions[0].selfMs, 0);
});

test('hostile names are kept verbatim', () => {
  const doc = knownHitCountProfile();
  const evil = '<img src=x onerror="alert(1)">\u0000;\n</script>';
  doc.nodes[5].callFrame.functionName = evil;
  const p = importProfile(JSON.stringify(doc));
  assert.ok(p.frames.some((f) => f.name === evil));
  assert.equal(buildHotspots(p).functions.find((f) => f.name === evil)!.self, 4000);
  const ft = toFlameTree(p);
  assert.ok(ft.strings.includes(evil));
});

test('mapFrames: frames and line ticks map once; hotspots use original locations', () => {
  const p = importProfile(knownHitCountProfile());
  const calls: string[] = [];
  mapFrames(p, (url, line, col) => {
    calls.push(`${url}:${line}:${col}`);
    if (!url.endsWith('main.js')) return undefined;
    return { file: '/app/src/main.ts', line: line + 100, col: Math.max(col, 1), name: col ? undefined : 'ignored' };
  });
  assert.equal(new Set(calls).size, calls.length, 'each position mapped once');
  assert.equal(p.frames.find((f) => f.name === 'a')!.original!.line, 110);
  const t = buildHotspots(p);
  assert.deepEqual(pick(lineRow(t, '/app/src/main.ts', 105)), { self: 1000, total: 10000 });
  assert.equal(fnRow(t, 'main').file, '/app/src/main.ts');
  assert.deepEqual(pick(costForRange(t, '/app/src/main.ts', 111, 112)), { self: 5000, total: 5000 });
  assert.equal(buildHotspots(p, { original: false }).functions.find((f) => f.name === 'main')!.file, '/app/main.js');
  // a throwing mapper leaves positions unmapped
  const q = mapFrames(importProfile(knownHitCountProfile()), () => { throw new Error('boom'); });
  assert.equal(q.frames.every((f) => !f.original), true);
});

test('flame tree: preorder columns, merge by function, only my code', () => {
  const p = importProfile(knownHitCountProfile());
  const all = toFlameTree(p, { mergeBy: 'none' });
  assert.equal(all.count, 6);
  const name = (ft: typeof all, i: number) => ft.strings[ft.name[i]];
  assert.equal(all.total[0], 11000);
  assert.deepEqual(Array.from({ length: all.count }, (_, i) => name(all, i)), ['(root)', 'main', 'a', 'a', 'lib', '(program)'], 'heaviest first');
  assert.equal(FRAME_CATEGORIES[all.category[4]], 'node_modules');
  assert.equal(all.strings[all.file[1]], '/app/main.js');
  assert.equal(all.maxDepth, 3);
  const mine = toFlameTree(p, { filter: { categories: ['user'] } });
  assert.deepEqual(Array.from({ length: mine.count }, (_, i) => name(mine, i)), ['(root)', 'main', 'a', 'a']);
  assert.equal(mine.self[1], 5000, 'lib self moved up to main');
  assert.equal(mine.self[0], 1000, '(program) self moved up to root');
  assert.equal(mine.total[0], 11000);
  const back = flameTreeFromPlain(JSON.parse(JSON.stringify(flameTreeToPlain(mine))));
  assert.deepEqual(Array.from(back.end), Array.from(mine.end));
  assert.deepEqual(Array.from(back.total), Array.from(mine.total));
  assert.throws(() => flameTreeFromPlain({ ...flameTreeToPlain(all), parent: [-1, 0, 0, 1, 0, 0] }), /preorder/);
});

test('flame tree: merging same-function siblings after filtering', () => {
  // root → x (node_modules) → f ; root → y (node_modules) → f : with only user code, the two f merge
  const url = 'file:///p/f.js', lib = 'file:///p/node_modules/l.js';
  const c = (n: string, u: string, l: number) => ({ functionName: n, scriptId: '1', url: u, lineNumber: l, columnNumber: 0 });
  const p = importProfile({
    nodes: [
      { id: 1, callFrame: c('(root)', '', -1), children: [2, 3] },
      { id: 2, callFrame: c('x', lib, 1), children: [4] }, { id: 3, callFrame: c('y', lib, 5), children: [5] },
      { id: 4, callFrame: c('f', url, 0), hitCount: 1 }, { id: 5, callFrame: c('f', url, 0), hitCount: 2 },
    ],
    startTime: 0, endTime: 3000,
  });
  const merged = toFlameTree(p, { filter: { categories: ['user'] } });
  assert.equal(merged.count, 2);
  assert.equal(merged.self[1], 3000);
  assert.equal(toFlameTree(p, { filter: { categories: ['user'] }, mergeBy: 'none' }).count, 3);
});

test('diff: per-function deltas between two profiles', () => {
  const before = buildHotspots(importProfile(knownHitCountProfile()));
  const faster = knownHitCountProfile();
  faster.nodes[4].hitCount = 0; faster.nodes[4].positionTicks = [];
  faster.endTime = 8000;
  const d = diffProfiles(before, buildHotspots(importProfile(faster)));
  const a = d.find((x) => x.name === 'a')!;
  assert.equal(a.deltaTotal, -3000);
  assert.equal(d[0].name === 'a' || d[0].name === 'main', true);
});

function pick(r: { self: number; total: number } | undefined) {
  assert.ok(r, 'row exists');
  return { self: r.self, total: r.total };
}
