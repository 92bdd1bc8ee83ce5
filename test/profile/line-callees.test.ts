import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importProfile, buildHotspots } from '../../server/src/profile/index';
import { calleesOfLines, lineKey } from '../../server/src/profile/line-callees';
import { knownHitCountProfile } from './known-profiles';
import { lineHotspots } from '../../server/src/profiler/summarize';

const cf = (functionName: string, url: string, lineNumber: number) => ({ functionName, scriptId: '7', url, lineNumber, columnNumber: 0 });

test('the callees of a hot line: attributed through its call line, ranked by total, in ms and share', () => {
  // main's ticks name only line 5, so a (5 ms with its recursion) and lib (4 ms) are called from main.js:5
  const table = buildHotspots(importProfile(knownHitCountProfile()));
  const callees = calleesOfLines(table, [{ file: '/app/main.js', line: 5 }, { file: '/app/main.js', line: 11 }, { file: '/app/main.js', line: 99 }]);
  const main5 = callees.get(lineKey('/app/main.js', 5))!;
  assert.deepEqual(main5.map((c) => [c.name, c.file, c.line, c.totalMs, c.category]), [
    ['a', '/app/main.js', 10, 5, 'user'],
    ['lib', '/app/node_modules/x/index.js', 1, 4, 'node_modules'],
  ]);
  assert.equal(main5[0]!.share, 5 / 11);
  // a's only ticked line (11) calls a again
  assert.deepEqual(callees.get(lineKey('/app/main.js', 11))!.map((c) => [c.name, c.totalMs]), [['a', 3]]);
  assert.equal(callees.has(lineKey('/app/main.js', 99)), false);
  assert.equal(calleesOfLines(table, [{ file: '/app/main.js', line: 5 }], 1).get(lineKey('/app/main.js', 5))!.length, 1);
});

test('recursion through the same line is counted once, not once per level', () => {
  const url = 'file:///app/rec.js';
  // main:2 → walk; walk:6 → walk → walk (each level ticks line 6 only): 1 + 2 + 3 ms under walk
  const profile = {
    nodes: [
      { id: 1, callFrame: cf('(root)', '', -1), hitCount: 0, children: [2] },
      { id: 2, callFrame: cf('main', url, 0), hitCount: 1, children: [3], positionTicks: [{ line: 2, ticks: 1 }] },
      { id: 3, callFrame: cf('walk', url, 4), hitCount: 1, children: [4], positionTicks: [{ line: 6, ticks: 1 }] },
      { id: 4, callFrame: cf('walk', url, 4), hitCount: 2, children: [5], positionTicks: [{ line: 6, ticks: 2 }] },
      { id: 5, callFrame: cf('walk', url, 4), hitCount: 3, positionTicks: [{ line: 6, ticks: 3 }] },
    ],
    startTime: 0,
    endTime: 7000,
  };
  const table = buildHotspots(importProfile(profile));
  const callees = calleesOfLines(table, [{ file: '/app/rec.js', line: 2 }, { file: '/app/rec.js', line: 6 }]);
  assert.deepEqual(callees.get(lineKey('/app/rec.js', 2))!.map((c) => [c.name, c.totalMs]), [['walk', 6]]);
  // walk:6 calls walk: the outer call holds 5 ms (2 + 3); the inner level is inside it, not added again
  assert.deepEqual(callees.get(lineKey('/app/rec.js', 6))!.map((c) => [c.name, c.totalMs]), [['walk', 5]]);
});

test('the summary\'s line hotspots carry their top callees (what `perflens profile --json` and the hover show)', () => {
  const rows = lineHotspots(buildHotspots(importProfile(knownHitCountProfile())));
  const main5 = rows.find((r) => r.file === '/app/main.js' && r.line === 5)!;
  assert.deepEqual(main5.callees, [
    { name: 'a', file: '/app/main.js', line: 10, totalMs: 5, share: 0.4545 },
    { name: 'lib', file: '/app/node_modules/x/index.js', line: 1, totalMs: 4, share: 0.3636 },
  ]);
  // a line that calls nothing has no callees field at all
  assert.equal(rows.find((r) => r.file === '/app/main.js' && r.line === 12)!.callees, undefined);
});
