/**
 * A parallel `perflens analyze` (engine/analyze-parallel.ts, worker threads) finds exactly what the
 * one-thread run finds — here findings that need a type from another file of the same component and
 * from a global script that only the other part lists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureDir, perflens } from './helpers';

const loop = (fn: string, source: string): string => `export function ${fn}(names) {
  const ids = ${source};
  const out = [];
  for (const name of names) {
    if (ids.includes(name)) out.push(name);
  }
  return out;
}
`;

const FILES: Record<string, string> = {
  // part one: a module whose receiver type comes from the file it imports
  'a/data.js': `/** @returns {string[]} */\nexport function loadIds() {\n  return ['a', 'b'];\n}\n`,
  'a/known.js': `import { loadIds } from './data.js';\n${loop('known', 'loadIds()')}`,
  // part two: the type comes from a global script (no import/export) that part one lists
  'b/seen.js': loop('seen', 'globalIds()'),
  'a/globals.js': `/** @returns {string[]} */\nfunction globalIds() {\n  return [];\n}\n`,
  // an untyped receiver: nothing to find (and a reason for the parts to differ if types were lost)
  'b/other.js': loop('other', 'unknownThing()'),
};

test('2 worker threads find what 1 thread finds, across files and through global scripts', () => {
  const dir = fixtureDir(FILES);
  const run = (workers: string) => perflens(['analyze', '.', '--format', 'json', '--fail-on', 'none', '--timing'], dir, { PERFLENS_WORKERS: workers, PERFLENS_WORKERS_MIN_BYTES: '0' });
  const one = run('1');
  const two = run('2');
  assert.equal(one.code, 0, one.stderr);
  assert.equal(two.code, 0, two.stderr);
  assert.match(two.stderr, /timing: 2 worker threads: \d+ files/, two.stderr);
  assert.doesNotMatch(one.stderr, /worker threads/);
  const findings = (out: string) => (JSON.parse(out) as { findings: { file: string; line: number; ruleId: string }[] }).findings;
  const seq = findings(one.stdout);
  assert.deepEqual(
    seq.map((f) => `${f.file}:${f.line} ${f.ruleId}`),
    ['a/known.js:6 quadratic-loop', 'b/seen.js:5 quadratic-loop'],
  );
  assert.deepEqual(findings(two.stdout), seq);
  assert.equal(JSON.parse(two.stdout).summary.analysed, 5);
});
