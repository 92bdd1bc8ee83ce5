/**
 * The byte-level .cpuprofile importer must give exactly the model the JSON.parse importer gives,
 * or decline (undefined) so the JSON path runs; through `importProfileBytes`, also exactly the same
 * error. Checked on real V8 profiles, on generated profiles written in every JSON spelling we could
 * think of (key order, whitespace, escapes, number forms, extra keys, hostile names), and on
 * byte-mutated files (truncated, flipped, invalid UTF-8).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { importProfile, importProfileBytes, importCpuProfileBytes, importCpuProfileStream, ProfileFormatError, type Profile } from '../../server/src/profile/index';
import { readProfileFile, streamCpuProfile } from '../../server/src/profile/read-file';
import { profileScript, BUSY_JS, ALLOC_JS } from './real-profiles';
import { knownHitCountProfile, knownSampledProfile } from './known-profiles';

const busy = profileScript('busy-bytes.js', BUSY_JS, 'cpu');
const alloc = profileScript('alloc-bytes.js', ALLOC_JS, 'heap');
const nodeDecode = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
const bytesOf = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));

type Outcome = { profile: Profile } | { error: string };
function outcome(run: () => Profile): Outcome {
  try {
    return { profile: run() };
  } catch (e) {
    if (!(e instanceof ProfileFormatError)) throw e;
    return { error: e.message };
  }
}

/** Both paths on the same bytes: identical model or identical typed error; returns whether the byte path took it. */
function assertSameAsJson(bytes: Uint8Array, context = ''): boolean {
  const viaJson = outcome(() => importProfile(nodeDecode(bytes)));
  const viaBytes = outcome(() => importProfileBytes(bytes, {}, nodeDecode));
  assert.deepStrictEqual(viaBytes, viaJson, context);
  const direct = importCpuProfileBytes(bytes);
  if (direct) assert.deepStrictEqual(direct, (viaJson as { profile: Profile }).profile, `byte path model ${context}`);
  // streamed through a tiny window in odd-sized reads: units cross the window edge all the time
  for (const windowBytes of [16, 61, 1000]) {
    assert.deepStrictEqual(importCpuProfileStream(chunked(bytes, 7), {}, 0, windowBytes), direct, `streamed, window ${windowBytes} ${context}`);
  }
  return direct !== undefined;
}

/** A ByteSource over `bytes` that hands out at most `most` bytes per call. */
function chunked(bytes: Uint8Array, most: number) {
  let at = 0;
  return (into: Uint8Array, offset: number, length: number): number => {
    const n = Math.min(length, most, bytes.length - at);
    into.set(bytes.subarray(at, at + n), offset);
    at += n;
    return n;
  };
}

test('real V8 .cpuprofile: the byte importer takes it and gives the JSON importer\'s model', async () => {
  const { profilePath } = await busy;
  const bytes = readFileSync(profilePath);
  assert.ok(assertSameAsJson(bytes), 'the byte path was used');
  // and readProfileFile (what the CLI and the bench use) gives the same
  assert.deepStrictEqual(await readProfileFile(profilePath), importProfile(readFileSync(profilePath, 'utf8')));
  // lineBase 1 (v8-profiler-next) and defaultIntervalUs pass through
  const raw = JSON.parse(readFileSync(profilePath, 'utf8'));
  delete raw.samples;
  const text = JSON.stringify({ ...raw, startTime: 0, endTime: 0 });
  const opts = { lineBase: 1 as const, defaultIntervalUs: 250 };
  assert.deepStrictEqual(importCpuProfileBytes(bytesOf(text), opts), importProfile(text, opts));
});

test('known profiles (hitCount and samples) and a heap profile', () => {
  for (const doc of [knownHitCountProfile(), knownSampledProfile()]) assert.ok(assertSameAsJson(bytesOf(JSON.stringify(doc))));
  // not a .cpuprofile: declined, and the JSON path imports it
  assert.equal(importCpuProfileBytes(bytesOf('{"head":{"callFrame":{},"selfSize":1,"id":1,"children":[]}}')), undefined);
});

