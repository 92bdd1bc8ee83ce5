/** quadratic-loop: placeholder until the rule lands (owned by the rule's author). */
import type { Rule } from './rule';

export const quadraticLoop: Rule = {
  id: 'quadratic-loop',
  meta: { severity: 'warning', requiresTypes: true, fix: 'none', description: 'TODO' },
  docs: { why: 'TODO', bad: [], good: [], lookAlikes: [] },
  kinds: [],
  check() {},
};
