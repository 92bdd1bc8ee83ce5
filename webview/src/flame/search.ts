/**
 * Search runs over the distinct function names (a few thousand even for 200k-node profiles), not over
 * nodes: the result is a mask per name that the renderer reads per rect.
 * Query syntax: plain text matches case-insensitively as a substring; `/pattern/flags` is a regex.
 */
import type { ProfileData } from './profile-data';
import type { RectTree } from './rect-tree';

export interface SearchQuery {
  test: (name: string) => boolean;
  /** plain-text queries compare against lower-cased names (cached per profile by matchNames) */
  lowerCase: boolean;
}

/** Parses a query; returns null for an empty one and throws a readable error for a bad regex. */
export function parseQuery(raw: string): SearchQuery | null {
  const text = raw.trim();
  if (text === '') return null;
  const re = /^\/(.+)\/([a-z]*)$/s.exec(text);
  if (re) {
    const flags = re[2]!.replace(/[gy]/g, '');
    let regex: RegExp;
    try {
      regex = new RegExp(re[1]!, flags);
    } catch (e) {
      throw new Error(`invalid regular expression: ${(e as Error).message}`);
    }
    return { test: (name) => regex.test(name), lowerCase: false };
  }
  const needle = text.toLowerCase();
  return { test: (name) => name.includes(needle), lowerCase: true };
}

const lowerNames = new WeakMap<ProfileData, string[]>();

/** 1 for every name index that matches. */
export function matchNames(p: ProfileData, query: SearchQuery): Uint8Array {
  let names = p.names;
  if (query.lowerCase) {
    let lower = lowerNames.get(p);
    if (!lower) { lower = p.names.map((n) => n.toLowerCase()); lowerNames.set(p, lower); }
    names = lower;
  }
  const mask = new Uint8Array(names.length);
  for (let i = 0; i < names.length; i++) if (query.test(names[i]!)) mask[i] = 1;
  return mask;
}

/** Per-frame mask from a per-name mask. */
export function matchFrames(p: ProfileData, nameMask: Uint8Array): Uint8Array {
  const mask = new Uint8Array(p.frameName.length);
  for (let f = 0; f < mask.length; f++) mask[f] = nameMask[p.frameName[f]!]!;
  return mask;
}

export interface MatchShare {
  /** weight covered by matching rects, nested matches counted once */
  weight: number;
  /** share of the tree's root weight, 0..1 */
  share: number;
  rects: number;
}

/** How much of the view the matching frames cover (an outer match already contains inner ones). */
export function matchShare(tree: RectTree, frameMask: Uint8Array): MatchShare {
  const covered = new Uint8Array(tree.count);
  let weight = 0;
  let rects = 0;
  for (let r = 1; r < tree.count; r++) {
    const f = tree.frame[r]!;
    const hit = f >= 0 && frameMask[f] === 1;
    const parentCovered = covered[tree.parent[r]!]!;
    if (hit) {
      rects++;
      if (!parentCovered) weight += tree.width[r]!;
    }
    covered[r] = parentCovered || (hit ? 1 : 0);
  }
  const total = tree.width[0]!;
  return { weight, share: total > 0 ? weight / total : 0, rects };
}