// ---- generated profiles, written in many JSON spellings ----

const hostileText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }), // astral characters and lone surrogates
  fc.constantFrom('', '</script><script>alert(1)</script>', 'a"b\\c', '\\u0041', '\u2028\u2029', '\u0000\u001f', 'naïve 日本 😀', '\ud800', '(anonymous)', '__proto__'),
);

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '/': '\\/', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

interface Spelling { shuffle: boolean; space: boolean; escapeAll: boolean; numberForms: boolean; extraKeys: boolean }

/** A JSON writer with knobs: key order, whitespace, \uXXXX for every char, 5 as 5.0 / 50e-1, unknown keys. */
function write(v: unknown, s: Spelling, seed: { n: number }): string {
  const next = (): number => (seed.n = (Math.imul(seed.n, 1103515245) + 12345) >>> 0);
  const ws = (): string => (s.space ? [' ', '\n', '\t', '\r\n  ', ''][next() % 5] : '');
  if (typeof v === 'string') {
    if (!s.escapeAll || next() % 2) return JSON.stringify(v);
    let out = '"';
    for (let i = 0; i < v.length; i++) {
      const short = SHORT_ESCAPES[v[i]];
      out += short && next() % 2 ? short : '\\u' + v.charCodeAt(i).toString(16).padStart(4, '0');
    }
    return out + '"';
  }
  if (typeof v === 'number') {
    if (!s.numberForms || !Number.isInteger(v)) return JSON.stringify(v);
    const forms = [`${v}`, `${v}.0`, `${v}e0`, `${v}E+0`, `${v * 10}e-1`, `${v}.000`];
    return forms[next() % forms.length];
  }
  if (Array.isArray(v)) return `[${ws()}${v.map((x) => write(x, s, seed)).join(`${ws()},${ws()}`)}${ws()}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    const extra = s.extraKeys ? [['deoptReason', 'x'], ['extra', { nested: [1, { deeper: null }, true, false, -0.5e-3, '"}]'] }]] : [];
    const all: [string, unknown, boolean][] = [...entries.map(([k, x]): [string, unknown, boolean] => [k, x, false]), ...extra.map(([k, x]): [string, unknown, boolean] => [k as string, x, true])];
    if (s.shuffle) for (let i = all.length - 1; i > 0; i--) { const k = next() % (i + 1); [all[i], all[k]] = [all[k], all[i]]; }
    // the unknown keys' own values get no further unknown keys
    const plain = { ...s, extraKeys: false };
    return `{${ws()}${all.map(([k, x, isExtra]) => `${write(k, s, seed)}${ws()}:${ws()}${write(x, isExtra ? plain : s, seed)}`).join(`${ws()},${ws()}`)}${ws()}}`;
  }
  return JSON.stringify(v);
}

const frameArb = fc.record({
  functionName: hostileText,
  url: fc.oneof(fc.constantFrom('', 'file:///app/a.js', 'node:internal/x', 'file:///app/node_modules/m/i.js'), hostileText),
  scriptId: fc.oneof(fc.constantFrom('0', '12'), fc.integer({ min: 0, max: 99 })),
  lineNumber: fc.integer({ min: -1, max: 3000 }),
  columnNumber: fc.integer({ min: -1, max: 200 }),
}, { requiredKeys: ['lineNumber'] });

const profileArb = fc.record({
  frames: fc.array(frameArb, { minLength: 1, maxLength: 6 }),
  parents: fc.array(fc.nat(), { minLength: 0, maxLength: 25 }),
  picks: fc.array(fc.nat(), { maxLength: 26 }),
  hits: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 26 }),
  ticks: fc.array(fc.array(fc.record({ line: fc.integer({ min: 1, max: 3000 }), ticks: fc.integer({ min: 0, max: 4 }) }), { maxLength: 3 }), { maxLength: 26 }),
  idBase: fc.integer({ min: 0, max: 2 ** 40 }),
  samples: fc.array(fc.nat(), { maxLength: 30 }),
  withSamples: fc.boolean(),
  spelling: fc.record({ shuffle: fc.boolean(), space: fc.boolean(), escapeAll: fc.boolean(), numberForms: fc.boolean(), extraKeys: fc.boolean() }),
});

type Generated = typeof profileArb extends fc.Arbitrary<infer T> ? T : never;

/** A valid V8-shaped profile: node k's parent is an earlier node (so a tree), ids offset by idBase. */
function buildDoc(g: Generated): unknown {
  const n = g.parents.length + 1;
  const id = (k: number) => g.idBase + 1 + k * 3;
  const children: number[][] = Array.from({ length: n }, () => []);
  for (let k = 1; k < n; k++) children[g.parents[k - 1] % k].push(id(k));
  const nodes = Array.from({ length: n }, (_, k) => {
    const node: Record<string, unknown> = { id: id(k), callFrame: { ...g.frames[(g.picks[k] ?? k) % g.frames.length] }, hitCount: g.hits[k] ?? 0 };
    if (children[k].length) node.children = children[k];
    if (g.ticks[k]?.length) node.positionTicks = g.ticks[k];
    return node;
  });
  const doc: Record<string, unknown> = { nodes, startTime: 1000, endTime: 1000 + 97 * (g.samples.length + 1) };
  if (g.withSamples) { doc.samples = g.samples.map((s) => id(s % n)); doc.timeDeltas = g.samples.map((s, i) => (s * 7) % 50 - 3 + i); }
  return doc;
}

test('generated profiles in every spelling: the byte path takes them and gives the same model', () => {
  let taken = 0;
  fc.assert(
    fc.property(profileArb, fc.nat(), (g, seed) => {
      const text = write(buildDoc(g), g.spelling, { n: seed });
      if (assertSameAsJson(bytesOf(text), text.slice(0, 300))) taken++;
    }),
    { numRuns: 600, seed: 4242 },
  );
  // every generated profile is valid JSON of the V8 shape: the byte path must not decline any
  assert.equal(taken, 600);
});

test('mutated bytes (truncated, flipped, inserted, invalid UTF-8): same model or same error as the JSON path', () => {
  const base = [
    bytesOf(write(knownSampledProfile(), { shuffle: false, space: false, escapeAll: false, numberForms: false, extraKeys: false }, { n: 1 })),
    bytesOf(write(knownHitCountProfile(), { shuffle: true, space: true, escapeAll: true, numberForms: true, extraKeys: true }, { n: 7 })),
  ];
  const edit = fc.record({ kind: fc.constantFrom('truncate', 'set', 'insert', 'delete'), at: fc.nat(), byte: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...Array.from('{}[]",:\\-.0123456789eE ', (c) => c.charCodeAt(0)))) });
  fc.assert(
    fc.property(fc.nat(base.length - 1), fc.array(edit, { minLength: 1, maxLength: 4 }), (b, edits) => {
      let bytes = Array.from(base[b]);
      for (const e of edits) {
        const at = e.at % (bytes.length + 1);
        if (e.kind === 'truncate') bytes = bytes.slice(0, at);
        else if (e.kind === 'set' && at < bytes.length) bytes[at] = e.byte;
        else if (e.kind === 'insert') bytes.splice(at, 0, e.byte);
        else bytes.splice(at, 1);
      }
      assertSameAsJson(Uint8Array.from(bytes));
    }),
    { numRuns: 3000, seed: 99 },
  );
});

test('edge spellings: duplicate keys, escaped keys, BOM, deep nesting, huge numbers, -0', () => {
  const good = JSON.stringify(knownSampledProfile());
  const cases = [
    good.replace('"startTime":0', '"startTime":0,"startTime":5'), // JSON.parse keeps the last
    good.replace('"hitCount":1', '"hitCount":1,"hitCount":2'),
    good.replace('"nodes"', '"\\u006eodes"'),
    good.replace('"functionName":"main"', '"\\u0066unctionName":"main"'),
    '\ufeff' + good,
    good.replace('"startTime":0', `"deep":${'['.repeat(5000)}${']'.repeat(5000)},"startTime":0`),
    good.replace('"startTime":0', '"startTime":-0'),
    good.replace('"startTime":0', '"startTime":1e400'),
    good.replace('"endTime":1000', '"endTime":1000.0000000000001'),
    good.replace('"id":3', '"id":12345678901234567890'),
    good.replace('"id":3', '"id":03'),
    good.replace('"lineNumber":0', '"lineNumber":-2'),
    good.replace('"samples":[3', '"samples":[3.5'),
    good.replace('"children":[2,3]', '"children":[2,3,3]'),
    good.replace('"children":[2,3]', '"children":[2]'),
    good + ' ',
    good + 'x',
    good.slice(0, -1),
    '[]', '{}', '', ' ', 'null', '{"nodes":[]}', '{"nodes":{}}',
  ];
  for (const text of cases) assertSameAsJson(bytesOf(text), text.slice(0, 80));
  // names with every escape and raw multi-byte UTF-8 decode exactly
  const named = knownSampledProfile();
  named.nodes[2].callFrame.functionName = 'q"\\/\b\f\n\r\t\u0001 é 日本 😀 \ud83d \u2028</script>';
  assert.ok(assertSameAsJson(bytesOf(JSON.stringify(named))));
  assert.ok(assertSameAsJson(bytesOf(JSON.stringify(named).replace(/é/g, '\\u00e9').replace(/😀/g, '\\ud83d\\ude00'))));
  assert.ok(assertSameAsJson(bytesOf(JSON.stringify(named).replace(/\//g, '\\/'))), 'escaped solidus');
});

test('readProfileFile streams files bigger than its 1 MB window, a 2 MB node included, and falls back for other formats', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'perflens-bytes-'));
  // ~3 MB: 12 000 nodes in a chain of small fans, one node with a 2 MB name (bigger than the window)
  const n = 12_000;
  const nodes = Array.from({ length: n }, (_, k) => ({
    id: k + 1,
    callFrame: { functionName: k === 7000 ? 'huge'.repeat(1 << 19) : `fn${k % 300} "quoted" \\ é`, scriptId: String(k % 40), url: `file:///app/m${k % 40}.js`, lineNumber: k % 500, columnNumber: k % 30 },
    hitCount: k % 3,
    children: [2 * k + 2, 2 * k + 3].filter((c) => c <= n),
    positionTicks: k % 3 ? [{ line: (k % 500) + 2, ticks: k % 3 }] : undefined,
  }));
  const samples = Array.from({ length: 20_000 }, (_, i) => ((i * 7919) % n) + 1);
  const text = JSON.stringify({ nodes, startTime: 5, endTime: 5 + 20_000 * 100, samples, timeDeltas: samples.map((_, i) => 90 + (i % 21)) });
  assert.ok(text.length > 3e6);
  const path = join(dir, 'big.cpuprofile');
  writeFileSync(path, text);
  const expected = importProfile(text);
  assert.deepStrictEqual(streamCpuProfile(path), expected, 'the streamed byte path took it');
  assert.deepStrictEqual(await readProfileFile(path), expected);
  assert.deepStrictEqual(importCpuProfileStream(chunked(bytesOf(text), 1 << 16), {}, text.length), expected);
  // a heap profile is not for the byte importer: readProfileFile reads it as text instead
  const heapPath = (await alloc).profilePath;
  assert.equal(streamCpuProfile(heapPath), undefined);
  assert.deepStrictEqual(await readProfileFile(heapPath), importProfile(readFileSync(heapPath, 'utf8')));
  // a broken .cpuprofile: the JSON path's error, unchanged
  const broken = join(dir, 'broken.cpuprofile');
  writeFileSync(broken, text.slice(0, 2_500_000));
  await assert.rejects(readProfileFile(broken), (e: unknown) => e instanceof ProfileFormatError && /not valid JSON/.test(e.message));
});
