/** loop-invariant: placeholder until the rule lands (owned by the rule's author). */
import type { Rule } from './rule';

export const loopInvariant: Rule = {
  id: 'loop-invariant',
  meta: { severity: 'warning', requiresTypes: true, fix: 'none', description: 'TODO' },
  docs: { why: 'TODO', bad: [], good: [], lookAlikes: [] },
  kinds: [],
  check() {},
};
