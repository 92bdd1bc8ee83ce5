// Bench helper preload: records when the script started and, at exit, its own CPU time and peak RSS
// (the profiled process's own cost, excluding the profile serialisation V8 does after 'exit').
// `{pid}` in PERFLENS_BENCH_MARK is replaced by the pid, so a command's processes (the CLI and the
// script it profiles, both reached through NODE_OPTIONS) each write their own mark.
'use strict';
const { isMainThread } = require('node:worker_threads');
const file = process.env.PERFLENS_BENCH_MARK;
if (isMainThread && file) {
  const startedAt = Date.now();
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    const out = file.replace('{pid}', String(process.pid));
    require('node:fs').writeFileSync(out, JSON.stringify({ startedAt, exitAt: Date.now(), cpuMs: (cpu.user + cpu.system) / 1000, maxRssKB: process.resourceUsage().maxRSS, argv1: process.argv[1] }));
  });
}
