/** engine/analyze-paths.ts: which projects are loaded, grouping, ignores and re-analysis. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyzePaths, projectConfigsFor } from '../../server/src/engine/analyze-paths';
import { emptyConfig } from '../../server/src/engine/config';
import { debuggerRule, fixtureDir } from './helpers';

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ['lib/**/*.ts'] });

test('the nearest tsconfig above a path is used only when it lists the scanned files', () => {
  const root = fixtureDir({ 'tsconfig.json': TSCONFIG, 'lib/a.ts': 'export const a: number = 1;\n', 'tools/b.js': 'exports.b = 1;\n' });
  assert.deepEqual(projectConfigsFor([join(root, 'lib')], [join(root, 'lib/a.ts')]), [join(root, 'tsconfig.json')]);
  assert.deepEqual(projectConfigsFor([join(root, 'tools')], [join(root, 'tools/b.js')]), [], 'tools/ is not in the project');
});

test('configured and loose files are both analysed; each finding keeps its file', () => {
  const root = fixtureDir({
    'tsconfig.json': TSCONFIG,
    'lib/a.ts': 'export function a(): void {\n  debugger;\n}\n',
    'tools/b.js': 'function b() {\n  debugger;\n}\n',
    'node_modules/dep/index.js': 'debugger;\n',
    'gen/c.js': 'debugger;\n',
  });
  const config = { ...emptyConfig(), ignore: ['gen/**'] };
  const result = analyzePaths({ paths: ['.'], root, config, rules: [debuggerRule] });
  assert.deepEqual(result.projects, [join(root, 'tsconfig.json')]);
  assert.deepEqual(result.files, [join(root, 'lib/a.ts'), join(root, 'tools/b.js')], 'node_modules and ignored globs are not listed');
  assert.equal(result.analysed, 2);
  assert.deepEqual(result.findings.map((f) => [f.file, f.range.start.line]), [[join(root, 'lib/a.ts'), 1], [join(root, 'tools/b.js'), 1]]);
  assert.deepEqual(result.problems, []);
});

test('reanalyze takes new texts (a dry run) or re-reads the disk', () => {
  const root = fixtureDir({ 'a.js': 'function f() {\n  debugger;\n}\n' });
  const analysis = analyzePaths({ paths: ['a.js'], root, config: emptyConfig(), rules: [debuggerRule] });
  assert.equal(analysis.findings.length, 1);
  const file = join(root, 'a.js');
  assert.equal(analysis.reanalyze(new Map([[file, 'function f() {}\n']])).findings.length, 0);
  assert.equal(analysis.reanalyze().findings.length, 1, 'the file on disk still has it');
});
