/**
 * The contract every rule implements (design.md "Rules — contract").
 * A rule subscribes to syntax kinds; the runner walks each file once with ts.forEachChild and
 * hands every rule the nodes of its kinds, so N rules cost one walk, not N.
 */
import { ts, type Project } from 'ts-morph';
import type { Finding, Fix, FixKind, RelatedLocation, RuleId, Severity } from '../engine/finding';

export interface RuleDocs {
  /** One paragraph: why this pattern is slow, with the cost model. */
  why: string;
  /** Code that must yield at least one finding (each entry is a complete file). */
  bad: string[];
  /** The fixed version of the bad examples: no finding. */
  good: string[];
  /** Code that looks like the problem but is not: no finding. */
  lookAlikes: string[];
}

export interface RuleMeta {
  severity: Severity;
  requiresTypes: boolean;
  fix: FixKind | 'none';
  /** One line for SARIF shortDescription and the docs title. */
  description: string;
}

export interface ReportOptions {
  related?: { node: ts.Node; message: string }[];
  data?: Record<string, unknown>;
  fixes?: Fix[];
}

export interface RuleContext {
  readonly sourceFile: ts.SourceFile;
  /** Absolute path of the file under analysis. */
  readonly fileName: string;
  readonly text: string;
  /** The ts-morph project, for cross-file lookups and (in fixes) manipulation helpers. */
  readonly project: Project;
  /**
   * The type checker. Created lazily on first use: rules that never ask pay nothing.
   * Calls may throw RangeError on pathological files; the runner catches it per rule.
   */
  readonly checker: ts.TypeChecker;
  /** Nodes of the given kind in this file, in source order (collected by the single walk). */
  nodes<K extends ts.SyntaxKind>(kind: K): readonly ts.Node[];
  report(node: ts.Node | { start: number; end: number }, message: string, options?: ReportOptions): void;
}

export interface Rule {
  id: RuleId;
  meta: RuleMeta;
  docs: RuleDocs;
  /** Syntax kinds this rule wants from the walk. */
  kinds: readonly ts.SyntaxKind[];
  check(ctx: RuleContext): void;
}

export type { Finding, RelatedLocation };
