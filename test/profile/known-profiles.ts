import assert from 'node:assert/strict';
import type { Profile } from '../../server/src/profile/model';

/** Small hand-written profiles whose weights are known exactly (shared by the profile tests). */
const cf = (functionName: string, url: string, lineNumber: number, columnNumber = 0) => ({ functionName, scriptId: url ? '7' : '0', url, lineNumber, columnNumber });
const MAIN = 'file:///app/main.js';
const LIB = 'file:///app/node_modules/x/index.js';

/**
 * root ─ (program) 1 hit
 *      └ main (main.js:1) 1 hit @line 5
 *          ├ a (main.js:10) 2 hits @line 11 ─ a (recursive) 3 hits @line 12
 *          └ lib (node_modules/x/index.js:1) 4 hits @line 2
 * 11 hits over 11 000 µs → 1 000 µs per hit.
 */
export function knownHitCountProfile(mainTicks: { line: number; ticks: number }[] = [{ line: 5, ticks: 1 }]) {
  return {
    nodes: [
      { id: 1, callFrame: cf('(root)', '', -1, -1), hitCount: 0, children: [2, 3] },
      { id: 2, callFrame: cf('(program)', '', -1, -1), hitCount: 1 },
      { id: 3, callFrame: cf('main', MAIN, 0), hitCount: mainTicks.reduce((s, t) => s + t.ticks, 0), children: [4, 6], positionTicks: mainTicks },
      { id: 4, callFrame: cf('a', MAIN, 9, 2), hitCount: 2, children: [5], positionTicks: [{ line: 11, ticks: 2 }] },
      { id: 5, callFrame: cf('a', MAIN, 9, 2), hitCount: 3, positionTicks: [{ line: 12, ticks: 3 }] },
      { id: 6, callFrame: cf('lib', LIB, 0), hitCount: 4, positionTicks: [{ line: 2, ticks: 4 }] },
    ],
    startTime: 0,
    endTime: 1000 * (10 + mainTicks.reduce((s, t) => s + t.ticks, 0)),
  };
}

/** Same tree with samples: t = 0, 100, 300, 600; end 1000 → main 100, a 200+300, lib 400 µs. */
export function knownSampledProfile() {
  const p = knownHitCountProfile();
  return {
    ...p,
    nodes: p.nodes.map((n) => ({ ...n, hitCount: n.id === 4 ? 2 : n.id === 3 || n.id === 6 ? 1 : 0 })),
    startTime: 0, endTime: 1000, samples: [3, 4, 4, 6], timeDeltas: [0, 100, 200, 300],
  };
}

/** head(root) ─ alloc (app.js:3) 1000 B ─ inner (app.js:8) 24 B ; └ other (app.js:20) 10 B */
export function knownHeapProfile() {
  const url = 'file:///app/app.js';
  return {
    head: {
      callFrame: cf('(root)', '', -1, -1), selfSize: 0, id: 1, children: [
        { callFrame: cf('alloc', url, 2), selfSize: 1000, id: 2, children: [{ callFrame: cf('inner', url, 7), selfSize: 24, id: 3, children: [] }] },
        { callFrame: cf('other', url, 19), selfSize: 10, id: 4, children: [] },
      ],
    },
    samples: [{ size: 1000, nodeId: 2, ordinal: 1 }],
  };
}

/** Same shape, frames and self weights (within a relative tolerance), node by node. */
export function assertSameTree(p: Profile, q: Profile, tolerance: number): void {
  assert.equal(q.tree.size, p.tree.size);
  for (let i = 0; i < p.tree.size; i++) {
    const a = p.frames[p.tree.frame[i]], b = q.frames[q.tree.frame[i]];
    if (b.name !== a.name || b.url !== a.url || b.line !== a.line || b.col !== a.col) {
      assert.fail(`frame of node ${i}: ${JSON.stringify([b.name, b.url, b.line, b.col])} vs ${JSON.stringify([a.name, a.url, a.line, a.col])}`);
    }
    if (q.tree.parent[i] !== p.tree.parent[i]) assert.fail(`parent of node ${i}`);
    if (Math.abs(q.tree.self[i] - p.tree.self[i]) > tolerance * Math.max(1, p.tree.self[i])) assert.fail(`self of node ${i}: ${q.tree.self[i]} vs ${p.tree.self[i]}`);
  }
}
