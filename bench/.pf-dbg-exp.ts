// scratch experiment (deleted after): Debugger domain cost
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { profileScript } from '../server/src/profiler/profile-script';
const SAMPLES = join(__dirname, '..', 'samples', 'profiling');
const MARK = join(__dirname, 'profiler-mark.cjs');
const med = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]!; };
let k = 0;
const mark = () => `/tmp/profiler-followups/mark-${process.pid}-${k++}.json`;
const cpu = (f: string) => JSON.parse(readFileSync(f, 'utf8')).cpuMs as number;
async function plain(name: string, args: string[]) {
  const m = mark();
  await new Promise((r) => spawn(process.execPath, ['--require', MARK, name, ...args], { cwd: SAMPLES, env: { ...process.env, PERFLENS_BENCH_MARK: m }, stdio: 'ignore' }).once('exit', r));
  return cpu(m);
}
async function prof(name: string, args: string[], collectScripts: boolean, heap: false | 'live') {
  const m = mark();
  await profileScript({ script: join(SAMPLES, name), args, cwd: SAMPLES, outDir: '/tmp/profiler-followups/exp', findings: false, heap, collectScripts, runtimeArgs: ['--require', MARK], env: { ...process.env, PERFLENS_BENCH_MARK: m } });
  return cpu(m);
}
(async () => {
  for (const [name, args] of [['quadratic.js', ['24000']], ['alloc.js', ['100000']]] as const) {
    const r: Record<string, number[]> = { dbgHeap: [], noDbgHeap: [], noDbgNoHeap: [], dbgNoHeap: [] };
    for (let i = 0; i < 5; i++) {
      const p = await plain(name, [...args]);
      r.dbgHeap!.push((await prof(name, [...args], true, 'live')) / p);
      r.noDbgHeap!.push((await prof(name, [...args], false, 'live')) / p);
      r.dbgNoHeap!.push((await prof(name, [...args], true, false)) / p);
      r.noDbgNoHeap!.push((await prof(name, [...args], false, false)) / p);
    }
    console.log(name, Object.entries(r).map(([k, v]) => `${k} ${med(v).toFixed(2)} (${Math.min(...v).toFixed(2)}–${Math.max(...v).toFixed(2)})`).join(' · '));
  }
})();
