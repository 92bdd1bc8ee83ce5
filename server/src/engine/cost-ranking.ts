/**
 * Attaches measured cost (from a profile) to static findings, ranks them by it, and raises the
 * severity of findings in hot code. No profile types here: the caller passes a lookup that
 * answers "what did lines a..b of this file cost" (the profile model's `costForRange`).
 *
 * Which lines a finding costs: the finding points at the place the fix goes (an inner call, a loop
 * header, a constructor). Its cost is that of the innermost enclosing statement, and when that
 * statement is a loop (a finding on a loop header), of the whole loop — the loop body is what the
 * finding makes slow. Without the source file, the finding's own lines are used.
 *
 * Severity policy (cost-policy.ts; documented in the CLI help):
 *  - share ≥ VERY_HOT_SHARE (25 % of the profile's active time, self+callees): error;
 *  - share ≥ HOT_SHARE (5 %): one level up (hint → info → warning → error);
 *  - below: unchanged. Severity is never lowered by a profile; a finding never sampled is unchanged.
 * Ranking: by share, descending; findings without a measured cost keep their order, after them.
 */
import { ts } from 'ts-morph';
import type { Finding, MeasuredCost } from './finding';
import { severityForCost } from './cost-policy';
import { compareFindings } from './finding';

export { HOT_SHARE, VERY_HOT_SHARE, severityForCost } from './cost-policy';

/** Cost of lines [startLine, endLine] (1-based, inclusive) of a file; undefined or zero when never sampled. */
export type RangeCostLookup = (file: string, startLine: number, endLine: number) => MeasuredCost | undefined;

export interface CostRankOptions {
  /** the parsed file, to widen a finding to its statement/loop; absent = the finding's own lines */
  sourceFileOf?: (file: string) => ts.SourceFile | undefined;
}


/** 1-based inclusive lines whose cost a finding carries (see the module comment). */
export function costLinesOf(finding: Finding, sf?: ts.SourceFile): { startLine: number; endLine: number } {
  const own = { startLine: finding.range.start.line + 1, endLine: finding.range.end.line + 1 };
  if (!sf) return own;
  let node = innermostNode(sf, finding.start, finding.end);
  while (node && !isStatementLike(node)) node = node.parent;
  if (!node) return own;
  const loop = isLoop(node) ? node : undefined;
  const target = loop ?? node;
  const start = sf.getLineAndCharacterOfPosition(target.getStart(sf)).line + 1;
  const end = sf.getLineAndCharacterOfPosition(target.getEnd()).line + 1;
  return { startLine: Math.min(start, own.startLine), endLine: Math.max(end, own.endLine) };
}

function innermostNode(sf: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  let current: ts.Node = sf;
  for (;;) {
    let next: ts.Node | undefined;
    current.forEachChild((child) => {
      if (!next && child.getStart(sf) <= start && child.getEnd() >= end) next = child;
    });
    if (!next) return found;
    found = current = next;
  }
}

function isLoop(node: ts.Node): boolean {
  return ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node);
}

function isStatementLike(node: ts.Node): boolean {
  return ts.isStatement(node) || ts.isClassElement(node);
}

/** Returns new findings (inputs untouched) with `cost` set where sampled, severity raised, hottest first. */
export function rankFindingsByCost(findings: readonly Finding[], lookup: RangeCostLookup, options: CostRankOptions = {}): Finding[] {
  const costed = findings.map((f) => {
    const { startLine, endLine } = costLinesOf(f, options.sourceFileOf?.(f.file));
    const cost = lookup(f.file, startLine, endLine);
    if (!cost || (cost.totalMs <= 0 && cost.selfMs <= 0 && cost.share <= 0)) return { ...f };
    return { ...f, cost, severity: severityForCost(f.severity, cost.share) };
  });
  return costed.sort((a, b) => {
    const sa = a.cost?.share ?? -1;
    const sb = b.cost?.share ?? -1;
    return sb - sa || compareFindings(a, b);
  });
}

/** "61% of CPU · 1.40 s total · 0.90 s self": shares first (sample gaps are wall-clock), total beside self. */
export function formatCost(cost: MeasuredCost): string {
  const ms = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`);
  const pct = cost.share >= 0.1 ? (cost.share * 100).toFixed(0) : (cost.share * 100).toFixed(1);
  return `${pct}% of CPU · ${ms(cost.totalMs)} total · ${ms(cost.selfMs)} self`;
}
