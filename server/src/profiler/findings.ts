/**
 * Static findings for the profiled files, each carrying its measured cost: runs the engine over the
 * user files the profile touched, then `rankFindingsByCost` with the profile's `costForRange`.
 */
import { readFileSync } from 'node:fs';
import { ts } from 'ts-morph';
import { analyzePaths } from '../engine/analyze-paths';
import { loadConfig } from '../engine/config';
import { rankFindingsByCost } from '../engine/cost-ranking';
import type { AnalysisProblem, Finding } from '../engine/finding';
import { costForRange, type HotspotTable } from '../profile/hotspots';

export interface CostedFindings {
  findings: Finding[];
  problems: AnalysisProblem[];
  analyseMs: number;
}

export function findingsWithCost(files: readonly string[], root: string, table: HotspotTable | undefined): CostedFindings {
  const t0 = performance.now();
  if (files.length === 0) return { findings: [], problems: [], analyseMs: 0 };
  const { config } = loadConfig(root);
  const analysis = analyzePaths({ paths: files, root, config });
  const parsed = new Map<string, ts.SourceFile | undefined>();
  const sourceFileOf = (file: string): ts.SourceFile | undefined => {
    if (!parsed.has(file)) {
      try {
        parsed.set(file, ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
      } catch {
        parsed.set(file, undefined);
      }
    }
    return parsed.get(file);
  };
  const findings = table
    ? rankFindingsByCost(
        analysis.findings,
        (file, startLine, endLine) => {
          const c = costForRange(table, file, startLine, endLine);
          return { selfMs: c.selfMs, totalMs: c.totalMs, share: c.share };
        },
        { sourceFileOf },
      )
    : analysis.findings;
  return { findings, problems: analysis.problems, analyseMs: performance.now() - t0 };
}
