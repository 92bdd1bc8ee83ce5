/**
 * npm script / command line mode: the preload rides NODE_OPTIONS into every node process the
 * command starts, and each writes its own profile (pid in the name) into one run folder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { profileCommand } from '../../server/src/profiler/profile-command';
import { nodeOptionsWithPreload } from '../../server/src/profiler/runners';
import { markerLine, sample, SAMPLES, tempDir } from './helpers';

test('npm run: one profile per node process (npm itself and the two scripts it runs)', async () => {
  const out = tempDir('npm');
  let stdout = '';
  const run = await profileCommand({ command: 'npm run work', cwd: SAMPLES, outDir: out, onStdout: (t) => (stdout += t) });
  assert.equal(run.exit.reason, 'completed', run.warnings.join('\n'));
  assert.match(stdout, /found 1000 duplicates/);
  assert.match(stdout, /retained 4 records/);
  const pids = run.processes.map((p) => p.pid);
  assert.equal(new Set(pids).size, pids.length, 'one profile per pid');
  const scripts = run.processes.map((p) => basename(p.argv[1] ?? ''));
  for (const s of ['quadratic.js', 'alloc.js']) assert.equal(scripts.filter((x) => x === s).length, 1, `${s} profiled once (${scripts.join(', ')})`);
  assert.ok(run.processes.length >= 3, 'npm is a node process too');
  for (const p of run.processes) {
    assert.ok(p.profile && existsSync(p.profile), `cpuprofile of pid ${p.pid}`);
    assert.ok(basename(p.profile).includes(`pid${p.pid}`));
    assert.ok(Array.isArray(JSON.parse(readFileSync(p.profile, 'utf8')).nodes));
  }
  const quad = run.processes.find((p) => basename(p.argv[1] ?? '') === 'quadratic.js')!;
  assert.equal(quad.hotspots[0]?.file, sample('quadratic.js'));
  // each process's findings are the ones in the files it ran, ranked by what they cost it
  const hot = quad.findings.find((f) => f.ruleId === 'quadratic-loop');
  assert.equal(hot?.file, sample('quadratic.js'), JSON.stringify(quad.findings));
  assert.ok((hot?.share ?? 0) > 0.1, `share ${hot?.share}`);
  const alloc = run.processes.find((p) => basename(p.argv[1] ?? '') === 'alloc.js')!;
  assert.ok(alloc.findings.every((f) => f.file !== sample('quadratic.js')), JSON.stringify(alloc.findings));
  assert.ok(existsSync(`${run.dir}/summary.json`));
});

test('a command whose node process forks: parent and child each write a profile', async () => {
  const out = tempDir('cmd');
  const run = await profileCommand({ command: 'node fork-parent.js', cwd: SAMPLES, outDir: out, findings: false });
  assert.equal(run.exit.reason, 'completed');
  assert.equal(run.processes.length, 2);
  const [a, b] = run.processes;
  assert.ok(a!.pid === b!.ppid || b!.pid === a!.ppid, 'parent and child');
  for (const p of run.processes) assert.equal(p.hotspots[0]?.line, markerLine(sample('fork-parent.js'), 'HOT:'));
});

test('cancel sends SIGTERM: a process that does not handle it still flushes its profile', async () => {
  const out = tempDir('cmd-timeout');
  let seen = '';
  const controller = new AbortController();
  const run = await profileCommand({
    command: 'node forever.js',
    findings: false,
    cwd: SAMPLES,
    outDir: out,
    signal: controller.signal,
    onStdout: (t) => {
      seen += t;
      if (/tick 10/.test(seen)) controller.abort();
    },
  });
  assert.equal(run.exit.reason, 'cancelled');
  assert.equal(run.processes.length, 1);
  assert.equal(run.processes[0]!.reason, 'signal');
  assert.equal(run.processes[0]!.hotspots[0]?.line, markerLine(sample('forever.js'), 'HOT:'));
});

test('NODE_OPTIONS keeps what was there and quotes paths with spaces', () => {
  assert.equal(nodeOptionsWithPreload(undefined, '/a/preload.js'), '--require /a/preload.js');
  assert.equal(nodeOptionsWithPreload('--max-old-space-size=512', '/a b/preload.js'), '--max-old-space-size=512 --require "/a b/preload.js"');
});
