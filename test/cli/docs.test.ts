/** docs/rules/ is generated from the rules (npm run docs); the committed pages must match them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderRuleDocs, rulePage, staleDocs } from '../../scripts/gen-rule-docs';
import { ALL_RULES } from '../../server/src/rules/index';
import { debuggerRule } from './helpers';

test('the committed docs/rules pages are up to date with the rules (else: npm run docs)', () => {
  assert.deepEqual(staleDocs(), []);
});

test('one page per rule plus the index, each with what a user needs', () => {
  const pages = renderRuleDocs();
  assert.deepEqual([...pages.keys()].sort(), [...ALL_RULES.map((r) => `${r.id}.md`), 'README.md'].sort());
  const page = rulePage({ ...debuggerRule, docs: { why: 'Because.', bad: ['debugger;\n'], good: ['\n'], lookAlikes: [] } });
  for (const part of ['# `loop-invariant`', '| default severity | warning |', '| uses the type checker | no |', '## Why it is slow\n\nBecause.', '```ts\ndebugger;\n```', '// perflens-disable-next-line loop-invariant', '"loop-invariant": "error"']) {
    assert.ok(page.includes(part), `page has ${JSON.stringify(part)}`);
  }
  for (const rule of ALL_RULES) assert.ok(pages.get('README.md')!.includes(`[\`${rule.id}\`](${rule.id}.md)`));
});
