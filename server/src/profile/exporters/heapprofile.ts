import type { Profile } from '../model';

/**
 * Profile (unit bytes) → `.heapprofile` JSON text (SamplingHeapProfile: nested `head`). Written by
 * an iterative serializer, not JSON.stringify, because the nesting is as deep as the call tree and
 * JSON.stringify recurses. `samples` is empty: the model keeps per-node sizes, not sample lists.
 */
export function toHeapProfileJSON(profile: Profile): string {
  if (profile.unit !== 'bytes') throw new Error('toHeapProfileJSON needs a heap profile (unit bytes)');
  const { tree, frames } = profile;
  const parts: string[] = ['{"head":'];
  // walk preorder; close a node's children array when leaving its subtree
  const open: number[] = [];
  for (let i = 0; i < tree.size; i++) {
    while (open.length && tree.end[open[open.length - 1]] <= i) { open.pop(); parts.push(']}'); }
    if (i > 0 && tree.parent[i] !== i - 1) parts.push(',');
    const f = frames[tree.frame[i]];
    const callFrame = {
      functionName: f.name === '(anonymous)' ? '' : f.name, scriptId: f.scriptId, url: f.url, lineNumber: f.line - 1, columnNumber: f.col - 1,
    };
    parts.push(`{"callFrame":${JSON.stringify(callFrame)},"selfSize":${tree.self[i]},"id":${i + 1},"children":[`);
    open.push(i);
  }
  while (open.length) { open.pop(); parts.push(']}'); }
  parts.push(',"samples":[]}');
  return parts.join('');
}
