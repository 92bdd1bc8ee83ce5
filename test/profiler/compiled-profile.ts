/**
 * A foreign profile of compiled code, as users bring one: a TypeScript file built by esbuild with an
 * external .map, run under plain `node --cpu-prof` (not by PerfLens). Shared by the tests of the
 * viewers and requests that map such a profile back to its sources.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

/** The hot line carries `// HOT`; `countDuplicates` is the hot function. */
export const COMPILED_SOURCE = `interface Item { id: number }

function makeItems(n: number): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < n; i++) items.push({ id: (i * 7919) % ((n / 2) | 0) });
  return items;
}

export function countDuplicates(items: readonly Item[]): number {
  let count: number = 0;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (items[i]!.id === items[j]!.id) count++; // HOT
    }
  }
  return count;
}

console.log(countDuplicates(makeItems(Number(process.argv[2] ?? 12000))));
`;

/** 1-based line of the first source line containing `marker`. */
export function compiledSourceLine(marker: string): number {
  return COMPILED_SOURCE.split('\n').findIndex((l) => l.includes(marker)) + 1;
}

/** Writes `src/hot.ts` under `dir`, builds `dist/hot.js` (+ .map) and profiles it: the paths involved. */
export function profileCompiledSource(dir: string): { source: string; built: string; profile: string } {
  const source = join(dir, 'src', 'hot.ts');
  const built = join(dir, 'dist', 'hot.js');
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(source, COMPILED_SOURCE);
  // a banner moves every generated line, so an unmapped frame cannot sit on the source line by chance
  buildSync({ entryPoints: [source], outfile: built, sourcemap: true, platform: 'node', format: 'cjs', banner: { js: '// built\n// for the test\n' }, logLevel: 'error' });
  const profDir = join(dir, 'prof');
  const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, built, '12000'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  const name = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  assert.ok(name, 'node wrote a .cpuprofile');
  return { source, built, profile: join(profDir, name) };
}
