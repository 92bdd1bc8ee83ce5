/**
 * The capture's life cycle: a script that throws, never ends (timeout), is cancelled, or forks a
 * child; in each case the profile of what ran is saved and the reason is reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { profileScript } from '../../server/src/profiler/profile-script';
import { markerLine, sample, tempDir, profileSample } from './helpers';

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
