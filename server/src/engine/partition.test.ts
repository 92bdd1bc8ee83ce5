import { test } from 'node:test';
import assert from 'node:assert/strict';
import { declaresGlobals, importSpecifiers, partitionFiles } from './partition';
import { INFERRED_COMPILER_OPTIONS } from './project-host';

const ROOT = '/nonexistent-perflens-partition';

function input(files: Record<string, string>, ownerConfig: Record<string, string> = {}) {
  const abs = Object.keys(files).map((f) => `${ROOT}/${f}`).sort();
  return {
    files: abs,
    texts: new Map(Object.entries(files).map(([f, t]) => [`${ROOT}/${f}`, t])),
    ownerConfig: new Map(Object.entries(ownerConfig).map(([f, c]) => [`${ROOT}/${f}`, `${ROOT}/${c}`])),
    compilerOptions: INFERRED_COMPILER_OPTIONS,
  };
}

const rel = (files: string[]): string[] => files.map((f) => f.slice(ROOT.length + 1));

test('import specifiers: static, side-effect, re-export, dynamic, require, JSDoc import types', () => {
  const text = `import a from './a.js';\nimport './side';\nexport * from "./re";\nconst m = await import('./dyn');\nconst r = require('./req');\n/** @type {import('./typ').T} */\nlet t;`;
  assert.deepEqual(importSpecifiers(text), ['./a.js', './side', './re', './dyn', './req', './typ']);
});

test('global scripts and global augmentations are shared; modules are not', () => {
  assert.equal(declaresGlobals('function helper() {}\nvar x = 1;'), true);
  assert.equal(declaresGlobals("const fs = require('fs');\nfs.readFileSync('a');"), true, 'require alone does not make a module');
  assert.equal(declaresGlobals("import x from './x';"), false);
  assert.equal(declaresGlobals('export const a = 1;'), false);
  assert.equal(declaresGlobals('module.exports = {};'), false);
  assert.equal(declaresGlobals("export {};\ndeclare global { interface Window { x: number } }"), true);
});

test('importers stay with what they import (./a.js also finds a.ts); parts are balanced by size', () => {
  const big = 'x'.repeat(1000);
  const p = partitionFiles(
    input({
      'a.ts': `export const a = 1; // ${big}`,
      'b.js': `import { a } from './a.js';\nexport const b = a;`,
      'c/index.js': `export const c = 1; // ${big}`,
      'd.js': `import { c } from './c';\nexport const d = c;`,
      'global.js': 'function shared() {}',
    }),
    2,
  );
  assert.equal(p.parts.length, 2);
  const partOf = (f: string): number => p.parts.findIndex((part) => part.files.includes(`${ROOT}/${f}`));
  assert.equal(partOf('a.ts'), partOf('b.js'));
  assert.equal(partOf('c/index.js'), partOf('d.js'));
  assert.notEqual(partOf('a.ts'), partOf('c/index.js'));
  assert.deepEqual(rel(p.shared), ['global.js']);
  assert.equal(p.parts.flatMap((x) => x.files).length, 5, 'every file is analysed by exactly one part');
});

test('a tsconfig project stays in one part, and its scripts are not shared with loose files', () => {
  const p = partitionFiles(
    input({ 'p/x.ts': 'export const x = 1;', 'p/y.ts': 'export const y = 2;', 'p/script.ts': 'const z = 3;', 'loose.js': 'export const l = 1;' }, { 'p/x.ts': 'p/tsconfig.json', 'p/y.ts': 'p/tsconfig.json', 'p/script.ts': 'p/tsconfig.json' }),
    2,
  );
  const withConfig = p.parts.find((part) => part.configs.length > 0)!;
  assert.deepEqual(rel(withConfig.configs), ['p/tsconfig.json']);
  assert.deepEqual(rel(withConfig.files.filter((f) => f.includes('/p/'))), ['p/script.ts', 'p/x.ts', 'p/y.ts']);
  assert.deepEqual(p.shared, []);
});
