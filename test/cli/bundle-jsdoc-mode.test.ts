/**
 * The bundled ts-morph (dist/ts-morph.js, which the CLI and the workers load) parses like `tsc`:
 * JSDoc only in JS files, where it carries types, not in .ts/.d.ts (scripts/build.mjs patches the
 * one place ts-morph creates source files). JS type information from JSDoc must still work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const BUNDLE = join(resolve(__dirname, '../..'), 'dist', 'ts-morph.js');

test('dist/ts-morph.js: no JSDoc nodes in TS files, JSDoc types still read in JS files', () => {
  assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run npm run build`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Project, ts } = require(BUNDLE) as typeof import('ts-morph');
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true, checkJs: true } });
  const tsFile = project.createSourceFile('/a.ts', '/** Doubles. @param x a number */\nexport function f(x: number) { return x * 2; }\n');
  const jsFile = project.createSourceFile('/b.js', '/** @param {string[]} names */\nexport function g(names) { return names.length; }\n');
  // an internal field of TypeScript's SourceFile, set from the parse options
  assert.equal((tsFile.compilerNode as unknown as { jsDocParsingMode?: number }).jsDocParsingMode, ts.JSDocParsingMode.ParseForTypeErrors);
  assert.equal(tsFile.getFunctionOrThrow('f').getJsDocs().length, 0);
  const g = jsFile.getFunctionOrThrow('g');
  assert.equal(g.getJsDocs().length, 1);
  assert.equal(g.getParameters()[0]!.getType().getText(), 'string[]');
});
