import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  importProfile, toCollapsed, toCpuProfile, toSpeedscope, toHeapProfileJSON, ProfileFormatError, buildHotspots, detectFormat,
} from '../../server/src/profile/index';
import { PerfLensError } from '../../server/src/engine/errors';
import { knownHitCountProfile, knownHeapProfile, assertSameTree } from './known-profiles';

const evented = (events: { type: string; at: number; frame: number }[], unit = 'milliseconds') => ({
  $schema: 'https://www.speedscope.app/file-format-schema.json',
  shared: { frames: [{ name: 'A', file: '/w/a.ts', line: 3, col: 1 }, { name: 'B <b>', file: '/w/node_modules/b.js', line: 7 }] },
  profiles: [{ type: 'evented', name: 'ev', unit, startValue: 0, endValue: 100, events }],
});

test('collapsed stacks: one line per node with self weight, root left out', () => {
  const p = importProfile(knownHitCountProfile());
  assert.equal(toCollapsed(p, { locations: false }), ['(program) 1000', 'main 1000', 'main;a 2000', 'main;a;a 3000', 'main;lib 4000', ''].join('\n'));
  assert.match(toCollapsed(p), /^main \(file:\/\/\/app\/main\.js:1\);lib \(file:\/\/\/app\/node_modules\/x\/index\.js:1\) 4000$/m);
  const evil = knownHitCountProfile();
  evil.nodes[5].callFrame.functionName = 'x;y\nz';
  assert.match(toCollapsed(importProfile(evil), { locations: false }), /^main;x_y_z 4000$/m);
});

test('speedscope evented: exact self weights in µs; re-exported as .cpuprofile with the same weights', () => {
  const p = importProfile(evented([{ type: 'O', at: 0, frame: 0 }, { type: 'O', at: 10, frame: 1 }, { type: 'C', at: 30.5, frame: 1 }, { type: 'C', at: 100, frame: 0 }]));
  assert.deepEqual([p.format, p.kind, p.unit, p.name], ['speedscope', 'cpu', 'us', 'ev']);
  const t = buildHotspots(p);
  const row = (n: string) => t.functions.find((f) => f.name === n)!;
  assert.deepEqual([row('A').self, row('A').total, row('B <b>').self], [79500, 100000, 20500]);
  assert.equal(row('B <b>').category, 'node_modules');
  assert.deepEqual([row('A').file, row('A').line], ['/w/a.ts', 3]);
  const q = importProfile(JSON.stringify(toCpuProfile(p)));
  assertSameTree(p, q, 1e-9);
  // and through speedscope sampled
  assertSameTree(p, importProfile(JSON.stringify(toSpeedscope(q))), 1e-9);
});

test('speedscope sampled with bytes, and unclosed evented frames end at endValue', () => {
  const sampled = {
    shared: { frames: [{ name: 'f' }, { name: 'g' }] },
    profiles: [{ type: 'sampled', name: 's', unit: 'bytes', startValue: 0, endValue: 30, samples: [[0], [0, 1], [0, 1]], weights: [10, 5, 15] }],
  };
  const p = importProfile(sampled);
  assert.deepEqual([p.kind, p.unit, p.tree.total[0]], ['heap', 'bytes', 30]);
  assert.equal(buildHotspots(p).functions.find((f) => f.name === 'g')!.self, 20);
  const open = importProfile(evented([{ type: 'O', at: 0, frame: 0 }], 'microseconds'));
  assert.equal(open.tree.total[0], 100);
});

test('heap profile round-trip through the iterative serializer', () => {
  const p = importProfile(knownHeapProfile());
  const q = importProfile(toHeapProfileJSON(p));
  assertSameTree(p, q, 0);
  assert.throws(() => toCpuProfile(p), /CPU profile/);
});

