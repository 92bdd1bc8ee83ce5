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
