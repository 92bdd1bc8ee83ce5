// Bench helper preload: records when the script started and, at exit, its own CPU time and peak RSS
// (the profiled process's own cost, excluding the profile serialisation V8 does after 'exit').
'use strict';
const { isMainThread } = require('node:worker_threads');
const file = process.env.PERFLENS_BENCH_MARK;
if (isMainThread && file) {
  const startedAt = Date.now();
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    require('node:fs').writeFileSync(file, JSON.stringify({ startedAt, exitAt: Date.now(), cpuMs: (cpu.user + cpu.system) / 1000, maxRssKB: process.resourceUsage().maxRSS }));
  });
}
