/** Every doc example is a test: bad → at least one finding of that rule; good and lookAlikes → none. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_RULES } from './index';
import { RULE_IDS } from '../engine/finding';
import { findingsFor } from './rule-tester';

test('registry holds exactly the rule ids of design.md', () => {
  assert.deepEqual(ALL_RULES.map((r) => r.id).sort(), [...RULE_IDS].sort());
});

for (const rule of ALL_RULES) {
  describe(`docs of ${rule.id}`, () => {
    rule.docs.bad.forEach((code, i) => {
      test(`bad #${i + 1} is found`, () => {
        assert.ok(findingsFor(rule, { code }).findings.length > 0, `no finding for:\n${code}`);
      });
    });
    [...rule.docs.good, ...rule.docs.lookAlikes].forEach((code, i) => {
      test(`good/look-alike #${i + 1} is quiet`, () => {
        const { findings } = findingsFor(rule, { code });
        assert.equal(findings.length, 0, findings.map((f) => f.message).join('\n'));
      });
    });
  });
}
