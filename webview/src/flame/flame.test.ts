/** The pure layout/search/filter code on a small known profile (see test/webview/helpers/profiles.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importProfile } from '../../../server/src/profile/importers/index';
import { profileToWire } from '../../../server/src/report/flame-wire';
import { knownCpuProfile, knownHeapProfile, FILES } from '../../../test/webview/helpers/profiles';
import { buildCallees, buildFlameGraph, leftHeavyTree } from './aggregate';
import { functionRows, sortRows } from './bottom-up';
import { buildCallers, filteredTotals } from './callers';
import { frameModes, visibleNodes } from './filter';
import { hitTest } from './hit-test';
import { frameLabel, type ProfileData } from './profile-data';
import type { RectTree } from './rect-tree';
import { matchFrames, matchNames, matchShare, parseQuery } from './search';
import { buildTimeline } from './timeline';
import { profileDataToWire, wireToProfileData } from './wire';
import { bytesToBase64, packUints, packWeights, unpackUints, unpackWeights, unzigzag, zigzag } from '../../../server/src/report/wire-codec';
import { navigate } from '../keyboard';
import { framesAt, rankFindings } from '../findings/match';
import { finding } from '../../../test/webview/helpers/messages';

const MS = 1000;
const load = (raw: unknown): ProfileData => wireToProfileData(JSON.parse(JSON.stringify(profileToWire(importProfile(raw)))));

/** "name@depth x0..x1" (ms) for every rect, in kid order: a readable picture of the layout. */
function picture(p: ProfileData, t: RectTree): string[] {
  const out: string[] = [];
  const walk = (r: number) => {
    const name = t.frame[r]! < 0 ? 'all' : frameLabel(p, t.frame[r]!);
    out.push(`${name}@${t.depth[r]} ${t.x0[r]! / MS}..${(t.x0[r]! + t.width[r]!) / MS}`);
    for (let k = t.kidStart[r]!; k < t.kidStart[r]! + t.kidCount[r]!; k++) walk(t.kids[k]!);
  };
  walk(0);
  return out;
}

const frameNamed = (p: ProfileData, name: string) => {
  for (let f = 0; f < p.frameName.length; f++) if (frameLabel(p, f) === name) return f;
  throw new Error(`no frame ${name}`);
};

test('left-heavy flame graph of the known profile', () => {
  const p = load(knownCpuProfile());
  const t = buildFlameGraph(p, frameModes(p, { onlyMyCode: false }));
  assert.deepEqual(picture(p, t), [
    'all@0 0..100',
    'main@1 0..95',
    'work@2 0..60', 'lodashMap@3 0..25', 'callback@4 0..15', 'parse@3 25..30',
    'render@2 60..90', 'work@3 60..80',
    '(garbage collector)@1 95..98',
    '(idle)@1 98..100',
  ]);
  const work = frameNamed(p, 'work');
  assert.equal(p.files[p.frameFile[work]!], FILES.work);
  assert.equal(p.frameLine[work], 10);
  assert.equal(p.frameCol[work], 17);
});

test('only my code: libraries and natives merge into their caller, GC/idle/program disappear', () => {
  const p = load(knownCpuProfile());
  const t = buildFlameGraph(p, frameModes(p, { onlyMyCode: true }));
  assert.deepEqual(picture(p, t), [
    'all@0 0..95', 'main@1 0..95', 'work@2 0..60', 'callback@3 0..15', 'render@2 60..90', 'work@3 60..80',
  ]);
  const workRect = hitTest(t, 1, 2);
  assert.equal(t.self[workRect]! / MS, 45, 'work self = own 30 + lodashMap 10 + parse 5');
});

test('flame chart spans follow the samples in time order', () => {
  const p = load(knownCpuProfile());
  const modes = frameModes(p, { onlyMyCode: false });
  const t = buildTimeline(p, visibleNodes(p, modes));
  assert.deepEqual(picture(p, t), [
    'all@0 0..100', 'main@1 0..95', 'work@2 5..65', 'lodashMap@3 15..40', 'callback@4 20..35', 'parse@3 60..65',
    'render@2 65..95', 'work@3 75..95', '(garbage collector)@1 95..98', '(idle)@1 98..100',
  ]);
  const filtered = buildTimeline(p, visibleNodes(p, frameModes(p, { onlyMyCode: true })));
  assert.deepEqual(picture(p, filtered).slice(0, 4), ['all@0 0..100', 'main@1 0..95', 'work@2 5..65', 'callback@3 20..35']);
});

