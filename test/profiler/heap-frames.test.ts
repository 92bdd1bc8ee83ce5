/**
 * heap-frames.ts: heap samples of a script V8 collected before the end get their url back from
 * `Debugger.scriptParsed`, and their line from the CPU profile when one function has that name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { repairHeapFrames } from '../../server/src/profiler/heap-frames';
import type { V8CallFrame, V8CpuProfile, V8HeapNode } from '../../server/src/profiler/v8-types';

const frame = (functionName: string, scriptId: string, url = '', lineNumber = -1, columnNumber = -1): V8CallFrame => ({ functionName, scriptId, url, lineNumber, columnNumber });
const heapNode = (callFrame: V8CallFrame, selfSize: number, children: V8HeapNode[] = []): V8HeapNode => ({ callFrame, selfSize, id: Math.floor(Math.random() * 1e9), children });

test('lost frames get the url of their script and, when unambiguous, the function\'s position', () => {
  const cpu: V8CpuProfile = {
    startTime: 0, endTime: 1, samples: [], timeDeltas: [],
    nodes: [
      { id: 1, callFrame: frame('(root)', '0') },
      { id: 2, callFrame: frame('build', '81', 'file:///app/main.js', 9, 14) },
      { id: 3, callFrame: frame('', '81', 'file:///app/main.js', 0, 0) },
      { id: 4, callFrame: frame('', '81', 'file:///app/main.js', 20, 8) }, // a second anonymous function: '' is ambiguous
      { id: 5, callFrame: frame('build', '81', 'file:///app/main.js', 9, 14) }, // the same function on another path
    ],
  };
  const build = heapNode(frame('build', '81'), 1000);
  const anon = heapNode(frame('', '81'), 10, [build]);
  const other = heapNode(frame('load', '90'), 5); // a script we know nothing about
  const kept = heapNode(frame('read', '12', 'node:fs', 440, 21), 7); // already resolved: untouched
  const root = heapNode(frame('(root)', '0'), 0, [anon, other, kept]);
  const stats = repairHeapFrames({ head: root }, cpu, [{ scriptId: '90', url: 'file:///app/lazy.js' }]);
  assert.deepEqual(build.callFrame, frame('build', '81', 'file:///app/main.js', 9, 14));
  assert.deepEqual(anon.callFrame, frame('', '81', 'file:///app/main.js', -1, -1));
  assert.deepEqual(other.callFrame, frame('load', '90', 'file:///app/lazy.js', -1, -1));
  assert.deepEqual(kept.callFrame, frame('read', '12', 'node:fs', 440, 21));
  assert.deepEqual(root.callFrame, frame('(root)', '0'));
  assert.deepEqual(stats, { urls: 3, positions: 1 });
});

test('without a CPU profile or script list, nothing is invented', () => {
  const lost = heapNode(frame('build', '81'), 1000);
  assert.deepEqual(repairHeapFrames({ head: heapNode(frame('(root)', '0'), 0, [lost]) }, undefined, []), { urls: 0, positions: 0 });
  assert.deepEqual(lost.callFrame, frame('build', '81'));
});
