/** The explicit rule registry. Order is the order of docs and SARIF rules[]. */
import type { Rule } from './rule';
import { quadraticLoop } from './quadratic-loop';
import { nPlusOne } from './n-plus-one';
import { serialAwait } from './serial-await';
import { syncIo } from './sync-io';
import { missingPooling } from './missing-pooling';
import { unboundedCache } from './unbounded-cache';
import { loopInvariant } from './loop-invariant';

export const ALL_RULES: readonly Rule[] = [quadraticLoop, nPlusOne, serialAwait, syncIo, missingPooling, unboundedCache, loopInvariant];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}
