/**
 * The analysis worker of a profile run keeps one host: files sampled after the run are checked in
 * the programs its first analysis built (libraries and earlier files not parsed again), with the
 * same findings a fresh analysis gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseFiles, createRunHost } from '../../server/src/profiler/findings';
import { sample, tempDir } from './helpers';

test('a second analysis in the run host adds its files to the same program and finds what a fresh one finds', () => {
  const dir = tempDir('run-host');
  const first = join(dir, 'main.js');
  const late = join(dir, 'late.js');
  writeFileSync(first, "function overlap(a, b) { return a.filter((x) => b.includes(x)); }\nmodule.exports = { overlap };\n");
  writeFileSync(late, readFileSync(sample('quadratic.js'), 'utf8'));
  const host = createRunHost();
  analyseFiles([first], dir, host);
  const program = host.getSourceFile(first)!.getProject().getProgram().compilerObject;
  const lib = program.getSourceFiles().find((sf) => sf.fileName.includes('lib.es5.d.ts'));
  assert.ok(lib, 'the first analysis built a program with the ES library');
  assert.ok(!program.getSourceFiles().some((sf) => sf.fileName.includes('lib.dom.d.ts')), 'no DOM library for a Node script');

  const reused = analyseFiles([late], dir, host);
  const after = host.getSourceFile(late)!.getProject().getProgram().compilerObject;
  assert.equal(after.getSourceFiles().find((sf) => sf.fileName.includes('lib.es5.d.ts')), lib, 'the library source file is reused, not parsed again');
  assert.ok(after.getSourceFile(first) && after.getSourceFile(late), 'one program holds both files');

  const fresh = analyseFiles([late], dir);
  const key = (r: typeof fresh) => r.findings.map((l) => `${l.finding.ruleId}:${l.finding.range.start.line}:${l.startLine}-${l.endLine}`).sort();
  assert.deepEqual(key(reused), key(fresh));
  assert.ok(key(reused).some((k) => k.startsWith('quadratic-loop:')));
});
