/**
 * `--format json`: one object with a stable shape (version 1). Paths are relative to `root`,
 * positions 1-based. Timing is deliberately absent so two runs over the same code are identical.
 */
import { VERSION } from '../../version';
import { displayPath, levelOf, oneBased, countLevels, problemText, ruleDocsUrl, type ReportInput } from './report';

export function jsonReport(input: ReportInput): string {
  const rel = (file: string): string => displayPath(input.root, file);
  const counts = countLevels(input.findings);
  const report = {
    version: 1,
    tool: { name: 'perflens', version: VERSION },
    root: input.root,
    findings: input.findings.map((f) => ({
      ruleId: f.ruleId,
      file: rel(f.file),
      ...oneBased(f.range),
      severity: f.severity,
      level: levelOf(f.severity),
      message: f.message,
      related: f.related.map((r) => ({ file: rel(r.file), ...oneBased(r.range), message: r.message })),
      fixes: f.fixes.map((x) => ({ title: x.title, kind: x.kind })),
      docs: ruleDocsUrl(f.ruleId),
      ...(f.cost ? { cost: f.cost } : {}),
    })),
    problems: input.problems.map((p) => ({ code: p.code, file: rel(p.file), message: problemText(p) })),
    summary: { files: input.files, analysed: input.analysed, findings: input.findings.length, ...counts, problems: input.problems.length },
  };
  return JSON.stringify(report, null, 2) + '\n';
}
