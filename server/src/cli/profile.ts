/**
 * `perflens profile <script> [-- args…]`: runs the script under the V8 inspector (TypeScript too, no
 * build step), saves CPU and heap profiles, prints the hot lines and the findings ranked by cost.
 * Exit codes: 0 the script completed and was profiled; 1 it failed, timed out or was cancelled
 * (the profile of what ran is still saved); 2 usage error, or nothing could be profiled.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseProfileArgs, type ProfileArgs } from './profile-args';
import { formatBackends, formatCommandRun, formatProfileRun } from './profile-text';
import { detectBackends, runExternalBackend } from '../profiler/backends';
import { defaultRuntime } from '../profiler/capture';
import { DEFAULT_PROFILE_DIR } from '../profiler/save';
import { PerfLensError } from '../engine/errors';
import { HOT_SHARE, VERY_HOT_SHARE } from '../engine/cost-policy';

export function profileHelp(cwd = process.cwd()): string {
  return [
    'Usage: perflens profile <script> [options] [-- script args…]',
    '       perflens profile --command "<command line>" | --npm <script> [options]',
    '',
    'Runs the script under the V8 inspector (TypeScript through an esbuild loader, or TypeScript\'s',
    'own transpiler when esbuild is not installed; no build step), saves .cpuprofile/.heapprofile and',
    'a summary, and prints hot lines and findings ranked by cost. For TypeScript both profiles are',
    'source-mapped (.ts lines in DevTools and VS Code); as recorded they are kept as .raw.cpuprofile and',
    '.raw.heapprofile. The analysis of unchanged files is reused from ~/.cache/perflens/findings',
    '(PERFLENS_FINDINGS_CACHE=off disables it).',
    '',
    'Options:',
    `  --out DIR           where profiles go (default ${DEFAULT_PROFILE_DIR})`,
    '  --interval µs       CPU sampling interval (default 1000)',
    '  --heap [live|churn] heap sampling: live = objects alive at the end (leak view, default);',
    '                      churn = every sampled allocation, also those collected; --no-heap = off',
    '  --timeout s         stop after s seconds; the profile of what ran is kept',
    '  --json              print one JSON object: { profile, heapProfile?, durationMs, hotspots,',
    '                      functions, findings, exit }; hotspot share = the line\'s self share',
    '  --html FILE         also write the flame graph page (through `perflens report`)',
    '  --command "CMD"     profile every node process a command line starts (NODE_OPTIONS preload)',
    '  --npm NAME          same for `npm run NAME`',
    '  --runtime PATH      the node executable to use',
    '  --no-findings       skip the static analysis of the profiled files (with --command/--npm: of the',
    '                      files each process ran, ranked per process)',
    '  --backend ID        inspector (default) | v8-profiler-next | 0x | clinic',
    '',
    `Findings in hot code are raised in severity: ≥ ${HOT_SHARE * 100}% of CPU one level, ≥ ${VERY_HOT_SHARE * 100}% to error.`,
    'Exit codes: 0 profiled and the script completed; 1 the script failed, timed out or was',
    'cancelled (its profile is still saved); 2 usage error or nothing profiled.',
    '',
    'Backends on this machine:',
    formatBackends(detectBackends(cwd)),
  ].join('\n');
}

export async function runProfile(argv: string[]): Promise<number> {
  const parsed = parseProfileArgs(argv);
  if ('error' in parsed) {
    process.stderr.write(`perflens profile: ${parsed.error}\n\n${profileHelp()}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(profileHelp() + '\n');
    return 0;
  }
  const cwd = process.cwd();
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    if (++interrupts > 1) process.exit(130);
    process.stderr.write('\nperflens: stopping; saving what was profiled (Ctrl+C again to quit now)\n');
    controller.abort();
  };
  // Killed by a supervisor (a CI step's timeout, `timeout`, a test harness): stop and save as for
  // Ctrl+C, so the profiled process is not left behind waiting for its debugger.
  const onSigterm = (): void => {
    if (++interrupts > 1) process.exit(143);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  try {
    return await dispatch(parsed, cwd, controller.signal);
  } catch (err) {
    const code = err instanceof PerfLensError ? `${err.code} ` : '';
    process.stderr.write(`perflens profile: ${code}${(err as Error).message}\n`);
    return 2;
  } finally {
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigterm);
  }
}

async function dispatch(args: ProfileArgs, cwd: string, signal: AbortSignal): Promise<number> {
  // In --json mode stdout carries only the JSON: the script's output goes to stderr.
  const onStdout = (t: string): void => void (args.json ? process.stderr : process.stdout).write(t);
  const onStderr = (t: string): void => void process.stderr.write(t);
  // Piped or redirected input reaches the script, as with `node script.js < data`; a terminal does not
  // (the script runs in its own process group, where reading the terminal would stop it).
  const inheritStdin = !process.stdin.isTTY;
  const common = { cwd, outDir: args.outDir, samplingIntervalUs: args.intervalUs, heap: args.heap, timeoutMs: args.timeoutMs, signal, onStdout, onStderr, inheritStdin };

  if (args.backend !== 'inspector') return runOtherBackend(args, cwd, signal, onStdout, onStderr);

  if (args.command) {
    const { profileCommand } = await import('../profiler/profile-command');
    const run = await profileCommand({ ...common, command: args.command, findings: args.findings });
    process.stdout.write(args.json ? JSON.stringify(run, null, 2) + '\n' : formatCommandRun(run, cwd));
    if (run.processes.length === 0) return 2;
    return run.exit.reason === 'completed' ? 0 : 1;
  }

  const script = resolve(cwd, args.script!);
  if (!existsSync(script)) {
    process.stderr.write(`perflens profile: no such file: ${script}\n`);
    return 2;
  }
  const { profileScript } = await import('../profiler/profile-script');
  const run = await profileScript({ ...common, script, args: args.scriptArgs, runtime: args.runtime, findings: args.findings });
  const s = run.summary;
  if (args.json) {
    const out = {
      profile: s.profile,
      ...(s.heapProfile ? { heapProfile: s.heapProfile } : {}),
      durationMs: s.durationMs,
      hotspots: s.hotspots,
      functions: s.functions,
      findings: s.findings.map((f) => ({ ruleId: f.ruleId, file: f.file, line: f.line, message: f.message, ...(f.costMs !== undefined ? { costMs: f.costMs, share: f.share } : {}) })),
      exit: { code: s.exit.code, signal: s.exit.signal, reason: s.exit.reason },
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else process.stdout.write(formatProfileRun(run, cwd));
  if (args.html && s.profile) await writeHtml(s.profile, resolve(cwd, args.html));
  if (!s.profile) return 2;
  return s.exit.reason === 'completed' ? 0 : 1;
}

async function writeHtml(profile: string, out: string): Promise<void> {
  try {
    const { runReport } = await import('./report');
    const code = await runReport([profile, '--html', out]);
    if (code !== 0) process.stderr.write(`perflens profile: the HTML report was not written (perflens report exited with ${code})\n`);
  } catch (err) {
    process.stderr.write(`perflens profile: the HTML report is not available: ${(err as Error).message}\n`);
  }
}

async function runOtherBackend(args: ProfileArgs, cwd: string, signal: AbortSignal, onStdout: (t: string) => void, onStderr: (t: string) => void): Promise<number> {
  const status = detectBackends(cwd).find((b) => b.id === args.backend)!;
  if (!status.available) {
    process.stderr.write(`perflens profile: backend ${args.backend} is ${status.detail}. The default inspector backend needs nothing installed.\n`);
    return 2;
  }
  if (!args.script) {
    process.stderr.write(`perflens profile: --backend ${args.backend} profiles a script, not --command\n`);
    return 2;
  }
  const outDir = resolve(cwd, args.outDir ?? DEFAULT_PROFILE_DIR);
  const script = resolve(cwd, args.script);
  if (args.backend === 'v8-profiler-next') {
    const { profileCommand } = await import('../profiler/profile-command');
    const { preloadPath } = await import('../profiler/preload-path');
    const runtime = args.runtime ?? defaultRuntime();
    const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
    const command = [runtime, '--require', preloadPath(), script, ...args.scriptArgs].map(quote).join(' ');
    const run = await profileCommand({ command, cwd, outDir: args.outDir, timeoutMs: args.timeoutMs, signal, onStdout, onStderr, v8ProfilerNext: status.detail, heap: false });
    process.stdout.write(args.json ? JSON.stringify(run, null, 2) + '\n' : formatCommandRun(run, cwd) + 'v8-profiler-next profiles are function-level (no per-line ticks).\n');
    if (run.processes.every((p) => !p.profile)) {
      process.stderr.write('perflens profile: v8-profiler-next wrote no profile (its native addon may not match this node)\n');
      return 2;
    }
    return run.exit.reason === 'completed' ? 0 : 1;
  }
  const result = await runExternalBackend(args.backend as '0x' | 'clinic', status.detail, { script, args: args.scriptArgs, cwd, outDir, runtime: args.runtime ?? defaultRuntime(), timeoutMs: args.timeoutMs, signal, onStdout, onStderr });
  process.stdout.write(args.json ? JSON.stringify(result, null, 2) + '\n' : `perflens: ${result.message}\n`);
  return result.ok ? 0 : 2;
}
