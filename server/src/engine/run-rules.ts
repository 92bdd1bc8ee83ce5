/** Runs rules over one source file: one forEachChild walk, nodes bucketed by kind, each rule guarded. */
import { ts, type Project, type SourceFile } from 'ts-morph';
import type { Rule, RuleContext, ReportOptions } from '../rules/rule';
import type { AnalysisProblem, Finding, RelatedLocation, Severity } from './finding';
import { compareFindings } from './finding';
import { rangeOf } from './positions';
import { registerProgram } from '../rules/util/memo';

export interface RunOptions {
  rules: readonly Rule[];
  /** severity override per rule id (from config); absent = rule default */
  severityOf?: (rule: Rule) => Severity;
}

export interface FileAnalysis {
  findings: Finding[];
  problems: AnalysisProblem[];
}

export function collectNodesByKind(sf: ts.SourceFile, kinds: ReadonlySet<ts.SyntaxKind>): Map<ts.SyntaxKind, ts.Node[]> {
  const buckets = new Map<ts.SyntaxKind, ts.Node[]>();
  for (const k of kinds) buckets.set(k, []);
  // An explicit stack instead of recursion: minified or generated files can nest deeper than the JS stack.
  const stack: ts.Node[] = [sf];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const bucket = buckets.get(node.kind);
    if (bucket) bucket.push(node);
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return buckets;
}

export function runRulesOnFile(project: Project, file: SourceFile, options: RunOptions): FileAnalysis {
  const sf = file.compilerNode;
  const fileName = file.getFilePath();
  const text = sf.getFullText();
  const kinds = new Set<ts.SyntaxKind>();
  for (const rule of options.rules) for (const k of rule.kinds) kinds.add(k);
  const problems: AnalysisProblem[] = [];
  let buckets: Map<ts.SyntaxKind, ts.Node[]>;
  try {
    buckets = collectNodesByKind(sf, kinds);
  } catch (err) {
    problems.push({ code: 'PL1005', file: fileName, message: `walk failed: ${String(err)}` });
    return { findings: [], problems };
  }
  let checker: ts.TypeChecker | undefined;
  const findings: Finding[] = [];
  for (const rule of options.rules) {
    const severity = options.severityOf ? options.severityOf(rule) : rule.meta.severity;
    const ctx: RuleContext = {
      sourceFile: sf,
      fileName,
      text,
      project,
      get checker() {
        if (!checker) {
          const program = project.getProgram().compilerObject;
          checker = program.getTypeChecker();
          registerProgram(checker, program);
        }
        return checker;
      },
      nodes: (kind) => buckets.get(kind) ?? [],
      report: (node, message, opts?: ReportOptions) => {
        const start = 'kind' in node ? node.getStart(sf) : node.start;
        const end = node.end;
        findings.push({
          ruleId: rule.id,
          file: fileName,
          start,
          end,
          range: rangeOf(sf, start, end),
          message,
          severity,
          related: (opts?.related ?? []).map((r) => relatedOf(r.node, r.message)),
          fixes: opts?.fixes ?? [],
          ...(opts?.data ? { data: opts.data } : {}),
        });
      },
    };
    try {
      rule.check(ctx);
    } catch (err) {
      const code = err instanceof RangeError ? 'PL1004' : 'PL1005';
      problems.push({ code, file: fileName, message: `${rule.id}: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  findings.sort(compareFindings);
  return { findings: mostSpecificPerPlace(dedupeByPlace(findings)), problems };
}

/**
 * design.md: "Each place gets one id: the most specific." When two rules flag overlapping ranges
 * on the same line (an awaited query in a loop is both a serial await and an N+1), keep the one
 * earlier in this list.
 */
export const RULE_PRECEDENCE: readonly string[] = [
  'n-plus-one',
  'missing-pooling',
  'sync-io',
  'quadratic-loop',
  'loop-invariant',
  'serial-await',
  'unbounded-cache',
];

function mostSpecificPerPlace(findings: Finding[]): Finding[] {
  const rank = (f: Finding): number => RULE_PRECEDENCE.indexOf(f.ruleId);
  return findings.filter(
    (f) =>
      !findings.some(
        (g) =>
          g !== f &&
          g.ruleId !== f.ruleId &&
          g.range.start.line === f.range.start.line &&
          g.start < f.end &&
          f.start < g.end &&
          rank(g) < rank(f),
      ),
  );
}

function relatedOf(node: ts.Node, message: string): RelatedLocation {
  const sf = node.getSourceFile();
  const start = node.getStart(sf);
  return { file: sf.fileName, start, end: node.end, range: rangeOf(sf, start, node.end), message };
}

/** One finding per rule and place: two visits that reach the same range must not double-report. */
function dedupeByPlace(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}:${f.start}:${f.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