test('sandwich: callers and callees of work, each call counted once', () => {
  const p = load(knownCpuProfile());
  const modes = frameModes(p, { onlyMyCode: false });
  const vis = visibleNodes(p, modes);
  const work = frameNamed(p, 'work');
  const callers = buildCallers(p, vis, filteredTotals(p, vis), work);
  assert.deepEqual(picture(p, callers), ['work@0 0..80', 'main@1 0..60', 'render@1 60..80', 'main@2 60..80']);
  const callees = buildCallees(p, modes, work);
  assert.deepEqual(picture(p, callees), ['work@0 0..80', 'lodashMap@1 0..25', 'callback@2 0..15', 'parse@1 25..30']);
});

test('recursion is counted once in callers, callees and the table', () => {
  // f → f → g: totals must not double
  const cf = (name: string) => ({ functionName: name, scriptId: '1', url: 'file:///r.js', lineNumber: name.charCodeAt(0), columnNumber: 0 });
  const raw = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 }, hitCount: 0, children: [2] },
      { id: 2, callFrame: cf('f'), hitCount: 1, children: [3] },
      { id: 3, callFrame: cf('f'), hitCount: 1, children: [4] },
      { id: 4, callFrame: cf('g'), hitCount: 2 },
    ],
    startTime: 0, endTime: 5000, samples: [2, 3, 4, 4], timeDeltas: [1000, 1000, 1000, 1000],
  };
  const p = load(raw);
  const modes = frameModes(p, { onlyMyCode: false });
  const t = buildFlameGraph(p, modes);
  const rows = functionRows(t, p.frameName.length);
  const f = frameNamed(p, 'f');
  const row = rows.find((r) => r.frame === f)!;
  assert.equal(row.total / MS, 4);
  assert.equal(row.self / MS, 2);
  const vis = visibleNodes(p, modes);
  assert.equal(buildCallers(p, vis, filteredTotals(p, vis), f).width[0]! / MS, 4);
  assert.deepEqual(picture(p, buildCallees(p, modes, f)), ['f@0 0..4', 'f@1 0..3', 'g@2 0..2']);
});

test('bottom-up rows sort by self, total and name', () => {
  const p = load(knownCpuProfile());
  const t = buildFlameGraph(p, frameModes(p, { onlyMyCode: false }));
  const rows = functionRows(t, p.frameName.length);
  const label = (f: number) => frameLabel(p, f);
  const bySelf = sortRows(rows, 'self', true, label).map((r) => `${label(r.frame)} ${r.self / MS}/${r.total / MS}`);
  assert.deepEqual(bySelf.slice(0, 4), ['work 50/80', 'callback 15/15', 'lodashMap 10/25', 'render 10/30']);
  assert.equal(label(sortRows(rows, 'total', true, label)[0]!.frame), 'main');
  assert.equal(label(sortRows(rows, 'name', false, label)[0]!.frame), '(garbage collector)');
});

test('search: plain text, /regex/ with escapes, invalid regex, share counts nested matches once', () => {
  const p = load(knownCpuProfile());
  const t = buildFlameGraph(p, frameModes(p, { onlyMyCode: false }));
  const names = (q: string) => { const m = matchNames(p, parseQuery(q)!); return p.names.filter((_, i) => m[i]); };
  assert.deepEqual(names('WORK'), ['work']);
  assert.deepEqual(names('/^(render|main)$/').sort(), ['main', 'render']);
  assert.deepEqual(names('/\\(idle\\)/'), ['(idle)']);
  assert.deepEqual(names('(idle)'), ['(idle)'], 'plain text is literal, not a pattern');
  assert.deepEqual(names('/a\\/b/'), []);
  assert.equal(parseQuery('   '), null);
  assert.throws(() => parseQuery('/[/'), /invalid regular expression/);
  const share = matchShare(t, matchFrames(p, matchNames(p, parseQuery('/^(main|work)$/')!)));
  assert.equal(share.weight / MS, 95, 'work inside main is not added again');
  assert.equal(share.rects, 3);
  assert.equal(share.share, 0.95);
});

