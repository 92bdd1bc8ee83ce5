import { ruleDocHref } from '../../engine/docs-link';
/** What every reporter (text, json, sarif) is given, and the conversions they share. */
import { isAbsolute, relative, sep } from 'node:path';
import type { AnalysisProblem, Finding, Range, Severity } from '../../engine/finding';
import { ERROR_CATALOGUE, type ErrorCode } from '../../engine/errors';
import type { Rule } from '../../rules/rule';

export interface ReportInput {
  /** absolute scanned root; every reported path is relative to it */
  root: string;
  findings: readonly Finding[];
  problems: readonly AnalysisProblem[];
  /** files listed / actually analysed */
  files: number;
  analysed: number;
  rules: readonly Rule[];
}

/**
 * Where each rule's page lives. The pages are generated into docs/rules/ (npm run docs), so this is
 * the repository's copy of them.
 */
/**
 * Rule documentation links: the docs shipped beside the CLI (file URIs), unless
 * PERFLENS_DOCS_BASE_URL names where a team publishes them (e.g. for SARIF viewers in CI).
 */
export const DOCS_BASE_ENV = 'PERFLENS_DOCS_BASE_URL';

export function ruleDocsUrl(ruleId: string): string {
  const base = process.env[DOCS_BASE_ENV];
  return base ? `${base.replace(/\/?$/, '/')}${ruleId}.md` : ruleDocHref(ruleId);
}

/** A path relative to the root with forward slashes; paths outside the root stay absolute. */
export function displayPath(root: string, file: string): string {
  const rel = relative(root, file);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return file.split(sep).join('/');
  return rel.split(sep).join('/');
}

/** 1-based line/column (columns in UTF-16 code units, like LSP and SARIF's default columnKind). */
export interface OneBasedRegion {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function oneBased(range: Range): OneBasedRegion {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

export type Level = 'error' | 'warning' | 'note';

/** SARIF has three levels; info and hint are both notes. */
export function levelOf(severity: Severity): Level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

export type FailOn = Level | 'none';
const LEVEL_RANK: Record<Level, number> = { error: 2, warning: 1, note: 0 };

export function failsOn(failOn: FailOn, findings: readonly Finding[]): boolean {
  if (failOn === 'none') return false;
  return findings.some((f) => LEVEL_RANK[levelOf(f.severity)] >= LEVEL_RANK[failOn]);
}

export function problemText(p: AnalysisProblem): string {
  const title = ERROR_CATALOGUE[p.code as ErrorCode] ?? 'Problem';
  return p.message ? `${title} (${p.message})` : title;
}

export interface Counts {
  error: number;
  warning: number;
  note: number;
}

export function countLevels(findings: readonly Finding[]): Counts {
  const counts: Counts = { error: 0, warning: 0, note: 0 };
  for (const f of findings) counts[levelOf(f.severity)]++;
  return counts;
}
