/** The engine's result type: what a rule found, where, and how to fix it. No LSP, no vscode. */

export const RULE_IDS = [
  'quadratic-loop',
  'n-plus-one',
  'serial-await',
  'sync-io',
  'missing-pooling',
  'unbounded-cache',
  'loop-invariant',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/** 0-based line and character (UTF-16 code units), as LSP uses them. */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** An edit by character offsets into one file's text. */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  newText: string;
}

export type FixKind = 'safe' | 'suggestion';

export interface Fix {
  title: string;
  /** `safe` preserves behaviour and may be applied by fixAll; `suggestion` may change behaviour. */
  kind: FixKind;
  edits: TextEdit[];
}

export interface RelatedLocation {
  file: string;
  range: Range;
  start: number;
  end: number;
  message: string;
}

/** Measured cost of a finding's range, attached after a profile run. */
export interface MeasuredCost {
  selfMs: number;
  totalMs: number;
  /** share of the profile's total sampled time, 0..1 */
  share: number;
}

export interface Finding {
  ruleId: RuleId;
  /** absolute path */
  file: string;
  range: Range;
  /** character offsets of the range */
  start: number;
  end: number;
  message: string;
  severity: Severity;
  related: RelatedLocation[];
  fixes: Fix[];
  data?: Record<string, unknown>;
  cost?: MeasuredCost;
}

/** A problem analysing a file (not a finding): syntax too deep, unreadable file, rule crash. */
export interface AnalysisProblem {
  code: string;
  file: string;
  message: string;
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