test('a 100 000-deep call chain imports, exports and round-trips without recursion', () => {
  const depth = 100_000;
  const nodes = [];
  for (let i = 1; i <= depth; i++) {
    nodes.push({ id: i, callFrame: { functionName: `f${i % 7}`, scriptId: '1', url: 'file:///d.js', lineNumber: i % 7, columnNumber: 0 }, hitCount: i === depth ? 5 : 0, children: i < depth ? [i + 1] : [] });
  }
  const p = importProfile(JSON.stringify({ nodes, startTime: 0, endTime: 5000 }));
  assert.equal(p.tree.depth[depth - 1], depth - 1);
  assert.equal(p.tree.total[0], 5000);
  const t = buildHotspots(p);
  assert.equal(t.functions.find((f) => f.name === 'f0')!.total, 5000, 'recursion counted once');
  assertSameTree(p, importProfile(JSON.stringify(toCpuProfile(p))), 1e-9);
  const heap = importProfile({ head: nest(2000) });
  assert.equal(importProfile(toHeapProfileJSON(heap)).tree.size, 2000);
  assert.equal(toCollapsed(p).split('\n').length, 2);
});

function nest(depth: number) {
  const root = { callFrame: { functionName: 'r', url: '' }, selfSize: 1, id: 1, children: [] as unknown[] };
  let cur = root;
  for (let i = 2; i <= depth; i++) {
    const n = { callFrame: { functionName: 'n', url: 'file:///h.js', lineNumber: 1 }, selfSize: 1, id: i, children: [] as unknown[] };
    cur.children.push(n);
    cur = n;
  }
  return root;
}

test('malformed input: ProfileFormatError (PL3001) naming what is wrong', () => {
  const bad = (input: unknown, message: RegExp) => {
    assert.throws(() => importProfile(input), (e: unknown) => {
      assert.ok(e instanceof ProfileFormatError && e instanceof PerfLensError, `typed error, got ${String(e)}`);
      assert.equal(e.code, 'PL3001');
      assert.match(e.message, message);
      return true;
    });
  };
  const withNodes = (mutate: (n: ReturnType<typeof knownHitCountProfile>['nodes']) => void) => {
    const doc = knownHitCountProfile();
    mutate(doc.nodes);
    return JSON.stringify(doc);
  };
  bad('{"nodes": [', /not valid JSON/);
  bad('42', /not a \.cpuprofile/);
  bad({ traceEvents: [] }, /Chrome trace/);
  bad(withNodes((n) => { n[0].children = [2, 99]; }), /nodes\[0\]\.children references unknown id 99/);
  bad(withNodes((n) => { n[3].children = [4]; }), /cycle in call tree at node 4 \(it is its own child\)/);
  bad(withNodes((n) => { n[4].children = [4 as number] as number[]; }), /node 4 has two parents/);
  bad(withNodes((n) => { n[2].children = [6]; n[3].children = [5]; (n[4] as { children?: number[] }).children = [4]; }), /cycle in call tree at node 4 \(not reachable from the root\)/);
  bad(withNodes((n) => { n[0].children = [2]; }), /several roots/);
  bad(withNodes((n) => { (n[2] as { hitCount: unknown }).hitCount = 'lots'; }), /nodes\[2\]\.hitCount is not a finite number/);
  bad(withNodes((n) => { (n[2] as { hitCount: unknown }).hitCount = 1e300; }), /nodes\[2\]\.hitCount is above/);
  bad(withNodes((n) => { (n[1] as { id: unknown }).id = 1; }), /nodes\[1\]\.id 1 is used twice/);
  bad(withNodes((n) => { n[3].positionTicks = [{ line: 0, ticks: 1 }]; }), /positionTicks\[0\]\.line is below 1/);
  bad({ ...knownHitCountProfile(), samples: [1, 2], timeDeltas: [0] }, /differ in length/);
  bad({ ...knownHitCountProfile(), samples: [77], timeDeltas: [0] }, /samples\[0\] references unknown node id 77/);
  bad({ head: { callFrame: {}, children: [{ callFrame: { functionName: 5 } }] } }, /functionName is not a string/);
  bad(evented([{ type: 'O', at: 0, frame: 0 }, { type: 'C', at: 5, frame: 1 }]), /closes a frame that is not the innermost open one/);
  bad(evented([{ type: 'O', at: 5, frame: 0 }, { type: 'C', at: 1, frame: 0 }]), /goes back in time/);
  bad(evented([{ type: 'O', at: 0, frame: 9 }]), /events\[0\]\.frame is above 1/);
  const cyclic: { callFrame: object; children: unknown[] } = { callFrame: {}, children: [] };
  cyclic.children.push(cyclic);
  bad({ head: cyclic }, /cycle in call tree/);
  assert.equal(detectFormat({ nodes: [] }), 'cpuprofile');
});
