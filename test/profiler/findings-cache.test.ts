/**
 * The findings cache of `perflens profile` (findings-cache.ts): an earlier run's analysis is used
 * only while every file it read is unchanged and the engine build is the same; the bundled CLI
 * then skips the analysis worker and reports the same findings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FindingsCache, FINDINGS_CACHE_ENV } from '../../server/src/profiler/findings-cache';
import type { AnalysedFiles } from '../../server/src/profiler/findings';
import { textSha1 } from '../../server/src/profiler/input-hash';
import { REPO, sample, tempDir } from './helpers';

function fakeEngine(): string {
  const dir = tempDir('fc-engine');
  writeFileSync(join(dir, 'analysis-worker.js'), '// worker');
  writeFileSync(join(dir, 'ts-morph.js'), '// ts-morph');
  return dir;
}

function project(): { dir: string; main: string; util: string; pkg: string } {
  const dir = tempDir('fc-project');
  const main = join(dir, 'main.js');
  const util = join(dir, 'util.js');
  writeFileSync(main, "const { f } = require('./util');\nf();\n");
  writeFileSync(util, 'exports.f = () => 1;\n');
  return { dir, main, util, pkg: join(dir, 'package.json') };
}

function analysed(p: ReturnType<typeof project>, texts: Record<string, string> = {}): AnalysedFiles {
  const text = (f: string) => texts[f] ?? readFileSync(f, 'utf8');
  return {
    files: [p.main, p.util],
    findings: [],
    problems: [{ code: 'PL1009', file: p.util, message: 'marker' }],
    analyseMs: 12,
    inputs: [{ path: p.main, sha1: textSha1(text(p.main)) }, { path: p.util, sha1: textSha1(text(p.util)) }, { path: p.pkg }],
  };
}

test('findings cache: a hit while inputs are unchanged (touch included); a miss on an edit, a new input file, another engine build', () => {
  const engine = fakeEngine();
  const env = { [FINDINGS_CACHE_ENV]: tempDir('fc-cache') };
  const p = project();
  const cache = FindingsCache.open(p.main, p.dir, engine, env)!;
  assert.ok(cache);
  assert.equal(cache.lookup(), undefined, 'empty cache');
  assert.equal(cache.store(analysed(p)), true);
  const hit = cache.lookup();
  assert.deepEqual(hit?.problems, [{ code: 'PL1009', file: p.util, message: 'marker' }]);
  assert.deepEqual(hit?.inputs?.map((i) => i.path), [p.main, p.util, p.pkg], 'what it read comes back, for a run that adds files');

  // same text, new mtime: confirmed by the hash
  const later = new Date(Date.now() + 5000);
  utimesSync(p.util, later, later);
  assert.ok(FindingsCache.open(p.main, p.dir, engine, env)!.lookup());

  // an imported file's text changed
  appendFileSync(p.util, 'exports.g = 2;\n');
  assert.equal(FindingsCache.open(p.main, p.dir, engine, env)!.lookup(), undefined);
  cache.store(analysed(p));
  assert.ok(cache.lookup());

  // package.json appears (it was recorded as absent)
  writeFileSync(p.pkg, '{"type":"commonjs"}');
  assert.equal(cache.lookup(), undefined);
  cache.store(analysed(p));
  assert.ok(cache.lookup());

  // another engine build (the bundle was rebuilt)
  writeFileSync(join(engine, 'ts-morph.js'), '// ts-morph, rebuilt');
  assert.equal(FindingsCache.open(p.main, p.dir, engine, env)!.lookup(), undefined);
});

test('findings cache: not stored when a file changed after it was analysed; off by setting and from sources', () => {
  const engine = fakeEngine();
  const env = { [FINDINGS_CACHE_ENV]: tempDir('fc-cache') };
  const p = project();
  const cache = FindingsCache.open(p.main, p.dir, engine, env)!;
  // analysed an older text of util.js than what is on disk now
  const stale = analysed(p, { [p.util]: 'exports.f = () => 0;\n' });
  assert.equal(cache.store(stale), false);
  assert.equal(cache.lookup(), undefined);

  assert.equal(FindingsCache.open(p.main, p.dir, engine, { [FINDINGS_CACHE_ENV]: 'off' }), undefined);
  // from sources there is no engine build to key on (an edited rule would not change the key)
  assert.equal(FindingsCache.open(p.main, p.dir, join(REPO, 'server/src/profiler'), env), undefined);
});

/** `perflens profile <script> --json` through dist/cli.js with the cache in `cacheDir`: its findings and the summary's timings. */
function bundledProfile(dir: string, script: string, cacheDir: string): {
  findings: { ruleId: string; file: string; line: number }[];
  timings: { analysisCached?: boolean; filesAnalysedAfterRun?: number };
} {
  const r = spawnSync(process.execPath, [join(REPO, 'dist/cli.js'), 'profile', script, '--json', '--no-heap', '--out', join(dir, 'out'), '--', '6000'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, [FINDINGS_CACHE_ENV]: cacheDir },
  });
  assert.equal(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { profile: string; findings: { ruleId: string; file: string; line: number }[] };
  const summary = JSON.parse(readFileSync(json.profile.replace(/\.cpuprofile$/, '.summary.json'), 'utf8')) as { timings: { analysisCached?: boolean; filesAnalysedAfterRun?: number } };
  return { findings: json.findings, timings: summary.timings };
}

