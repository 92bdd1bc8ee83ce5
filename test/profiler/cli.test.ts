/** `perflens profile` end to end: the real CLI entry in a child process, --json shape, usage errors, help. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { markerLine, REPO, sample, tempDir } from './helpers';

function perflens(args: string[], cwd = REPO, input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'server/src/cli/main.ts'), 'profile', ...args], { cwd, encoding: 'utf8', timeout: 60_000, input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('perflens profile --json prints exactly the design.md shape (plus exit)', () => {
  const out = tempDir('cli');
  const r = perflens([sample('quadratic.js'), '--json', '--out', out, '--', '12000']);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(json).sort(), ['durationMs', 'exit', 'findings', 'functions', 'heapProfile', 'hotspots', 'profile'].sort());
  assert.ok(existsSync(json.profile) && json.profile.startsWith(out) && json.profile.endsWith('.cpuprofile'));
  assert.ok(existsSync(json.heapProfile) && json.heapProfile.endsWith('.heapprofile'));
  assert.ok(existsSync(json.profile.replace(/\.cpuprofile$/, '.summary.json')));
  assert.equal(typeof json.durationMs, 'number');
  // design.md's hotspot shape; a line that calls a sampled function also lists what it calls (`callees`)
  for (const h of json.hotspots) {
    assert.deepEqual(Object.keys(h).filter((k) => k !== 'callees').sort(), ['file', 'line', 'selfMs', 'share', 'totalMs']);
    for (const c of h.callees ?? []) assert.deepEqual(Object.keys(c).sort(), ['file', 'line', 'name', 'share', 'totalMs']);
  }
  for (const f of json.functions) assert.deepEqual(Object.keys(f).sort(), ['file', 'line', 'name', 'selfMs', 'totalMs']);
  // design.md's finding shape, plus the measured share beside costMs (shares first: ms inflate on a busy machine)
  for (const f of json.findings) for (const k of Object.keys(f)) assert.ok(['ruleId', 'file', 'line', 'message', 'costMs', 'share'].includes(k), k);
  const hot = json.findings.find((f: { ruleId: string }) => f.ruleId === 'quadratic-loop');
  assert.ok(hot && hot.share > 0 && hot.share <= 1 && hot.costMs > 0, JSON.stringify(json.findings));
  assert.deepEqual(json.exit, { code: 0, signal: null, reason: 'completed' });
  assert.equal(json.hotspots[0].line, markerLine(sample('quadratic.js'), 'HOT:'));
  // the script's own stdout went to stderr, so stdout is pure JSON
  assert.match(r.stderr, /found 6000 duplicates/);
});

test('a failing script, text output: exit code 1, the reason, shares first with total beside self', () => {
  const out = tempDir('cli-fail');
  const r = perflens([sample('throws.js'), '--no-heap', '--no-findings', '--out', out, '--', '300']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /the script exited with code 1/);
  assert.match(r.stderr, /sample failure after the work/);
  assert.doesNotMatch(r.stdout, /heap profile:/);
  assert.match(r.stdout, /self%\s+total%\s+self ms\s+total ms\s+function\s+location/);
  assert.match(r.stdout, new RegExp(`spin\\s+samples/profiling/throws\\.js:${markerLine(sample('throws.js'), 'HOT:')}`));
});

test('usage errors exit 2 with a clear message; --help lists the backends and whether they are installed', () => {
  const missing = perflens([]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /missing the script to profile/);
  const help = perflens(['--help']);
  assert.equal(help.code, 0);
  for (const b of ['inspector', 'v8-profiler-next', '0x', 'clinic']) assert.match(help.stdout, new RegExp(`^  ${b}\\s+(available|missing)`, 'm'));
});

test('piped input reaches the profiled script, for a script and for --command', () => {
  const dir = tempDir('cli-stdin');
  const script = join(dir, 'count.js');
  writeFileSync(script, "let d = ''; process.stdin.on('data', (c) => (d += c)).on('end', () => console.log('read', d.split(/\\s+/).filter(Boolean).length, 'words'));\n");
  const run = (args: string[]) => perflens([...args, '--no-findings', '--no-heap', '--out', dir], REPO, 'a b c\nd e\n');
  const direct = run([script]);
  assert.equal(direct.code, 0, direct.stderr);
  assert.match(direct.stdout, /read 5 words/);
  const command = run(['--command', `node ${JSON.stringify(script)}`]);
  assert.equal(command.code, 0, command.stderr);
  assert.match(command.stdout, /read 5 words/);
});
