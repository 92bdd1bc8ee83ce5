/** Makes real V8 profiles for the tests by running node with --cpu-prof / --heap-prof (each < 1 s). */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Line 4 is the hot line (the loop body of `hot`); `main` calls `hot` on line 11. Fixed work, not a
 * wall-clock deadline: samples follow on-CPU time, so a loaded machine still gets enough of them. */
export const BUSY_JS = `function hot(n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += Math.sqrt(i) * Math.sin(i);
  }
  return s;
}
function main() {
  let t = 0;
  const rounds = 200;
  for (let k = 0; k < rounds; k++) t += hot(20000);
  return t;
}
main();
`;

/** Line 3 allocates what stays live; the function is kept reachable so the profile keeps its url. */
export const ALLOC_JS = `globalThis.keep = [];
function allocate() {
  for (let i = 0; i < 2e5; i++) globalThis.keep.push({ i, s: 'x' + i });
}
globalThis.allocate = allocate;
allocate();
`;

export interface RealRun { dir: string; script: string; profilePath: string }

export async function profileScript(name: string, source: string, kind: 'cpu' | 'heap'): Promise<RealRun> {
  const dir = mkdtempSync(join(tmpdir(), `perflens-profile-${kind}-`));
  const script = join(dir, name);
  writeFileSync(script, source);
  const flags = kind === 'cpu'
    ? ['--cpu-prof', '--cpu-prof-dir', join(dir, 'out'), '--cpu-prof-interval', '200']
    : ['--heap-prof', '--heap-prof-dir', join(dir, 'out'), '--heap-prof-interval', '8192'];
  await run(process.execPath, [...flags, script], { cwd: dir, timeout: 20_000 });
  const file = readdirSync(join(dir, 'out')).find((f) => f.endsWith(kind === 'cpu' ? '.cpuprofile' : '.heapprofile'));
  if (!file) throw new Error(`node wrote no ${kind} profile in ${dir}/out`);
  return { dir, script, profilePath: join(dir, 'out', file) };
}
