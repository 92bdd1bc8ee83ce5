import type { Profile } from '../model';
import { FrameTable, oneBased } from '../frame-table';
import { arrayAt, fail, MAX_WEIGHT, numberAt, recordAt, stringAt } from '../errors';
import { buildTree } from '../build-tree';

export interface HeapImportOptions {
  /** base of callFrame.lineNumber/columnNumber: 0 for V8/CDP (default), 1 for v8-profiler-next */
  lineBase?: 0 | 1;
}

/**
 * V8 `HeapProfiler.SamplingHeapProfile` (.heapprofile) → Profile in bytes. Self weight = selfSize.
 * The nested `head` tree is walked iteratively (no recursion), and an object seen twice (possible
 * only when a JS object graph, not JSON text, is passed in) is reported as a cycle.
 * Error paths stay short (`children[3] of heap node 17`) so a deep hostile tree costs O(n) memory.
 * Heap nodes carry only the function position: no per-line ticks.
 */
export function importHeapProfile(input: unknown, opts: HeapImportOptions = {}): Profile {
  const base = opts.lineBase ?? 0;
  const doc = recordAt(input, 'profile');
  const frames = new FrameTable();
  const parent: number[] = [];
  const frame: number[] = [];
  const self: number[] = [];
  const labels: string[] = [];
  const seen = new Set<object>();
  const stack: { node: unknown; parent: number; path: string }[] = [{ node: doc.head, parent: -1, path: 'head' }];
  while (stack.length > 0) {
    const { node: raw, parent: p, path } = stack.pop()!;
    const node = recordAt(raw, path);
    const label = node.id === undefined ? path : String(numberAt(node.id, `${path}.id`, { int: true }));
    if (seen.has(node)) fail(`cycle in call tree at node ${label} (the same node object is reached twice)`);
    seen.add(node);
    const cf = recordAt(node.callFrame, `${path}.callFrame`);
    const name = stringAt(cf.functionName, `${path}.callFrame.functionName`, '');
    const url = stringAt(cf.url, `${path}.callFrame.url`, '');
    const scriptId = cf.scriptId === undefined ? '0' : typeof cf.scriptId === 'number' ? String(cf.scriptId) : stringAt(cf.scriptId, `${path}.callFrame.scriptId`);
    const line = numberAt(cf.lineNumber, `${path}.callFrame.lineNumber`, { int: true, min: -1, fallback: -1 });
    const col = numberAt(cf.columnNumber, `${path}.callFrame.columnNumber`, { int: true, min: -1, fallback: -1 });
    const index = parent.length;
    parent.push(p);
    frame.push(frames.intern(name, url, oneBased(line, base), oneBased(col, base), scriptId));
    self.push(numberAt(node.selfSize, `${path}.selfSize`, { min: 0, max: MAX_WEIGHT, fallback: 0 }));
    labels.push(label);
    if (node.children !== undefined) {
      const children = arrayAt(node.children, `${path}.children`);
      // push in reverse so the raw order is preorder with children in listed order
      for (let k = children.length - 1; k >= 0; k--) stack.push({ node: children[k], parent: index, path: `children[${k}] of heap node ${label}` });
    }
  }
  if (doc.samples !== undefined) arrayAt(doc.samples, 'samples');
  const built = buildTree({
    count: parent.length, parent: Int32Array.from(parent), frame: Int32Array.from(frame), self: Float64Array.from(self),
    label: (i) => labels[i],
  });
  return {
    kind: 'heap', format: 'heapprofile', unit: 'bytes', frames: frames.frames, tree: built.tree, lineTicks: built.lineTicks,
    startTime: 0, endTime: 0,
  };
}
