/** unbounded-cache: placeholder until the rule lands (owned by the rule's author). */
import type { Rule } from './rule';

export const unboundedCache: Rule = {
  id: 'unbounded-cache',
  meta: { severity: 'warning', requiresTypes: true, fix: 'none', description: 'TODO' },
  docs: { why: 'TODO', bad: [], good: [], lookAlikes: [] },
  kinds: [],
  check() {},
};
