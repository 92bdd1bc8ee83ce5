/** Unit tests of the LSP layer's pure parts: fix selection for fixAll, settings normalisation, docs links. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { nonOverlappingFixes, toWorkspaceEdit } from '../../server/src/lsp/fix-edits';
import { normalizeSettings, DEFAULT_SETTINGS } from '../../server/src/protocol/settings';
import { ruleDocHref } from '../../server/src/lsp/docs-link';
import { applyEdits } from '../../server/src/engine/apply-edits';
import type { Fix } from '../../server/src/engine/finding';

const fix = (title: string, ...edits: [number, number, string][]): Fix => ({
  title,
  kind: 'safe',
  edits: edits.map(([start, end, newText]) => ({ file: '/f.js', start, end, newText })),
});

test('fixAll keeps whole fixes whose edits do not overlap, in order', () => {
  const text = 'aaaa bbbb cccc dddd';
  const fixes = [
    fix('A', [0, 4, 'AAAA']),
    fix('overlaps A', [2, 7, 'X']),
    fix('C + import', [10, 14, 'CCCC'], [0, 0, 'import x;\n']),
    fix('D + same import', [15, 19, 'DDDD'], [0, 0, 'import x;\n']),
    fix('other insert at 0', [0, 0, 'import y;\n']),
    fix('insert inside A', [2, 2, '!']),
  ];
  const { chosen, edits } = nonOverlappingFixes(fixes);
  assert.deepEqual(chosen.map((f) => f.title), ['A', 'C + import', 'D + same import']);
  assert.equal(applyEdits(text, edits), 'import x;\nAAAA bbbb CCCC DDDD');
});

test('a fix with overlapping edits of its own is never applied', () => {
  assert.deepEqual(nonOverlappingFixes([fix('self', [0, 5, 'x'], [3, 8, 'y'])]).chosen, []);
});

test('edits become a versioned documentChanges edit, or changes without support; out-of-range → none', () => {
  const doc = TextDocument.create('file:///f.js', 'javascript', 3, 'one\ntwo\n');
  const targetOf = () => ({ uri: doc.uri, version: 3, doc });
  const edits = [{ file: '/f.js', start: 4, end: 7, newText: 'TWO' }];
  assert.deepEqual(toWorkspaceEdit(edits, targetOf, true), {
    documentChanges: [{ textDocument: { uri: 'file:///f.js', version: 3 }, edits: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, newText: 'TWO' }] }],
  });
  assert.deepEqual(Object.keys(toWorkspaceEdit(edits, targetOf, false)!), ['changes']);
  assert.equal(toWorkspaceEdit([{ file: '/f.js', start: 4, end: 99, newText: '' }], targetOf, true), undefined);
  assert.equal(toWorkspaceEdit(edits, () => undefined, true), undefined);
});

test('settings: partial and wrong input falls back to defaults with problems listed', () => {
  assert.deepEqual(normalizeSettings(undefined), { settings: DEFAULT_SETTINGS, problems: [] });
  const { settings, problems } = normalizeSettings({
    rules: { 'sync-io': 'off', 'n-plus-one': 'error', bogus: 'off', 'loop-invariant': 3 },
    ignore: ['gen/**'],
    trace: { server: 'verbose' },
    hotspots: { display: 'sparkles' },
    profile: { runtime: 'bun', args: ['--smol'], env: { A: '1', B: 2 }, timeoutMs: -5 },
    workspaceScan: false,
  });
  assert.deepEqual(settings.rules, { 'sync-io': 'off', 'n-plus-one': 'error' });
  assert.deepEqual(settings.ignore, ['gen/**']);
  assert.equal(settings.trace.server, 'verbose');
  assert.equal(settings.hotspots.display, 'inlay');
  assert.deepEqual(settings.profile, { runtime: 'bun', args: ['--smol'], env: { A: '1' }, timeoutMs: 60_000, samplingIntervalUs: 1_000 });
  assert.equal(settings.workspaceScan, false);
  assert.equal(problems.length, 2);
});

test('rule doc links point into docs/rules of the repository (dist/../docs when bundled)', () => {
  assert.match(ruleDocHref('n-plus-one'), /^file:\/\/\/.*\/docs\/rules\/n-plus-one\.md$/);
});
