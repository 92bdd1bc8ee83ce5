/** A finding as profile summaries (`<…>.summary.json`, `--json`) carry it: one line, its cost. */
import type { Finding } from '../engine/finding';

export interface SummaryFinding {
  ruleId: string;
  file: string;
  line: number;
  message: string;
  severity: string;
  costMs?: number;
  share?: number;
}

export function summaryFinding(f: Finding): SummaryFinding {
  return {
    ruleId: f.ruleId,
    file: f.file,
    line: f.range.start.line + 1,
    message: f.message,
    severity: f.severity,
    ...(f.cost ? { costMs: Number(f.cost.totalMs.toFixed(2)), share: Number(f.cost.share.toFixed(4)) } : {}),
  };
}