test('bundled `perflens profile`: the second run takes the findings from the cache; an edit of the script analyses again', () => {
  assert.ok(existsSync(join(REPO, 'dist/analysis-worker.js')), 'dist/ is built (npm test builds it before the tests)');
  const dir = tempDir('fc-cli');
  const script = join(dir, 'quadratic.js');
  writeFileSync(script, readFileSync(sample('quadratic.js'), 'utf8'));
  const cacheDir = tempDir('fc-cli-cache');
  const run = () => {
    const { findings, timings } = bundledProfile(dir, script, cacheDir);
    return { findings: findings.map((f) => `${f.ruleId}:${f.line}`), cached: timings.analysisCached === true };
  };
  const first = run();
  assert.equal(first.cached, false);
  assert.ok(first.findings.some((f) => f.startsWith('quadratic-loop:')), first.findings.join(', '));
  assert.equal(readdirSync(cacheDir).filter((n) => n.endsWith('.json')).length, 1);

  const second = run();
  assert.equal(second.cached, true);
  assert.deepEqual(second.findings, first.findings);

  // two lines on top: fresh analysis, and the finding moves with its code
  writeFileSync(script, '// a\n// b\n' + readFileSync(script, 'utf8'));
  const third = run();
  assert.equal(third.cached, false);
  assert.deepEqual(third.findings, first.findings.map((f) => f.replace(/:(\d+)$/, (_, n: string) => `:${Number(n) + 2}`)));
});

test('bundled `perflens profile`: a sampled file the import graph missed is analysed after the first run, then cached with the rest', () => {
  const dir = tempDir('fc-late');
  // a computed require: the static import graph cannot follow it, the profile samples it
  writeFileSync(join(dir, 'main.js'), "const hot = require(['.', 'hot.js'].join('/'));\nconsole.log(hot.dups(Number(process.argv[2])));\n");
  writeFileSync(
    join(dir, 'hot.js'),
    [
      'function findDuplicates(items) {',
      '  const dups = [];',
      '  for (let i = 0; i < items.length; i++) {',
      '    for (let j = i + 1; j < items.length; j++) {',
      '      if (items[i].id === items[j].id) dups.push(items[j]);',
      '    }',
      '  }',
      '  return dups;',
      '}',
      'exports.dups = (n) => findDuplicates(Array.from({ length: n }, (_, i) => ({ id: (i * 7919) % (n >> 1) }))).length;',
      '',
    ].join('\n'),
  );
  const cacheDir = tempDir('fc-late-cache');
  const run = () => {
    const { findings, timings } = bundledProfile(dir, 'main.js', cacheDir);
    return { findings: findings.map((f) => `${f.ruleId}:${f.file}`), ...timings };
  };
  const first = run();
  assert.equal(first.filesAnalysedAfterRun, 1, 'hot.js, after the run');
  assert.ok(first.findings.includes(`quadratic-loop:${join(dir, 'hot.js')}`), first.findings.join(', '));
  const second = run();
  assert.equal(second.analysisCached, true);
  assert.equal(second.filesAnalysedAfterRun, 0, 'hot.js came from the cache too');
  assert.deepEqual(second.findings, first.findings);
});
