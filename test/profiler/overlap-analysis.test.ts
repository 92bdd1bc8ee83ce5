/**
 * The static analysis of a profile run overlaps the run: the script's import graph is analysed in
 * a worker while the script runs, and only sampled files it missed are analysed afterwards. The
 * findings are the same as analysing the sampled files after the run in this thread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { profileScript } from '../../server/src/profiler/profile-script';
import { staticImportGraph } from '../../server/src/profiler/import-graph';
import { BackgroundAnalysis, NO_ANALYSIS_WORKER_ENV } from '../../server/src/profiler/background-analysis';
import { markerLine, tempDir } from './helpers';

/** main.ts imports lib/active.ts statically; lib/late.ts is loaded by a computed path the graph cannot see. */
function project(): { dir: string; main: string; active: string; late: string; unused: string } {
  const dir = tempDir('overlap');
  mkdirSync(join(dir, 'lib'));
  mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
  const active = join(dir, 'lib', 'active.ts');
  writeFileSync(active, [
    "import { helper } from './util';",
    'export interface User { id: string }',
    'export function activeUsers(users: User[], bannedIds: string[]): User[] {',
    '  return users.filter((u) => !bannedIds.includes(u.id)); // HOT: quadratic',
    '}',
    'export { helper };',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'lib', 'util.ts'), 'export const helper = (x: number): number => x + 1;\n');
  const unused = join(dir, 'lib', 'unused.ts');
  writeFileSync(unused, 'export function never(rows: string[], ids: string[]) { return rows.filter((r) => ids.includes(r)); }\n');
  const late = join(dir, 'lib', 'late.ts');
  writeFileSync(late, [
    'export function lateActive(users: { id: string }[], banned: string[]) {',
    '  return users.filter((u) => !banned.includes(u.id)); // LATE: quadratic',
    '}',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'node_modules', 'dep', 'index.js'), 'module.exports = 1;\n');
  const main = join(dir, 'main.ts');
  writeFileSync(main, [
    "import { activeUsers } from './lib/active.js';",
    "const typeOnly = (): Promise<unknown> => import('./lib/unused.js');",
    "const late = require(['.', 'lib', 'late.ts'].join('/'));",
    'const users = Array.from({ length: 20000 }, (_, i) => ({ id: `u${i}` }));',
    'const banned = Array.from({ length: 5000 }, (_, i) => `b${i}`);',
    'let n = 0;',
    'for (let k = 0; k < 2; k++) n += activeUsers(users, banned).length + late.lateActive(users, banned).length;',
    "console.log('active', n, typeof typeOnly);",
    '',
  ].join('\n'));
  return { dir, main, active, late, unused };
}

test('the static import graph: relative imports, .js → .ts, dynamic import(), within the project only', () => {
  const p = project();
  writeFileSync(join(p.dir, 'lib', 'util.ts'), "import '../../outside.js';\nimport 'dep';\nexport const helper = 1;\n");
  const graph = staticImportGraph(p.main, { root: p.dir });
  assert.deepEqual(graph, [p.main, p.active, p.unused, join(p.dir, 'lib', 'util.ts')]);
  assert.ok(!graph.includes(p.late), 'a computed require is not followed');
});

test('profile with findings: imports analysed during the run, the sampled file it missed after; costs attached', async () => {
  const p = project();
  let err = '';
  const run = await profileScript({ script: p.main, cwd: p.dir, outDir: join(p.dir, '.perflens'), heap: false, onStderr: (t) => (err += t) });
  assert.equal(run.summary.exit.reason, 'completed', err);
  const t = run.summary.timings;
  assert.equal(t.filesAnalysedDuringRun, 4, 'main, active, unused, util');
  assert.equal(t.filesAnalysedAfterRun, 1, 'late.ts: sampled, not in the graph');
  const hot = run.summary.findings.find((f) => f.file === p.active);
  assert.ok(hot, JSON.stringify(run.summary.findings));
  assert.equal(hot.ruleId, 'quadratic-loop');
  assert.equal(hot.line, markerLine(p.active, 'HOT:'));
  assert.ok((hot.share ?? 0) >= 0.25, `share ${hot.share}`);
  assert.equal(hot.severity, 'error', 'raised: it is where the time went');
  const lateFinding = run.summary.findings.find((f) => f.file === p.late);
  assert.ok(lateFinding, 'the late file was analysed after the run');
  assert.equal(lateFinding.line, markerLine(p.late, 'LATE:'));
  // never run, never sampled: analysed during the run but not reported
  assert.ok(!run.summary.findings.some((f) => f.file === p.unused));

  // the in-thread fallback (no worker, after the run) finds the same for the same sampled files
  const sampled = [...new Set(run.summary.hotspots.map((h) => h.file))];
  for (const f of [p.active, p.late, p.main]) assert.ok(sampled.includes(f), f);
  const inThread = await BackgroundAnalysis.start(p.main, p.dir, { [NO_ANALYSIS_WORKER_ENV]: '1' }).collect(sampled);
  assert.equal(inThread.overlapped, false);
  const key = (f: { ruleId: string; file: string; line: number }): string => `${f.ruleId} ${f.file}:${f.line}`;
  assert.deepEqual(inThread.findings.map((l) => key({ ...l.finding, line: l.finding.range.start.line + 1 })).sort(), run.summary.findings.map(key).sort());
});

test('a run that ends early in a big import graph drops it and analyses only what was sampled', async () => {
  const p = project();
  const analysis = BackgroundAnalysis.start(p.main, p.dir, process.env, { restartAbove: 1 });
  const deadline = Date.now() + 60_000;
  while (analysis.progress.graphFiles === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(analysis.progress.graphFiles, 4);
  assert.equal(analysis.progress.graphDone, false, 'the graph analysis takes longer than its listing');
  const out = await analysis.collect([p.active]);
  assert.equal(out.restarted, true);
  assert.equal(out.before, 0);
  assert.equal(out.after, 1);
  assert.deepEqual(out.findings.map((l) => `${l.finding.ruleId} ${l.finding.file}:${l.finding.range.start.line + 1}`), [`quadratic-loop ${p.active}:${markerLine(p.active, 'HOT:')}`]);
});
