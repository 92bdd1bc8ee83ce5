/**
 * The `v8-profiler-next` backend inside the profiled process (main thread only: it segfaults when
 * loaded into node's loader worker). Its profiles are function-level (no positionTicks) and its
 * line numbers are 1-based; the `.process.json` beside the profile says so (`lineBase: 1`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { processProfileBase } from './in-process-capture';

interface V8ProfilerNext {
  setGenerateType?(type: number): void;
  startProfiling(title: string, recordSamples: boolean): void;
  stopProfiling(title: string): { export(cb: (err: Error | null, result: string) => void): void; delete(): void };
}

export function startV8ProfilerNext(modulePath: string, dir: string): void {
  const profiler = createRequire(modulePath)(modulePath) as V8ProfilerNext;
  profiler.setGenerateType?.(1);
  const startedAt = new Date();
  profiler.startProfiling('perflens', true);
  let done = false;
  process.on('exit', (code) => {
    if (done) return;
    done = true;
    mkdirSync(dir, { recursive: true });
    const base = join(dir, processProfileBase(process.argv, process.pid, startedAt));
    const profile = profiler.stopProfiling('perflens');
    profile.export((err, result) => {
      if (err) process.stderr.write(`perflens: v8-profiler-next export failed: ${err.message}\n`);
      else writeFileSync(`${base}.cpuprofile`, result);
    });
    profile.delete();
    const info = { pid: process.pid, ppid: process.ppid, argv: process.argv, reason: code === 0 ? 'completed' : 'exit-code', code, signal: null, lineBase: 1, backend: 'v8-profiler-next' };
    writeFileSync(`${base}.process.json`, JSON.stringify(info, null, 2));
  });
}