test('hit test and keyboard navigation', () => {
  const p = load(knownCpuProfile());
  const t = buildFlameGraph(p, frameModes(p, { onlyMyCode: false }));
  const at = (ms: number, depth: number) => { const r = hitTest(t, ms * MS, depth); return r < 0 ? null : frameLabel(p, t.frame[r]!); };
  assert.equal(at(70, 2), 'render');
  assert.equal(at(59.999, 2), 'work');
  assert.equal(at(60, 2), 'render');
  assert.equal(at(92, 2), null, 'main\'s own time has no callee');
  assert.equal(at(10, 4), 'callback');
  assert.equal(at(10, 9), null);
  assert.equal(at(100, 0), null);
  const work = hitTest(t, 0, 2);
  const name = (r: number) => frameLabel(p, t.frame[r]!);
  assert.equal(name(navigate(t, work, 'ArrowRight')), 'render');
  assert.equal(name(navigate(t, navigate(t, work, 'ArrowRight'), 'ArrowLeft')), 'work');
  assert.equal(name(navigate(t, work, 'ArrowUp')), 'main');
  assert.equal(name(navigate(t, work, 'ArrowDown')), 'lodashMap');
});

test('findings map to the enclosing function and rank by measured cost', () => {
  const p = load(knownCpuProfile());
  const t = buildFlameGraph(p, frameModes(p, { onlyMyCode: false }));
  assert.deepEqual(framesAt(p, FILES.work, 15).map((f) => frameLabel(p, f)), ['work']);
  assert.deepEqual(framesAt(p, FILES.work, 25).map((f) => frameLabel(p, f)), ['callback']);
  assert.deepEqual(framesAt(p, FILES.work, 5), [], 'above the first function');
  assert.deepEqual(framesAt(p, '/elsewhere.js', 5), []);
  const ranked = rankFindings(p, [finding('a', FILES.render, 4), finding('b', FILES.work, 12), finding('c', FILES.work, 22)],
    functionRows(t, p.frameName.length), t.width[0]!);
  assert.deepEqual(ranked.map((r) => `${r.finding.id} ${r.cost / MS}`), ['b 80', 'a 30', 'c 15']);
});

test('heap profiles load as bytes without a timeline', () => {
  const p = load(knownHeapProfile());
  assert.equal(p.unit, 'bytes');
  assert.equal(p.samples, undefined);
  const t = buildFlameGraph(p, frameModes(p, { onlyMyCode: false }));
  assert.equal(t.width[0], 4 * 1024 * 1024);
});

test('malformed wire trees are rejected with a readable error', () => {
  // version 1 (plain number arrays) still loads and is still checked
  const good = profileDataToWire(load(knownCpuProfile()));
  assert.equal(wireToProfileData(good).nodeParent.length, good.parent.length);
  assert.throws(() => wireToProfileData({ ...good, parent: [-1, 5, 0] }), /differ in length|preorder/);
  assert.throws(() => wireToProfileData({ ...good, frame: good.frame.map((f, i) => (i === 2 ? 999 : f)) }), /unknown frame/);
  assert.throws(() => wireToProfileData({ ...good, self: good.self.map((s, i) => (i === 1 ? -1 : s)) }), /invalid weight/);
  assert.throws(() => wireToProfileData({ ...good, frames: good.frames.slice(1) }), /partial entry/);
  assert.throws(() => wireToProfileData({ ...good, version: 3 } as never), /version/);
});

test('packed (version 2) wire trees: malformed columns give readable errors', () => {
  const good = profileToWire(importProfile(knownCpuProfile()));
  assert.equal(good.version, 2);
  assert.throws(() => wireToProfileData({ ...good, parent: packUints([0, 1, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1].slice(0, good.nodeCount)) }), /preorder/);
  assert.throws(() => wireToProfileData({ ...good, parent: good.parent.slice(0, 4) }), /ends early|base64/);
  assert.throws(() => wireToProfileData({ ...good, parent: '%%%' }), /base64/);
  assert.throws(() => wireToProfileData({ ...good, nodeCount: good.nodeCount - 1 }), /left over/);
  assert.throws(() => wireToProfileData({ ...good, frame: packUints(Array.from({ length: good.nodeCount }, (_, i) => (i === 0 ? 0 : 999))) }), /unknown frame/);
  assert.throws(() => wireToProfileData({ ...good, self: { ints: good.self.ints, exact: [1, -5] } }), /invalid exact/);
  assert.throws(() => wireToProfileData({ ...good, frameCount: -1 }), /not a valid count/);
  assert.throws(() => wireToProfileData({ ...good, samples: packUints([zigzag(-3)]), sampleWeights: packWeights([5]), sampleCount: 1 }).samples, /unknown node/, 'checked when the flame chart first reads them');
});

