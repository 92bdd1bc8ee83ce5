/**
 * Table-driven rule tests: each case is a small project in an in-memory file system, analysed by
 * the same runner the CLI and server use. Fix expectations apply the fix and check the result
 * parses, type-checks no worse than the original, and no longer has the finding at that place.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Project, ts } from 'ts-morph';
import type { Rule } from './rule';
import type { Finding } from '../engine/finding';
import { runRulesOnFile } from '../engine/run-rules';
import { applySuppressions } from '../engine/suppressions';
import { applyEdits } from '../engine/apply-edits';
import { INFERRED_COMPILER_OPTIONS } from '../engine/project-host';

export const PROJECT_ROOT = '/project';

export interface RuleCase {
  name?: string;
  /** the file under test */
  code: string;
  /** its path, relative to /project (default src/file.ts) */
  filename?: string;
  /** other files of the project, by path relative to /project (e.g. node_modules/pg/index.d.ts) */
  files?: Record<string, string>;
  compilerOptions?: ts.CompilerOptions;
}

export interface ExpectedFinding {
  /** 1-based line of the finding's start */
  line: number;
  /** 1-based column of the finding's start */
  column?: number;
  /** substring (string) or pattern the message must contain/match */
  message?: string | RegExp;
}

export interface ExpectedFix {
  /** substring or pattern of the fix title */
  title?: string | RegExp;
  kind?: 'safe' | 'suggestion';
  /** the full text of the file under test after applying this fix */
  output: string;
}

export interface InvalidCase extends RuleCase {
  errors: ExpectedFinding[];
  /** fixes of the first finding, in order; each is applied alone to the original */
  fixes?: ExpectedFix[];
}

export interface RuleCases {
  valid: RuleCase[];
  invalid: InvalidCase[];
}

/**
 * One in-memory project per distinct compiler options, reused by every case: between cases the
 * previous case's files are removed and the new ones added, so the next program reuses the parsed
 * lib .d.ts files (parsing lib.esnext.full + lib.dom again for every case cost ~1 s each). Cases run
 * one after another, so a case owns the project from createCaseProject until the next call.
 */
const caseProjects = new Map<string, Project>();

export function createCaseProject(c: RuleCase): { project: Project; fileName: string } {
  const key = JSON.stringify(c.compilerOptions ?? {});
  let project = caseProjects.get(key);
  if (project) {
    for (const sf of project.getSourceFiles()) project.removeSourceFile(sf);
  } else {
    project = new Project({
      useInMemoryFileSystem: true,
      compilerOptions: { ...INFERRED_COMPILER_OPTIONS, ...(c.compilerOptions ?? {}) },
    });
    caseProjects.set(key, project);
  }
  for (const [rel, text] of Object.entries(c.files ?? {})) project.createSourceFile(`${PROJECT_ROOT}/${rel}`, text, { overwrite: true });
  const fileName = `${PROJECT_ROOT}/${c.filename ?? 'src/file.ts'}`;
  project.createSourceFile(fileName, c.code, { overwrite: true });
  return { project, fileName };
}

/** Runs one rule on a case; rule failures surface as test failures, not silent empties. */
export function findingsFor(rule: Rule, c: RuleCase): { findings: Finding[]; project: Project; fileName: string } {
  const { project, fileName } = createCaseProject(c);
  const sf = project.getSourceFileOrThrow(fileName);
  const result = runRulesOnFile(project, sf, { rules: [rule] });
  if (result.problems.length) throw new Error(`rule problems: ${result.problems.map((p) => `${p.code} ${p.message}`).join('; ')}`);
  return { findings: applySuppressions(c.code, result.findings), project, fileName };
}

function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `  ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`).join('\n') || '  (none)';
}

function label(c: RuleCase, i: number): string {
  return c.name ?? `#${i + 1}: ${c.code.trim().split('\n').slice(0, 2).join(' ⏎ ').slice(0, 80)}`;
}

function syntaxErrors(text: string, fileName: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const diags = (sf as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  return diags.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

function semanticErrorCount(c: RuleCase, code: string): number {
  const { project, fileName } = createCaseProject({ ...c, code });
  return project.getSourceFileOrThrow(fileName).getPreEmitDiagnostics().filter((d) => d.getCategory() === ts.DiagnosticCategory.Error).length;
}

export function checkFix(rule: Rule, c: InvalidCase, finding: Finding, fileName: string, expected: ExpectedFix, fixIndex: number): void {
  const fix = finding.fixes[fixIndex];
  assert.ok(fix, `expected fix #${fixIndex + 1} (${String(expected.title ?? '')}), got ${finding.fixes.length} fixes`);
  if (expected.title !== undefined) {
    if (typeof expected.title === 'string') assert.ok(fix.title.includes(expected.title), `fix title "${fix.title}" lacks "${expected.title}"`);
    else assert.match(fix.title, expected.title);
  }
  if (expected.kind) assert.equal(fix.kind, expected.kind, `fix kind of "${fix.title}"`);
  const ownEdits = fix.edits.filter((e) => e.file === fileName);
  const output = applyEdits(c.code, ownEdits);
  assert.equal(output, expected.output, `output of fix "${fix.title}"`);
  assert.deepEqual(syntaxErrors(output, fileName), [], `fix "${fix.title}" output must parse`);
  const before = semanticErrorCount(c, c.code);
  const after = semanticErrorCount(c, output);
  assert.ok(after <= before, `fix "${fix.title}" adds type errors (${before} → ${after})`);
  const again = findingsFor(rule, { ...c, code: output }).findings;
  const stillThere = again.filter((f) => f.range.start.line === finding.range.start.line && f.message === finding.message);
  assert.equal(stillThere.length, 0, `finding remains after fix "${fix.title}":\n${describeFindings(stillThere)}`);
}

export function testRule(rule: Rule, cases: RuleCases): void {
  describe(`rule ${rule.id}`, () => {
    describe('valid', () => {
      cases.valid.forEach((c, i) => {
        test(label(c, i), () => {
          const { findings } = findingsFor(rule, c);
          assert.equal(findings.length, 0, `expected no finding, got:\n${describeFindings(findings)}`);
        });
      });
    });
    describe('invalid', () => {
      cases.invalid.forEach((c, i) => {
        test(label(c, i), () => {
          const { findings, fileName } = findingsFor(rule, c);
          const own = findings.filter((f) => f.file === fileName);
          assert.equal(own.length, c.errors.length, `expected ${c.errors.length} finding(s), got:\n${describeFindings(own)}`);
          c.errors.forEach((exp, j) => {
            const f = own[j]!;
            assert.equal(f.range.start.line + 1, exp.line, `finding ${j + 1} line\n${describeFindings(own)}`);
            if (exp.column !== undefined) assert.equal(f.range.start.character + 1, exp.column, `finding ${j + 1} column`);
            if (typeof exp.message === 'string') assert.ok(f.message.includes(exp.message), `message "${f.message}" lacks "${exp.message}"`);
            else if (exp.message) assert.match(f.message, exp.message);
          });
          c.fixes?.forEach((fx, k) => checkFix(rule, c, own[0]!, fileName, fx, k));
        });
      });
    });
  });
}
