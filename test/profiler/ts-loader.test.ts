/**
 * The TS loader in the shapes projects use: CommonJS-scoped .ts requiring `./x.js` that is really
 * x.ts, an ESM package (`"type": "module"`) importing .ts with .js specifiers, and .mts. Each must
 * run, and its hot function must map to the .ts source.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { profileScript } from '../../server/src/profiler/profile-script';
import { HOT_TS, tempDir } from './helpers';

const ROWS = 'Array.from({ length: 20000 }, (_, i) => ({ n: i }))';

async function run(dir: string, entry: string): Promise<Awaited<ReturnType<typeof profileScript>> & { out: string; err: string }> {
  let out = '';
  let err = '';
  const r = await profileScript({ script: join(dir, entry), cwd: dir, outDir: join(dir, '.perflens'), findings: false, heap: false, onStdout: (t) => (out += t), onStderr: (t) => (err += t) });
  return { ...r, out, err };
}

test('CommonJS scope: main.ts requires ./burn.js (burn.ts) and a .cts', async () => {
  const dir = tempDir('ts-cjs');
  writeFileSync(join(dir, 'burn.ts'), HOT_TS);
  writeFileSync(join(dir, 'util.cts'), 'export const label: string = "cts ok";\n');
  writeFileSync(join(dir, 'main.ts'), `import { burn } from './burn.js';\nimport { label } from './util.cjs';\nconsole.log(label, burn(${ROWS}));\n`);
  const r = await run(dir, 'main.ts');
  assert.equal(r.summary.exit.reason, 'completed', r.err);
  assert.match(r.out, /cts ok \d+/);
  assert.equal(r.summary.hotspots[0]!.file, join(dir, 'burn.ts'));
  assert.equal(r.summary.hotspots[0]!.line, 5);
  assert.equal(r.summary.functions.find((f) => f.name === 'burn')?.line, 3);
});

test('ESM package: main.ts imports ./burn.js (burn.ts) and a .mts, with top-level await', async () => {
  const dir = tempDir('ts-esm');
  mkdirSync(join(dir, 'lib'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'lib', 'burn.ts'), HOT_TS);
  writeFileSync(join(dir, 'lib', 'extra.mts'), 'export const label: string = "mts ok";\n');
  writeFileSync(join(dir, 'main.ts'), `import { burn } from './lib/burn.js';\nimport { label } from './lib/extra.mjs';\nawait Promise.resolve();\nconsole.log(label, burn(${ROWS}), typeof require);\n`);
  const r = await run(dir, 'main.ts');
  assert.equal(r.summary.exit.reason, 'completed', r.err);
  assert.match(r.out, /mts ok \d+ undefined/);
  assert.equal(r.summary.hotspots[0]!.file, join(dir, 'lib', 'burn.ts'));
  assert.equal(r.summary.hotspots[0]!.line, 5);
});

test('an .mts entry outside an ESM package runs as ESM (top-level await), not as CommonJS', async () => {
  const dir = tempDir('ts-mts-entry');
  writeFileSync(join(dir, 'burn.ts'), HOT_TS);
  writeFileSync(join(dir, 'main.mts'), `import { burn } from './burn.js';\nconst rows: { n: number }[] = ${ROWS};\nawait Promise.resolve();\nconsole.log('mts entry', burn(rows), typeof require);\n`);
  const r = await run(dir, 'main.mts');
  assert.equal(r.summary.exit.reason, 'completed', r.err);
  assert.match(r.out, /mts entry \d+ undefined/);
  assert.equal(r.summary.hotspots[0]!.file, join(dir, 'burn.ts'));
  assert.equal(r.summary.hotspots[0]!.line, 5);
});

// A legacy (experimentalDecorators) method decorator: it gets the property descriptor. Standard
// decorators call it with (value, context) instead, and returning the context object throws.
const LEGACY_DECORATED = [
  'import { burn } from "@lib/burn";',
  'const calls: string[] = [];',
  'function traced(_t: object, key: string, d: PropertyDescriptor): PropertyDescriptor {',
  '  const inner = d.value as (...a: unknown[]) => unknown;',
  '  d.value = function (this: unknown, ...a: unknown[]) { calls.push(key); return inner.apply(this, a); };',
  '  return d;',
  '}',
  'class Job {',
  '  @traced',
  '  run(rows: { n: number }[]): number { return burn(rows); }',
  '}',
  `console.log('job', new Job().run(${ROWS}), calls.join(','));`,
  '',
].join('\n');

for (const transpiler of ['esbuild', 'typescript'] as const) {
  test(`tsconfig: paths aliases resolve and legacy decorators keep their semantics (${transpiler}, extends, comments)`, async () => {
    const dir = tempDir(`ts-tsconfig-${transpiler}`);
    mkdirSync(join(dir, 'src', 'lib'), { recursive: true });
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config', 'base.json'), '{\n  // shared options\n  "compilerOptions": { "experimentalDecorators": true, },\n}\n');
    writeFileSync(join(dir, 'tsconfig.json'), '{ "extends": "./config/base.json", "compilerOptions": { "baseUrl": ".", "paths": { "@lib/*": ["src/lib/*"] } } }\n');
    writeFileSync(join(dir, 'src', 'lib', 'burn.ts'), HOT_TS);
    writeFileSync(join(dir, 'src', 'main.ts'), LEGACY_DECORATED);
    let out = '';
    let err = '';
    const r = await profileScript({
      script: join(dir, 'src', 'main.ts'), cwd: dir, outDir: join(dir, '.perflens'), findings: false, heap: false,
      env: { ...process.env, PERFLENS_TS_TRANSPILER: transpiler === 'typescript' ? 'typescript' : '' },
      onStdout: (t) => (out += t), onStderr: (t) => (err += t),
    });
    assert.equal(r.summary.exit.reason, 'completed', err);
    assert.match(out, /job \d+ run/);
    assert.equal(r.summary.hotspots[0]!.file, join(dir, 'src', 'lib', 'burn.ts'));
    assert.equal(r.summary.hotspots[0]!.line, 5);
  });
}