test('wire codec: varints round-trip exactly, weights keep non-integers exactly', () => {
  const values = [0, 1, 127, 128, 255, 16383, 16384, 2 ** 31 - 1, 2 ** 31, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER];
  assert.deepEqual(Array.from(unpackUints(packUints(values), values.length, new Float64Array(values.length), 'v')), values);
  assert.throws(() => unpackUints(packUints(values), values.length + 1, new Float64Array(values.length + 1), 'v'), /ends early/);
  const weights = [0, 1000, 1234.5678, 3, 0.25, 1e12 + 0.5];
  assert.deepEqual(Array.from(unpackWeights(packWeights(weights), weights.length, 'w')), weights);
  assert.deepEqual(packWeights([5, -1, Number.NaN]).exact, undefined, 'negative and NaN weights are sent as 0');
  for (const d of [-1000, -2, -1, 0, 1, 2, 1000]) assert.equal(unzigzag(zigzag(d)), d);
  // the table-driven base64 agrees with Node's for every padding case
  for (let len = 0; len < 70; len++) {
    const bytes = Uint8Array.from({ length: len }, (_, i) => (i * 97 + len * 13) & 255);
    assert.equal(bytesToBase64(bytes), Buffer.from(bytes).toString('base64'));
  }
});

test('the packed tree round-trips the profile: same frames, weights and flame chart as version 1', () => {
  const p = load(knownCpuProfile());
  const v1 = wireToProfileData(JSON.parse(JSON.stringify(profileDataToWire(p))));
  assert.deepEqual(picture(p, buildFlameGraph(p, frameModes(p, { onlyMyCode: false }))), picture(v1, buildFlameGraph(v1, frameModes(v1, { onlyMyCode: false }))));
  assert.deepEqual(picture(p, buildTimeline(p, visibleNodes(p, frameModes(p, { onlyMyCode: false })))),
    picture(v1, buildTimeline(v1, visibleNodes(v1, frameModes(v1, { onlyMyCode: false })))));
  assert.equal(p.leftHeavy, true);
  assert.equal(Array.from(p.sampleWeights!).reduce((a, b) => a + b, 0), 100 * MS, 'every sample keeps its duration (100 × 1 ms)');
});

test('direct left-heavy layout equals the general aggregation (known and generated trees)', () => {
  const same = (p: ProfileData) => {
    const direct = leftHeavyTree(p);
    assert.ok(direct, 'the host order is accepted');
    const general = buildFlameGraph({ ...p, leftHeavy: false }, frameModes(p, { onlyMyCode: false }));
    assert.deepEqual(picture(p, direct), picture(p, general));
  };
  same(load(knownCpuProfile()));
  same(load(knownHeapProfile()));
  // a generated profile with recursion, repeated sibling frames and ties
  const nodes: Array<{ id: number; callFrame: object; hitCount: number; children: number[] }> = [];
  let seed = 7;
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
  const frame = (k: number) => ({ functionName: `f${k}`, scriptId: '1', url: `file:///app/f${k % 3}.js`, lineNumber: k, columnNumber: 0 });
  nodes.push({ id: 1, callFrame: { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 }, hitCount: 0, children: [] });
  for (let id = 2; id <= 400; id++) {
    const parent = nodes[rnd(nodes.length)]!;
    parent.children.push(id);
    nodes.push({ id, callFrame: frame(rnd(12)), hitCount: rnd(4), children: [] });
  }
  const samples = nodes.flatMap((n) => Array.from({ length: n.hitCount }, () => n.id));
  const p = load({ nodes, startTime: 0, endTime: samples.length * 100 + 100, samples, timeDeltas: samples.map(() => 100) });
  same(p);
  // a tree whose order is wrong is not taken as left-heavy: the general path runs instead
  const swapped = { ...p, nodeSelf: Float64Array.from(p.nodeSelf).reverse() };
  swapped.nodeSelf[0] = 0;
  assert.equal(leftHeavyTree(swapped), null);
});
