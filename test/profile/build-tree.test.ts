import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildTree, type RawNodes } from '../../server/src/profile/build-tree';

/** A raw tree from parent choices (node k's parent is one of 0..k-1), laid out in preorder or shuffled. */
function rawTree(parentPicks: number[], shuffle: number[], preorder: boolean): RawNodes {
  const n = parentPicks.length + 1;
  const parentOf = [-1, ...parentPicks.map((p, k) => p % (k + 1))];
  // order: preorder (children in creation order) or a shuffled permutation of creation order
  const kids: number[][] = Array.from({ length: n }, () => []);
  for (let k = 1; k < n; k++) kids[parentOf[k]].push(k);
  let order: number[] = [];
  if (preorder) {
    const stack = [0];
    while (stack.length) { const i = stack.pop()!; order.push(i); for (let c = kids[i].length - 1; c >= 0; c--) stack.push(kids[i][c]); }
  } else {
    order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) { const j = (shuffle[i] ?? i) % (i + 1); [order[i], order[j]] = [order[j], order[i]]; }
  }
  const at = new Map(order.map((node, idx) => [node, idx]));
  const ticksPer = order.map((node) => node % 3);
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + ticksPer[i];
  return {
    count: n,
    parent: Int32Array.from(order, (node) => (parentOf[node] < 0 ? -1 : at.get(parentOf[node])!)),
    frame: Int32Array.from(order, (node) => node % 5),
    self: Float64Array.from(order, (node) => (node * 37) % 11),
    ticks: { start, line: Int32Array.from({ length: start[n] }, (_, e) => 1 + (e % 7)), ticks: Int32Array.from({ length: start[n] }, (_, e) => e % 4) },
    label: (i) => String(i),
  };
}

test('buildTree: input already in preorder takes the no-layout path and gives the same tree as the general layout', () => {
  fc.assert(
    fc.property(fc.array(fc.nat(), { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 61 }), fc.boolean(), (picks, shuffle, preorder) => {
      const raw = rawTree(picks, shuffle, preorder);
      // a childOrder that keeps raw order forces the general DFS layout: the results must agree
      assert.deepStrictEqual(buildTree(raw), buildTree({ ...raw, childOrder: (a, b) => a - b }));
    }),
    { numRuns: 500, seed: 3 },
  );
});

test('buildTree: several roots and cycles are still named', () => {
  const base = rawTree([0, 0, 1], [], true);
  assert.throws(() => buildTree({ ...base, parent: Int32Array.from([-1, 0, -1, 1]) }), /several roots/);
  assert.throws(() => buildTree({ ...base, parent: Int32Array.from([-1, 3, 1, 2]) }), /cycle in call tree/);
});
