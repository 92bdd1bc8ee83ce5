/**
 * The TS loader's tsconfig reading (tsconfig-paths.ts): `paths` matching in TypeScript's order, the
 * same table through the copy of the matcher the ESM hooks thread runs (ts-esm-hooks.ts), JSON with
 * comments, and `extends` through relative files and packages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isBareSpecifier, parseJsonc, pathCandidates, projectTsconfigFor, type PathsConfig } from '../../server/src/profiler/tsconfig-paths';
import { ESM_HOOKS_SOURCE } from '../../server/src/profiler/ts-esm-hooks';
import { tempDir } from './helpers';

function project(): { dir: string; config: PathsConfig } {
  const dir = tempDir('tsconfig-paths');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'tsconfig.json'), `{
    // comments and trailing commas, as tsconfig files have them
    "compilerOptions": {
      "baseUrl": "./src",
      "paths": { "@app/*": ["app/*", "fallback/*"], "@app/special": ["special/index.ts"], "@/*": ["*"], "cfg": ["../config.ts"], },
      "experimentalDecorators": true, /* kept for the transform */
      "strict": true,
    },
  }`);
  const found = projectTsconfigFor(join(dir, 'src', 'main.ts'));
  assert.ok(found?.paths, 'paths read');
  return { dir, config: found.paths };
}

const TABLE: Array<[string, (src: string, dir: string) => string[]]> = [
  // an exact pattern before any wildcard, then the longest prefix; baseUrl last
  ['@app/special', (src) => [join(src, 'special/index.ts'), join(src, 'app/special'), join(src, 'fallback/special'), join(src, '@app/special')]],
  ['@app/models/user', (src) => [join(src, 'app/models/user'), join(src, 'fallback/models/user'), join(src, '@app/models/user')]],
  ['@/util', (src) => [join(src, 'util'), join(src, '@/util')]],
  ['cfg', (src, dir) => [join(dir, 'config.ts'), join(src, 'cfg')]],
  ['lodash', (src) => [join(src, 'lodash')]],
];

test('paths: candidates in TypeScript\'s order, from the tsconfig\'s baseUrl', () => {
  const { dir, config } = project();
  const src = join(dir, 'src');
  for (const [spec, expected] of TABLE) assert.deepEqual(pathCandidates(spec, config), expected(src, dir), spec);
});

test('the ESM hooks thread\'s copy of the matcher gives the same candidates', async () => {
  const { dir, config } = project();
  const src = join(dir, 'src');
  const hooks = (await import(`data:text/javascript,${encodeURIComponent(ESM_HOOKS_SOURCE)}`)) as { pathCandidates(s: string, c: PathsConfig): string[] };
  for (const [spec, expected] of TABLE) assert.deepEqual(hooks.pathCandidates(spec, config), expected(src, dir), spec);
});

test('transform options come through `extends` (a relative file and a package), the nearest file winning', () => {
  const dir = tempDir('tsconfig-extends');
  mkdirSync(join(dir, 'node_modules', '@acme', 'tsconfig'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', '@acme', 'tsconfig', 'package.json'), '{ "name": "@acme/tsconfig", "version": "1.0.0" }');
  writeFileSync(join(dir, 'node_modules', '@acme', 'tsconfig', 'base.json'), '{ "compilerOptions": { "jsx": "react-jsx", "useDefineForClassFields": false, "experimentalDecorators": false } }');
  writeFileSync(join(dir, 'shared.json'), '{ "extends": "@acme/tsconfig/base.json", "compilerOptions": { "experimentalDecorators": true, "paths": { "#lib/*": ["lib/*"] } } }');
  writeFileSync(join(dir, 'tsconfig.json'), '{ "extends": "./shared", "compilerOptions": { "useDefineForClassFields": true, "outDir": "dist" } }');
  const found = projectTsconfigFor(join(dir, 'main.ts'));
  assert.deepEqual(found?.transformOptions, { jsx: 'react-jsx', useDefineForClassFields: true, experimentalDecorators: true });
  // paths without baseUrl resolve against the file that set them
  assert.deepEqual(pathCandidates('#lib/a', found!.paths!), [join(dir, 'lib/a')]);
});

test('no tsconfig, an unreadable one, or one without paths: nothing to map', () => {
  const none = tempDir('tsconfig-none');
  assert.equal(projectTsconfigFor(join(none, 'a', 'b.ts'))?.paths, undefined);
  writeFileSync(join(none, 'tsconfig.json'), '{ this is not json');
  assert.equal(projectTsconfigFor(join(none, 'b.ts')), undefined);
  writeFileSync(join(none, 'tsconfig.json'), '{ "compilerOptions": { "strict": true } }');
  assert.deepEqual(projectTsconfigFor(join(none, 'b.ts')), { tsconfig: join(none, 'tsconfig.json'), transformOptions: {} });
});

test('bare specifiers and JSON with comments', () => {
  for (const s of ['lodash', '@app/x', '#internal', 'cfg']) assert.ok(isBareSpecifier(s), s);
  for (const s of ['./x', '../x', '/abs/x', 'node:fs', 'file:///x.ts', '.', '..']) assert.ok(!isBareSpecifier(s), s);
  assert.deepEqual(parseJsonc('{ "a": "// not a comment", /* c */ "b": [1, 2,], // end\n "c": "\\"x\\"", }'), { a: '// not a comment', b: [1, 2], c: '"x"' });
});
