/**
 * `perflens analyze` as a real process on code with real findings from the product rules: exit code 1,
 * the three formats, --fail-on, config severity/off, --fix and --fix-dry-run. These depend on the rules
 * (sync-io; loop-invariant's safe RegExp hoist for the fix tests).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { fixtureDir, perflens, REPO } from './helpers';

const HANDLER = [
  "const fs = require('node:fs');",
  "const http = require('node:http');",
  '',
  'http.createServer((req, res) => {',
  "  const body = fs.readFileSync('./page.html', 'utf8');",
  '  res.end(body);',
  '}).listen(8080);',
  '',
].join('\n');

test('findings: exit 1, compiler-style text line, --fail-on decides the exit code', () => {
  const dir = fixtureDir({ 'server.js': HANDLER });
  const r = perflens(['analyze'], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^server\.js:5:16 {2}warning {2}sync-io {2}\S.*$/m);
  assert.match(r.stdout, /✖ 1 finding \(0 errors, 1 warning, 0 notes\) — 1 file analysed/);
  assert.equal(perflens(['analyze', '--fail-on', 'none'], dir).code, 0);
  assert.equal(perflens(['analyze', '--fail-on', 'error'], dir).code, 0, 'a warning is below error');
  assert.equal(perflens(['analyze', '--fail-on', 'note'], dir).code, 1);
});

test('findings: json and sarif from the process; sarif valid against the 2.1.0 schema', () => {
  const dir = fixtureDir({ 'src/server.js': HANDLER });
  const json = JSON.parse(perflens(['analyze', '--format', 'json'], dir).stdout);
  assert.deepEqual(
    json.findings.map((f: Record<string, unknown>) => [f.ruleId, f.file, f.line, f.column, f.severity]),
    [['sync-io', 'src/server.js', 5, 16, 'warning']],
  );
  const sarifRun = perflens(['analyze', '--format', 'sarif', '--output', 'perflens.sarif'], dir);
  assert.equal(sarifRun.code, 1);
  const text = readFileSync(join(dir, 'perflens.sarif'), 'utf8');
  const log = JSON.parse(text);
  const schema = JSON.parse(readFileSync(join(REPO, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false }).compile(schema);
  assert.ok(validate(JSON.parse(text)), JSON.stringify(validate.errors, null, 2));
  const result = log.runs[0].results[0];
  assert.equal(result.ruleId, 'sync-io');
  assert.equal(log.runs[0].tool.driver.rules[result.ruleIndex].id, 'sync-io');
  assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'src/server.js', uriBaseId: '%SRCROOT%' });
  assert.equal(result.locations[0].physicalLocation.region.startLine, 5);
});

test('findings: .perflensrc.json severity and off apply', () => {
  const dir = fixtureDir({ 'server.js': HANDLER, '.perflensrc.json': '{ "rules": { "sync-io": "error" } }' });
  const asError = perflens(['analyze', '--fail-on', 'error'], dir);
  assert.equal(asError.code, 1);
  assert.match(asError.stdout, /server\.js:5:16 {2}error {2}sync-io/);
  writeFileSync(join(dir, '.perflensrc.json'), '{ "rules": { "sync-io": "off" } }');
  assert.equal(perflens(['analyze'], dir).code, 0);
  writeFileSync(join(dir, 'off.json'), '{ "rules": { "sync-io": "info" } }');
  const note = perflens(['analyze', '--config', 'off.json'], dir);
  assert.equal(note.code, 0, 'info is a note, below the default --fail-on warning');
  assert.match(note.stdout, /note {2}sync-io/);
});

const LOG_SCAN = [
  "'use strict';",
  'function shipped(lines, prefix) {',
  '  let n = 0;',
  '  for (const line of lines) {',
  '    const pattern = new RegExp(`^${prefix}-(\\\\d+) shipped$`);',
  '    if (pattern.test(line)) n += 1;',
  '  }',
  '  return n;',
  '}',
  "console.log(shipped(['order-1 shipped', 'order-2 paid', 'order-3 shipped'], 'order'));",
  '',
].join('\n');

test('--fix-dry-run prints a unified diff and changes nothing; --fix applies it and the program still works', () => {
  const dir = fixtureDir({ 'scan.js': LOG_SCAN });
  const file = join(dir, 'scan.js');
  const before = spawnSync(process.execPath, [file], { encoding: 'utf8' }).stdout;
  assert.equal(before, '2\n');
  const dry = perflens(['analyze', '--fix-dry-run'], dir);
  assert.match(dry.stdout, /^--- a\/scan\.js\n\+\+\+ b\/scan\.js\n@@ /);
  assert.match(dry.stdout, /^- {4}const pattern = new RegExp/m);
  assert.match(dry.stderr, /--fix-dry-run: 1 safe fix in 1 file would be applied; 0 findings would remain/);
  assert.equal(dry.code, 0, 'nothing would remain');
  assert.equal(readFileSync(file, 'utf8'), LOG_SCAN, 'a dry run writes nothing');

  const fixed = perflens(['analyze', '--fix'], dir);
  assert.match(fixed.stderr, /--fix: applied 1 safe fix in 1 file; 0 findings remain/);
  assert.equal(fixed.code, 0);
  const after = readFileSync(file, 'utf8');
  assert.notEqual(after, LOG_SCAN);
  assert.equal(spawnSync(process.execPath, [file], { encoding: 'utf8' }).stdout, before, 'same output after the fix');
  assert.equal(perflens(['analyze'], dir).code, 0, 'the finding is gone');
});
