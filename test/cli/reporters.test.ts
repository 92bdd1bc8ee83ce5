import { pathToFileURL } from 'node:url';
/**
 * Reporter shapes (text, JSON, SARIF 2.1.0 validated against the official schema) and the safe-fix
 * pipeline, through the real engine (analyze-paths) with the tests' own `debugger` rule, so these
 * hold whatever state the product rules are in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { analyzePaths } from '../../server/src/engine/analyze-paths';
import { emptyConfig } from '../../server/src/engine/config';
import { jsonReport } from '../../server/src/cli/reporters/json';
import { sarifLog } from '../../server/src/cli/reporters/sarif';
import { textReport } from '../../server/src/cli/reporters/text';
import { palette, shouldColor } from '../../server/src/cli/reporters/color';
import { failsOn, type ReportInput } from '../../server/src/cli/reporters/report';
import { planSafeFixes, unifiedDiff } from '../../server/src/cli/analyze-fix';
import { debuggerRule, fixtureDir, REPO } from './helpers';

const SOURCE = 'export async function handler(req) {\n  const id = req.id;\n  debugger;\n  return id;\n}\n';

function analyseFixture(files: Record<string, string>) {
  const root = fixtureDir(files);
  const result = analyzePaths({ paths: ['.'], root, config: emptyConfig(), rules: [debuggerRule] });
  const input: ReportInput = { root, findings: result.findings, problems: result.problems, files: result.files.length, analysed: result.analysed, rules: [debuggerRule] };
  return { root, result, input };
}

test('text: compiler-style lines relative to the root, related locations indented, a summary', () => {
  const { input } = analyseFixture({ 'src/api/handler.js': SOURCE, 'src/ok.js': 'export const ok = 1;\n' });
  const out = textReport(input, { colors: palette(false), summary: true });
  assert.equal(
    out,
    [
      'src/api/handler.js:3:3  warning  loop-invariant  `debugger` pauses every request — remove it',
      '    src/api/handler.js:1:1  in this function',
      '',
      '✖ 1 finding (0 errors, 1 warning, 0 notes) — 2 files analysed',
      '',
    ].join('\n'),
  );
  assert.ok(textReport(input, { colors: palette(true), summary: true }).includes('\u001b[33mwarning\u001b[39m'));
  assert.ok(!textReport(input, { colors: palette(false), summary: false }).includes('finding ('));
});

test('json: stable shape with 1-based positions and relative paths', () => {
  const { input } = analyseFixture({ 'src/api/handler.js': SOURCE });
  const report = JSON.parse(jsonReport(input));
  assert.deepEqual(Object.keys(report), ['version', 'tool', 'root', 'findings', 'problems', 'summary']);
  assert.deepEqual(report.findings, [
    {
      ruleId: 'loop-invariant',
      file: 'src/api/handler.js',
      line: 3,
      column: 3,
      endLine: 3,
      endColumn: 12,
      severity: 'warning',
      level: 'warning',
      message: '`debugger` pauses every request — remove it',
      related: [{ file: 'src/api/handler.js', line: 1, column: 1, endLine: 5, endColumn: 2, message: 'in this function' }],
      fixes: [{ title: 'Remove `debugger`', kind: 'safe' }],
      docs: pathToFileURL(join(REPO, 'docs/rules/loop-invariant.md')).href,
    },
  ]);
  assert.deepEqual(report.summary, { files: 1, analysed: 1, findings: 1, error: 0, warning: 1, note: 0, problems: 0 });
  assert.equal(jsonReport(input), jsonReport(input), 'deterministic');
});

const schema = JSON.parse(readFileSync(join(REPO, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
// unicodeRegExp off: the published schema has a pattern (language tags) that is only valid without the u flag.
// Formats are checked by the URL assertions below instead.
const validateSarif = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false }).compile(schema);

export function assertValidSarif(log: unknown): void {
  const ok = validateSarif(log);
  assert.ok(ok, JSON.stringify(validateSarif.errors, null, 2));
}

test('sarif: valid against the SARIF 2.1.0 schema and shaped as design.md says', () => {
  const { root, input } = analyseFixture({ 'src/api/handler.js': SOURCE, 'src/broken.js': 'let x = ;\n', 'blob.js': 'a\u0000b' });
  const log = sarifLog(input);
  assertValidSarif(log);
  const run = log.runs[0]!;
  assert.equal(log.version, '2.1.0');
  assert.equal(run.tool.driver.name, 'perflens');
  assert.deepEqual(run.tool.driver.rules?.map((r) => [r.id, r.shortDescription?.text, r.helpUri]), [
    ['loop-invariant', 'test rule: debugger statements', pathToFileURL(join(REPO, 'docs/rules/loop-invariant.md')).href],
  ]);
  assert.equal(run.originalUriBaseIds?.['%SRCROOT%']?.uri, `file://${root}/`);
  const result = run.results?.[0];
  assert.equal(result?.ruleId, 'loop-invariant');
  assert.equal(result?.ruleIndex, 0);
  assert.equal(result?.level, 'warning');
  assert.equal(result?.message.text, '`debugger` pauses every request — remove it');
  assert.deepEqual(result?.locations?.[0]?.physicalLocation, {
    artifactLocation: { uri: 'src/api/handler.js', uriBaseId: '%SRCROOT%' },
    region: { startLine: 3, startColumn: 3, endLine: 3, endColumn: 12 },
  });
  assert.equal(result?.relatedLocations?.[0]?.message?.text, 'in this function');
  const notes = run.invocations?.[0]?.toolExecutionNotifications ?? [];
  assert.deepEqual(notes.map((n) => [n.descriptor?.id, n.locations?.[0]?.physicalLocation?.artifactLocation?.uri]).sort(), [
    ['PL1002', 'blob.js'],
    ['PL1009', 'src/broken.js'],
  ]);
  // every URI in the log resolves against %SRCROOT% to a file under the root
  for (const r of run.results ?? []) {
    const uri = r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
    assert.ok(new URL(uri, run.originalUriBaseIds?.['%SRCROOT%']?.uri).href.startsWith(`file://${root}/`));
  }
});

test('sarif: a file name that needs escaping becomes a valid relative URI', () => {
  const { input } = analyseFixture({ 'my dir/hand#ler.js': SOURCE });
  const log = sarifLog(input);
  assertValidSarif(log);
  assert.equal(log.runs[0]!.results?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri, 'my%20dir/hand%23ler.js');
});

test('fail-on levels and colour decision', () => {
  const { input } = analyseFixture({ 'a.js': SOURCE });
  assert.equal(failsOn('warning', input.findings), true);
  assert.equal(failsOn('note', input.findings), true);
  assert.equal(failsOn('error', input.findings), false);
  assert.equal(failsOn('none', input.findings), false);
  assert.equal(shouldColor({ noColor: false, isTTY: true, env: {} }), true);
  assert.equal(shouldColor({ noColor: false, isTTY: true, env: { NO_COLOR: '1' } }), false);
  assert.equal(shouldColor({ noColor: false, isTTY: false, env: { FORCE_COLOR: '1' } }), true);
  assert.equal(shouldColor({ noColor: false, isTTY: true, env: { FORCE_COLOR: '0' } }), false);
  assert.equal(shouldColor({ noColor: true, isTTY: true, env: { FORCE_COLOR: '1' } }), false);
});

test('safe fixes: applied per file, unified diff, re-analysis finds nothing left', () => {
  const { root, result } = analyseFixture({ 'a.js': SOURCE, 'b.js': 'export function b() {\n  debugger;\n  debugger;\n}\n' });
  const plan = planSafeFixes(result.findings);
  assert.deepEqual(plan.skipped, []);
  assert.equal(plan.files.length, 2);
  assert.equal(plan.files[1]!.after, 'export function b() {\n  \n  \n}\n');
  const diff = unifiedDiff(plan, (f) => f.slice(root.length + 1));
  assert.match(diff, /^--- a\/a\.js\n\+\+\+ b\/a\.js\n@@ -1,5 \+1,5 @@\n/);
  assert.ok(diff.includes('-  debugger;\n+  \n'));
  const after = result.reanalyze(new Map(plan.files.map((f) => [f.file, f.after])));
  assert.equal(after.findings.length, 0);
});

test('safe fixes: overlapping fixes wait for the next run; a fix that breaks parsing is refused', () => {
  const { result } = analyseFixture({ 'a.js': SOURCE });
  const f = result.findings[0]!;
  const overlapping = { ...f, start: f.start + 1, fixes: [{ title: 'other', kind: 'safe' as const, edits: [{ file: f.file, start: f.start + 2, end: f.end, newText: '' }] }] };
  const plan = planSafeFixes([f, overlapping]);
  assert.equal(plan.files[0]!.fixed.length, 1);
  assert.match(plan.skipped[0]!.reason, /overlap/);
  const breaking = { ...f, fixes: [{ title: 'bad', kind: 'safe' as const, edits: [{ file: f.file, start: 0, end: 6, newText: 'export {' }] }] };
  const refused = planSafeFixes([breaking]);
  assert.equal(refused.files.length, 0);
  assert.match(refused.skipped[0]!.reason, /would not parse/);
  const suggestion = { ...f, fixes: [{ ...f.fixes[0]!, kind: 'suggestion' as const }] };
  assert.equal(planSafeFixes([suggestion]).files.length, 0, 'suggestions are never applied by --fix');
});

test('sarif: a file outside the root gets an absolute file URI and no uriBaseId', () => {
  const { input } = analyseFixture({ 'a.js': SOURCE });
  const elsewhere = { ...input, root: fixtureDir({}) };
  const log = sarifLog(elsewhere);
  assertValidSarif(log);
  const artifact = log.runs[0]!.results?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation;
  assert.equal(artifact?.uri, `file://${input.root}/a.js`);
  assert.equal(artifact?.uriBaseId, undefined);
});
