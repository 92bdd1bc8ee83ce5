/**
 * A foreign profile of compiled code (node --cpu-prof on esbuild output with a .map beside it) is
 * shown at its source positions by the viewers built on withSourcePositions (`perflens report`, the
 * VS Code panel); frames without a map stay as recorded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { readProfileFile } from '../../server/src/profile/read-file';
import { withSourcePositions } from '../../server/src/profiler/source-positions';
import { tempDir } from './helpers';

const SOURCE = `interface Item { id: number }

function makeItems(n: number): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < n; i++) items.push({ id: (i * 7919) % ((n / 2) | 0) });
  return items;
}

export function countDuplicates(items: readonly Item[]): number {
  let count: number = 0;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) if (items[i]!.id === items[j]!.id) count++;
  }
  return count;
}

console.log(countDuplicates(makeItems(Number(process.argv[2] ?? 12000))));
`;

function profiledBuild(): { dir: string; profile: string } {
  const dir = tempDir('source-positions');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'hot.ts'), SOURCE);
  // a banner moves every generated line, so an unmapped frame cannot sit on the source line by chance
  buildSync({ entryPoints: [join(dir, 'src', 'hot.ts')], outfile: join(dir, 'dist', 'hot.js'), sourcemap: true, platform: 'node', format: 'cjs', banner: { js: '// built\n// for the test\n' }, logLevel: 'error' });
  const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', join(dir, 'prof'), join(dir, 'dist', 'hot.js'), '12000'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  const name = readdirSync(join(dir, 'prof')).find((f) => f.endsWith('.cpuprofile'))!;
  return { dir, profile: join(dir, 'prof', name) };
}

test('withSourcePositions: frames of compiled code move to the .ts file and line; node internals stay', async () => {
  const { dir, profile } = profiledBuild();
  const raw = await readProfileFile(profile);
  const before = raw.frames.find((f) => f.name === 'countDuplicates')!;
  assert.equal(before.url, pathToFileURL(join(dir, 'dist', 'hot.js')).href);
  const internals = raw.frames.filter((f) => f.url.startsWith('node:')).map((f) => `${f.url}:${f.line}`);

  const { profile: shown, problems, moved } = withSourcePositions(raw);
  assert.deepEqual(problems, []);
  assert.ok(moved > 0);
  const fn = shown.frames.find((f) => f.name === 'countDuplicates')!;
  assert.equal(fn.url, pathToFileURL(join(dir, 'src', 'hot.ts')).href);
  assert.equal(fn.line, SOURCE.split('\n').findIndex((l) => l.startsWith('export function countDuplicates')) + 1);
  assert.deepEqual(shown.frames.filter((f) => f.url.startsWith('node:')).map((f) => `${f.url}:${f.line}`), internals);
});
