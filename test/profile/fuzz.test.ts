import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  importProfile, importProfileBytes, importCpuProfile, importHeapProfile, importSpeedscope, ProfileFormatError, buildHotspots, costForRange,
  toFlameTree, toCpuProfile, toHeapProfileJSON, toSpeedscope, toCollapsed, type Profile,
} from '../../server/src/profile/index';
import { knownHitCountProfile, knownSampledProfile, knownHeapProfile } from './known-profiles';

const speedscopeBase = () => ({
  $schema: 'https://www.speedscope.app/file-format-schema.json',
  shared: { frames: [{ name: 'A', file: '/a.ts', line: 1 }, { name: 'B' }] },
  profiles: [
    { type: 'evented', name: 'e', unit: 'microseconds', startValue: 0, endValue: 9, events: [{ type: 'O', at: 0, frame: 0 }, { type: 'O', at: 2, frame: 1 }, { type: 'C', at: 5, frame: 1 }, { type: 'C', at: 9, frame: 0 }] },
    { type: 'sampled', name: 's', unit: 'milliseconds', startValue: 0, endValue: 3, samples: [[0], [0, 1]], weights: [1, 2] },
  ],
});
const bases: (() => unknown)[] = [knownHitCountProfile, knownSampledProfile, knownHeapProfile, speedscopeBase];

const hostileValue = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1e308, -1, 0, 2 ** 53, 2 ** 31, -0, 1.5, null, undefined, true, '', '<script>alert(1)</script>', '__proto__', [], {}),
  fc.integer({ min: -5, max: 12 }),
  fc.double(),
  fc.string({ maxLength: 8 }),
  fc.array(fc.integer({ min: -2, max: 12 }), { maxLength: 6 }),
  fc.dictionary(fc.constantFrom('id', 'children', 'callFrame', 'line', 'ticks', 'frame', 'type', 'at'), fc.integer({ min: -1, max: 8 })),
);

/** Every (container, key) reachable in a JSON-ish value, iteratively. */
function slots(root: unknown): [Record<string | number, unknown>, string | number][] {
  const out: [Record<string | number, unknown>, string | number][] = [];
  const stack: unknown[] = [root];
  const seen = new Set<object>();
  while (stack.length) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    for (const k of Object.keys(v)) {
      out.push([v as Record<string, unknown>, Array.isArray(v) ? Number(k) : k]);
      stack.push((v as Record<string, unknown>)[k]);
    }
  }
  return out;
}

type Mutation = { kind: 'set' | 'delete' | 'alias'; at: number; value: unknown; other: number };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('set', 'set', 'delete', 'alias'),
  at: fc.nat(),
  value: hostileValue,
  other: fc.nat(),
});

function mutate(doc: unknown, muts: Mutation[]): unknown {
  for (const m of muts) {
    const s = slots(doc);
    if (!s.length) break;
    const [obj, key] = s[m.at % s.length];
    if (m.kind === 'delete') delete obj[key];
    else if (m.kind === 'set') obj[key] = m.value;
    // alias: point a slot at another container of the same document (shared nodes, object cycles)
    else obj[key] = s[m.other % s.length][0];
  }
  return doc;
}

/** Runs everything a consumer would run; only ProfileFormatError may escape an importer. */
function exercise(input: unknown): void {
  const importers = [importProfile, importCpuProfile, importHeapProfile, importSpeedscope] as ((x: unknown) => Profile)[];
  // text also goes through the byte-level importer (what readProfileFile uses)
  if (typeof input === 'string') importers.push(() => importProfileBytes(new TextEncoder().encode(input)));
  for (const imp of importers) {
    let p: Profile;
    try {
      p = imp(input);
    } catch (e) {
      if (e instanceof ProfileFormatError) { assert.equal(e.code, 'PL3001'); continue; }
      throw e;
    }
    for (let i = 0; i < p.tree.size; i++) assert.ok(Number.isFinite(p.tree.total[i]), 'finite weights');
    const t = buildHotspots(p);
    if (t.lines[0]) costForRange(t, t.lines[0].file, 1, 1e6);
    toFlameTree(p, { filter: { categories: ['user'] } });
    toCollapsed(p);
    JSON.stringify(toSpeedscope(p));
    if (p.unit === 'us') importProfile(JSON.stringify(toCpuProfile(p)));
    else importProfile(toHeapProfileJSON(p));
  }
}

test('fuzz: mutated profiles (cycles, missing ids, wrong types, NaN, huge numbers) give the typed error or a usable profile', () => {
  let slowest = 0;
  fc.assert(
    fc.property(fc.nat(bases.length - 1), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.boolean(), (b, muts, asText) => {
      const doc = mutate(bases[b](), muts);
      const t = performance.now();
      let text: string | undefined;
      try { text = asText ? JSON.stringify(doc) : undefined; } catch { text = undefined; /* object cycles cannot be text */ }
      exercise(text ?? doc);
      slowest = Math.max(slowest, performance.now() - t);
    }),
    { numRuns: 2500, seed: 20261128 },
  );
  assert.ok(slowest < 2000, `every case finishes quickly (slowest ${slowest.toFixed(0)} ms)`);
});

test('fuzz: random trees with random child links and random JSON values', () => {
  const node = fc.record({
    id: fc.integer({ min: 0, max: 30 }),
    callFrame: fc.record({ functionName: fc.string({ maxLength: 5 }), url: fc.constantFrom('', 'file:///a.js', 'node:fs', 'file:///n/node_modules/x.js'), lineNumber: fc.integer({ min: -1, max: 50 }), columnNumber: fc.integer({ min: -1, max: 9 }) }),
    hitCount: fc.integer({ min: 0, max: 1000 }),
    children: fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 4 }),
    positionTicks: fc.array(fc.record({ line: fc.integer({ min: 1, max: 60 }), ticks: fc.integer({ min: 0, max: 9 }) }), { maxLength: 3 }),
  });
  fc.assert(
    fc.property(fc.array(node, { minLength: 1, maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 20 }), (nodes, sampleIds) => {
      exercise({ nodes, startTime: 0, endTime: 1e6, samples: sampleIds, timeDeltas: sampleIds.map((_, i) => (i * 37) % 500 - 50) });
      exercise({ nodes, startTime: 0, endTime: 1e6 });
    }),
    { numRuns: 1500, seed: 7 },
  );
  fc.assert(fc.property(fc.jsonValue(), (v) => { exercise(v); exercise(JSON.stringify(v)); }), { numRuns: 1000, seed: 11 });
});
