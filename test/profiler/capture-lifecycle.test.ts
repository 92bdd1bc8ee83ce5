/**
 * The capture's life cycle: a script that throws, never ends (timeout), is cancelled, or forks a
 * child; in each case the profile of what ran is saved and the reason is reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { profileScript } from '../../server/src/profiler/profile-script';
import { keepReleasing } from '../../server/src/profiler/capture';
import { InspectorClient } from '../../server/src/profiler/inspector-client';
import { killTree, launchInspected } from '../../server/src/profiler/launch';
import { markerLine, REPO, sample, tempDir, profileSample } from './helpers';

const out = tempDir('lifecycle');

const profile = (name: string, extra: Partial<Parameters<typeof profileScript>[0]> = {}) => profileSample(name, out, extra);

test('a script that throws: profile saved, exit code and reason reported', async () => {
  const run = await profile('throws.js', { args: ['200'] });
  assert.equal(run.summary.exit.reason, 'exit-code');
  assert.equal(run.summary.exit.code, 1);
  assert.match(run.stderr, /sample failure after the work/);
  assert.doesNotMatch(run.stderr, /Debugger (listening|attached)|Waiting for the debugger/);
  assert.ok(existsSync(run.summary.profile!));
  assert.equal(run.summary.hotspots[0]!.line, markerLine(sample('throws.js'), 'HOT:'));
});

test('a script that never ends: stopped at the timeout, profile of what ran saved', async () => {
  const run = await profile('forever.js', { timeoutMs: 1500 });
  assert.equal(run.summary.exit.reason, 'timeout');
  assert.ok(existsSync(run.summary.profile!));
  assert.equal(run.summary.hotspots[0]!.line, markerLine(sample('forever.js'), 'HOT:'));
});

test('cancel keeps what was collected', async () => {
  const controller = new AbortController();
  let seen = '';
  const run = await profileScript({
    script: sample('forever.js'),
    outDir: out,
    findings: false,
    signal: controller.signal,
    onStdout: (t) => {
      seen += t;
      if (/tick 10/.test(seen)) controller.abort();
    },
  });
  assert.equal(run.summary.exit.reason, 'cancelled');
  assert.ok(existsSync(run.summary.profile!));
  assert.equal(run.summary.hotspots[0]!.line, markerLine(sample('forever.js'), 'HOT:'));
});

test('a script that forks a child: the child does not wait for a debugger, the main profile is saved', async () => {
  const run = await profile('fork-parent.js');
  assert.equal(run.summary.exit.reason, 'completed', run.stderr);
  assert.match(run.stdout, /child \d+ done/);
  assert.match(run.stdout, /parent saw child exit 0/);
  assert.ok(existsSync(run.summary.profile!));
  assert.equal(run.summary.hotspots[0]!.line, markerLine(sample('fork-parent.js'), 'HOT:'));
});

test('a lost runIfWaitingForDebugger: the repeated release starts the script anyway', async () => {
  // What node sometimes does with the first release: the process keeps waiting for its debugger.
  // Here the first release is simply never sent.
  let stdout = '';
  const launched = await launchInspected({ runtime: process.execPath, runtimeArgs: [], script: sample('quadratic.js'), args: ['10'], onStdout: (t) => (stdout += t) });
  const client = await InspectorClient.connect(launched.wsUrl);
  const stop = keepReleasing(client);
  try {
    // (with a session attached, node waits for it to disconnect after the script: the output tells)
    await waitFor(() => /found \d+ duplicates among 10 items/.test(stdout), 20_000, 'the script was released and ran');
  } finally {
    stop();
    client.close();
    killTree(launched.child, 'SIGKILL');
  }
});

test('`perflens profile` killed with SIGTERM stops like Ctrl+C: the profile is saved and no process is left waiting', async () => {
  const dir = tempDir('sigterm');
  const cli = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'server/src/cli/main.ts'), 'profile', sample('forever.js'), '--no-findings', '--no-heap', '--out', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  cli.stdout.on('data', (d: Buffer) => (stdout += d));
  const exited = new Promise<number | null>((r) => cli.once('exit', (code) => r(code)));
  await waitFor(() => /tick 5\b/.test(stdout), 30_000, 'the script ran');
  const script = childPid(cli.pid!);
  cli.kill('SIGTERM');
  assert.equal(await exited, 1, 'cancelled: exit code 1');
  assert.match(stdout, /cancelled; the profile covers what ran until then/);
  assert.ok(readdirSync(dir).some((f) => f.endsWith('.cpuprofile')));
  assert.ok(script !== undefined, 'the profiled process was found');
  await waitFor(() => !alive(script), 10_000, `the profiled process ${script} is gone`);
});

async function waitFor(done: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The node child of `pid` running forever.js (from /proc: Linux, as the suite is). */
function childPid(pid: number): number | undefined {
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('forever.js')) return Number(entry);
    } catch {
      /* gone meanwhile */
    }
  }
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Writes `lines` as a script in a fresh dir and profiles it (20 s timeout, no findings). */
async function profileWritten(name: string, lines: string[]): Promise<{ run: Awaited<ReturnType<typeof profileScript>>; stdout: string }> {
  const dir = tempDir(name.replace(/\W+/g, '-'));
  const script = join(dir, name);
  writeFileSync(script, [...lines, ''].join('\n'));
  let stdout = '';
  const run = await profileScript({ script, cwd: dir, outDir: join(dir, 'out'), findings: false, timeoutMs: 20_000, onStdout: (t) => (stdout += t) });
  return { run, stdout };
}

test('a script that waits for worker threads (and a worker of a worker) completes, and the summary says their time is not sampled', async () => {
  // Under --inspect-brk every worker waits for a debugger too: unreleased, this script never ends.
  const { run, stdout } = await profileWritten('workers.js', [
    "const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');",
    'if (isMainThread) {',
    "  const w = new Worker(__filename, { workerData: 1 });",
    "  w.on('message', (m) => console.log('result', m));",
    '} else if (workerData === 1) {',
    "  const inner = new Worker(__filename, { workerData: 2 });",
    "  inner.on('message', (m) => parentPort.postMessage(m + 1));",
    '} else {',
    '  let s = 0; for (let i = 0; i < 1e6; i++) s += i % 7;',
    '  parentPort.postMessage(s);',
    '}',
  ]);
  assert.equal(run.summary.exit.reason, 'completed', JSON.stringify(run.summary.exit));
  assert.match(stdout, /result 2999998/);
  assert.ok(run.summary.warnings.some((w) => /started 2 worker threads; the profile samples the main thread only/.test(w)), JSON.stringify(run.summary.warnings));
});

test('a worker kept alive but unref\'d (a pool) does not keep the profiled process from ending', async () => {
  const { run, stdout } = await profileWritten('pool.js', [
    "const { Worker } = require('node:worker_threads');",
    "const w = new Worker('const { parentPort } = require(\"node:worker_threads\"); parentPort.on(\"message\", (n) => { let s = 0; for (let i = 0; i < n; i++) s += i % 7; parentPort.postMessage(s); });', { eval: true });",
    "w.on('message', (m) => { console.log('pool result', m); w.unref(); });",
    'w.postMessage(1e6);',
  ]);
  assert.equal(run.summary.exit.reason, 'completed', JSON.stringify(run.summary.exit));
  assert.match(stdout, /pool result 2999997/);
  assert.ok(run.summary.warnings.some((w) => /started 1 worker thread;/.test(w)), JSON.stringify(run.summary.warnings));
});
