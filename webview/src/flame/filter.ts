/**
 * The "only my code" filter as a per-frame mode. Library and runtime frames are collapsed (their time
 * is charged to the calling frame, their callees move up), while GC/idle/program samples are not code
 * at all and are dropped with their subtree.
 */
import { CAT, type ProfileData } from './profile-data';

export const KEEP = 0;
export const COLLAPSE = 1;
export const DROP = 2;

export interface FilterOptions {
  onlyMyCode: boolean;
}

export function frameModes(p: ProfileData, opts: FilterOptions): Uint8Array {
  const modes = new Uint8Array(p.frameName.length);
  for (let f = 0; f < modes.length; f++) {
    const c = p.frameCategory[f]!;
    if (!opts.onlyMyCode || c === CAT.user) modes[f] = KEEP;
    else if (c === CAT.node_modules || c === CAT.node || c === CAT.native) modes[f] = COLLAPSE;
    else modes[f] = DROP;
  }
  return modes;
}

/**
 * For every source node: the nearest kept node at or above it (0 = the root), or -1 when the node
 * lies under a dropped frame.
 */
export function visibleNodes(p: ProfileData, modes: Uint8Array): Int32Array {
  const n = p.nodeParent.length;
  const vis = new Int32Array(n);
  vis[0] = 0;
  for (let i = 1; i < n; i++) {
    const up = vis[p.nodeParent[i]!]!;
    if (up < 0) { vis[i] = -1; continue; }
    const mode = modes[p.nodeFrame[i]!]!;
    vis[i] = mode === KEEP ? i : mode === COLLAPSE ? up : -1;
  }
  return vis;
}
