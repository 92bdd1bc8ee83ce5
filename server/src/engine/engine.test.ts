import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSuppressions, applySuppressions } from './suppressions';
import { parseConfig } from './config';
import { applyEdits, OverlappingEditsError } from './apply-edits';
import { checkText } from './files';
import type { Finding } from './finding';

const finding = (line: number, ruleId: Finding['ruleId'] = 'sync-io'): Finding => ({
  ruleId, file: '/f.ts', start: 0, end: 1, message: 'm', severity: 'warning', related: [], fixes: [],
  range: { start: { line, character: 0 }, end: { line, character: 1 } },
});

test('disable-next-line suppresses only the next line and only the named rule', () => {
  const text = 'a\n// perflens-disable-next-line sync-io\nb\nc\n';
  const kept = applySuppressions(text, [finding(2), finding(3), finding(2, 'n-plus-one')]);
  assert.deepEqual(kept.map((f) => `${f.range.start.line}:${f.ruleId}`), ['3:sync-io', '2:n-plus-one']);
});

test('block disable runs to enable or end of file', () => {
  const regions = parseSuppressions('x\n/* perflens-disable */\ny\n/* perflens-enable */\nz');
  assert.deepEqual(regions.map((r) => [r.fromLine, r.toLine, r.ids]), [[1, 3, 'all']]);
  assert.equal(applySuppressions('/* perflens-disable quadratic-loop */\n', [finding(5, 'quadratic-loop')]).length, 0);
});

test('config: bad JSON and unknown rules are reported, good parts kept', () => {
  assert.equal(parseConfig('{').problems[0]?.code, 'PL1007');
  const r = parseConfig('{"rules":{"sync-io":"off","nope":"error","n-plus-one":"loud"},"ignore":["gen/**"]}');
  assert.deepEqual(r.config.rules, { 'sync-io': 'off' });
  assert.deepEqual(r.config.ignore, ['gen/**']);
  assert.deepEqual(r.problems.map((p) => p.code), ['PL1008', 'PL1007']);
});

test('applyEdits applies in order and refuses overlaps', () => {
  assert.equal(applyEdits('hello world', [{ start: 6, end: 11, newText: 'there' }, { start: 0, end: 0, newText: '> ' }]), '> hello there');
  assert.throws(() => applyEdits('abcdef', [{ start: 0, end: 3, newText: '' }, { start: 2, end: 4, newText: '' }]), OverlappingEditsError);
});

test('checkText flags binary, minified and huge text', () => {
  assert.equal(checkText('a\u0000b')?.code, 'PL1002');
  assert.equal(checkText('x'.repeat(300_000))?.code, 'PL1003');
  assert.equal(checkText('const a = 1;\n'.repeat(1000)), undefined);
});
