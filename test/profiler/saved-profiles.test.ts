/**
 * What is saved for viewers (DevTools, VS Code, speedscope, our flame graph): for TypeScript the
 * `.cpuprofile` and `.heapprofile` carry the .ts positions (source-mapped at capture) and the
 * profiles as V8 recorded them are kept as `.raw.cpuprofile|.raw.heapprofile`; plain JS is saved
 * once, as recorded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { profileScript } from '../../server/src/profiler/profile-script';
import type { V8CpuProfile, V8HeapNode, V8HeapProfile } from '../../server/src/profiler/v8-types';
import { importCpuProfile, importHeapProfile } from '../../server/src/profile/importers/index';
import { buildHotspots } from '../../server/src/profile/hotspots';
import { markerLine, sample, tempDir } from './helpers';

/** The line of the script's own code with the most self ticks, as a viewer would show it. */
function hottestLine(profile: V8CpuProfile, url: string): { url: string; line: number; fn: string } {
  let best = { url: '', line: 0, fn: '', ticks: -1 };
  for (const n of profile.nodes) {
    if (n.callFrame.url !== url) continue;
    for (const t of n.positionTicks ?? []) {
      if (t.ticks > best.ticks) best = { url: n.callFrame.url, line: t.line, fn: n.callFrame.functionName, ticks: t.ticks };
    }
  }
  return best;
}

test('quadratic.ts: the saved .cpuprofile has its hot frame on the .ts line; the raw one is kept beside it', async () => {
  const file = sample('quadratic.ts');
  const out = tempDir('saved-ts');
  const run = await profileScript({ script: file, args: ['16000'], outDir: out, findings: false, heap: false });
  assert.equal(run.summary.exit.reason, 'completed');
  const hot = markerLine(file, 'HOT:');
  assert.ok(run.summary.profile?.endsWith('.cpuprofile') && !run.summary.profile.endsWith('.raw.cpuprofile'));
  assert.ok(run.summary.rawProfile?.endsWith('.raw.cpuprofile') && existsSync(run.summary.rawProfile));

  const mapped = JSON.parse(readFileSync(run.summary.profile!, 'utf8')) as V8CpuProfile;
  const top = hottestLine(mapped, pathToFileURL(file).href);
  assert.equal(top.line, hot);
  assert.equal(top.fn, 'findDuplicatePairs');
  const fn = mapped.nodes.find((n) => n.callFrame.functionName === 'findDuplicatePairs')!;
  assert.equal(fn.callFrame.lineNumber + 1, markerLine(file, 'export function findDuplicatePairs'), '0-based lineNumber, like V8');

  // the raw profile has the generated line (types stripped, so the lines moved): the mapping is real
  const raw = JSON.parse(readFileSync(run.summary.rawProfile!, 'utf8')) as V8CpuProfile;
  const rawTop = hottestLine(raw, pathToFileURL(file).href);
  assert.equal(rawTop.fn, 'findDuplicatePairs');
  assert.notEqual(rawTop.line, hot);
  assert.equal(raw.samples?.length, mapped.samples?.length);

  // a viewer that knows nothing of source maps (the model's importer, as the LSP's "open profile" uses it) shows the .ts line
  const table = buildHotspots(importCpuProfile(mapped));
  const row = table.lines.find((r) => r.category === 'user')!;
  assert.equal(row.file, file);
  assert.equal(row.line, hot);
});

test('quadratic.js: saved once, as recorded (nothing to map)', async () => {
  const run = await profileScript({ script: sample('quadratic.js'), args: ['8000'], outDir: tempDir('saved-js'), findings: false, heap: false });
  assert.equal(run.summary.rawProfile, undefined);
  assert.equal(run.paths.rawCpuProfile, undefined);
  const saved = JSON.parse(readFileSync(run.summary.profile!, 'utf8')) as V8CpuProfile;
  assert.deepEqual(saved, run.capture.cpuProfile);
});

/** Heap nodes of `fn` in `file` (V8 reports CommonJS scripts by path, ES modules by URL). */
function heapNodes(profile: V8HeapProfile, file: string, fn: string): { line: number; bytes: number }[] {
  const urls = new Set([file, pathToFileURL(file).href]);
  const out: { line: number; bytes: number }[] = [];
  const stack: V8HeapNode[] = [profile.head];
  while (stack.length) {
    const n = stack.pop()!;
    if (urls.has(n.callFrame.url) && n.callFrame.functionName === fn) out.push({ line: n.callFrame.lineNumber + 1, bytes: n.selfSize });
    stack.push(...n.children);
  }
  return out;
}

test('alloc.ts: the saved .heapprofile puts the allocating function on its .ts line, with ids and samples kept; the raw one beside it', async () => {
  const file = sample('alloc.ts');
  const run = await profileScript({ script: file, args: ['40000'], outDir: tempDir('saved-heap-ts'), findings: false });
  assert.equal(run.summary.exit.reason, 'completed');
  assert.ok(run.summary.heapProfile?.endsWith('.heapprofile') && !run.summary.heapProfile.endsWith('.raw.heapprofile'));
  assert.ok(run.summary.rawHeapProfile?.endsWith('.raw.heapprofile') && existsSync(run.summary.rawHeapProfile));
  const mapped = JSON.parse(readFileSync(run.summary.heapProfile!, 'utf8')) as V8HeapProfile;
  const raw = JSON.parse(readFileSync(run.summary.rawHeapProfile!, 'utf8')) as V8HeapProfile;
  const expected = markerLine(file, 'HOT-ALLOC:');
  const build = heapNodes(mapped, file, 'build');
  assert.ok(build.length > 0 && build.every((n) => n.line === expected), `build() on line ${expected}: ${JSON.stringify(build)}`);
  const rawBuild = heapNodes(raw, file, 'build');
  assert.ok(rawBuild.length > 0 && rawBuild.every((n) => n.line !== expected), 'the raw profile keeps the generated line');
  assert.deepEqual(mapped.samples, raw.samples);
  // a viewer without source maps reads the .ts line as the allocation hotspot
  const table = buildHotspots(importHeapProfile(mapped));
  const top = table.functions.find((r) => r.category === 'user')!;
  assert.equal(top.file, file);
  assert.equal(top.line, expected);
});

test('alloc.js: the heap profile is saved once, as recorded (nothing to map)', async () => {
  const run = await profileScript({ script: sample('alloc.js'), args: ['20000'], outDir: tempDir('saved-heap-js'), findings: false });
  assert.equal(run.summary.rawHeapProfile, undefined);
  const saved = JSON.parse(readFileSync(run.summary.heapProfile!, 'utf8')) as V8HeapProfile;
  assert.deepEqual(saved, run.capture.heapProfile);
});
