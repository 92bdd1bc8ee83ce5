/**
 * `perflens analyze samples` finds exactly what each sample is meant to show: every line marked
 * `// expect: <rule-id>` gets that rule's finding, and no other line of the sample gets any finding.
 * (These depend on the product rules; a failure names the sample, the rule and the line.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RULE_IDS } from '../../server/src/engine/finding';
import { perflens, REPO } from './helpers';

const SAMPLES = join(REPO, 'samples');
const MARKER = /\/\/ expect: ([a-z-]+)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((p) => /\.(m|c)?(j|t)sx?$/.test(p) && !p.includes('node_modules') && statSync(p).isFile());
}

/** "file:line rule" for every marked line of a sample (paths relative to the repository). */
function expectations(dir: string): string[] {
  const out: string[] = [];
  for (const file of sourceFiles(dir)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const m = MARKER.exec(text);
        if (m) out.push(`${relative(REPO, file)}:${i + 1} ${m[1]}`);
      });
  }
  return out.sort();
}

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
}

const run = perflens(['analyze', 'samples', '--format', 'json', '--fail-on', 'none'], REPO);
const report = run.code === 0 ? (JSON.parse(run.stdout) as { findings: JsonFinding[]; problems: { file: string; code: string }[] }) : undefined;

test('perflens analyze samples runs cleanly (exit 0 with --fail-on none, no file skipped)', () => {
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(report?.problems, []);
});

// A sample is a folder with a README (design.md: "a runnable program + README for each problem").
// samples/profiling is different: the profiler's hot-line fixtures (several programs, `HOT` markers),
// checked by test/profiler; only its intended sync-io finding is held here.
const PROFILER_FIXTURES = 'profiling';
const sampleDirs = readdirSync(SAMPLES)
  .filter((d) => d !== PROFILER_FIXTURES && existsSync(join(SAMPLES, d, 'README.md')))
  .sort();

test('samples/profiling: the handler that re-reads its JSON per request is flagged sync-io on its HOT line', () => {
  assert.ok(report, `analyze failed: ${run.stderr}`);
  const file = `samples/${PROFILER_FIXTURES}/sync-io-server.js`;
  const hotLine = readFileSync(join(REPO, file), 'utf8').split('\n').findIndex((l) => l.includes('// HOT: sync read')) + 1;
  assert.ok(hotLine > 0, 'the HOT marker is still there');
  assert.ok(report.findings.some((f) => f.file === file && f.line === hotLine && f.ruleId === 'sync-io'));
});

test('the seven rules each have a sample, and every sample marks what it shows', () => {
  const shown = new Set(sampleDirs.flatMap((d) => expectations(join(SAMPLES, d)).map((e) => e.split(' ')[1])));
  assert.deepEqual([...shown].sort(), [...RULE_IDS].sort());
  for (const d of sampleDirs) assert.ok(expectations(join(SAMPLES, d)).length > 0, `${d} has no // expect: marker`);
});

for (const dir of sampleDirs) {
  test(`sample ${dir}: exactly the expected findings`, () => {
    assert.ok(report, `analyze failed: ${run.stderr}`);
    const prefix = `samples/${dir}/`;
    const found = [...new Set(report.findings.filter((f) => f.file.startsWith(prefix)).map((f) => `${f.file}:${f.line} ${f.ruleId}`))].sort();
    assert.deepEqual(found, expectations(join(SAMPLES, dir)));
  });
}
