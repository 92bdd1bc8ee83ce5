/**
 * A source-mapped .heapprofile, the heap counterpart of mapped-cpuprofile.ts: each node's call
 * frame is rewritten to its function's original file/line/column (`frame.original`, set once by
 * `mapFrames`), so DevTools' memory panel and VS Code open TypeScript allocations on their .ts
 * lines. Unlike the model's exporter, this keeps the recorded node ids and `samples` (DevTools
 * reads both), so it works on the raw profile and pairs its nodes with the model's by position:
 * the heap importer lays nodes out in preorder with children in their listed order, and the model
 * keeps that order. Node-level only: heap samples carry no per-line positions.
 */
import type { Profile } from '../profile/model';
import type { V8HeapNode, V8HeapProfile } from './v8-types';
import { OriginalScriptIds, originalUrl } from './original-frames';

export interface MappedHeapProfile {
  profile: V8HeapProfile;
  /** nodes that now point at an original location (0: the mapped profile equals the raw one) */
  mappedNodes: number;
}

/** undefined when `model` is not the import of `raw` (node counts or urls disagree): nothing is guessed. */
export function toMappedHeapProfile(raw: V8HeapProfile, model: Profile): MappedHeapProfile | undefined {
  const { tree, frames } = model;
  const scriptIds = new OriginalScriptIds(scriptIdsOf(raw.head));
  let mappedNodes = 0;
  let index = 0;
  const head = copyNode(raw.head);
  // Iterative preorder, children in listed order (the importer's order); the tree can be deep.
  const stack: { from: V8HeapNode; to: V8HeapNode }[] = [{ from: raw.head, to: head }];
  while (stack.length > 0) {
    const { from, to } = stack.pop()!;
    if (index >= tree.size) return undefined;
    const frame = frames[tree.frame[index++]!]!;
    if (frame.url !== (from.callFrame?.url ?? '')) return undefined;
    const original = frame.original;
    if (original) {
      const url = originalUrl(frame, original);
      to.callFrame = { ...to.callFrame, url, scriptId: scriptIds.of(url), lineNumber: original.line - 1, columnNumber: Math.max(0, original.col - 1) };
      mappedNodes++;
    }
    const children = from.children ?? [];
    to.children = children.map(copyNode);
    for (let k = children.length - 1; k >= 0; k--) stack.push({ from: children[k]!, to: to.children[k]! });
  }
  if (index !== tree.size) return undefined;
  return { profile: { ...raw, head }, mappedNodes };
}

function copyNode(node: V8HeapNode): V8HeapNode {
  return { ...node, callFrame: { ...node.callFrame }, children: [] };
}

function* scriptIdsOf(head: V8HeapNode): Generator<string | undefined> {
  const stack = [head];
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node.callFrame?.scriptId;
    for (const child of node.children ?? []) stack.push(child);
  }
}
