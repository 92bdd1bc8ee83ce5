/**
 * Static findings for profiled files (runs where ts-morph may load: the analysis worker, or this
 * thread as a fallback): the engine over some user files, each finding with the lines whose
 * measured cost it carries (`costLinesOf`, which needs the parsed file). Ranking by cost happens
 * in the parent with `rankLinedFindings` (rank-costed.ts), which needs no compiler.
 */
import { readFileSync } from 'node:fs';
import { ts } from 'ts-morph';
import { analyzePaths } from '../engine/analyze-paths';
import { loadConfig } from '../engine/config';
import { costLinesOf } from '../engine/cost-ranking';
import type { AnalysisProblem } from '../engine/finding';
import type { LinedFinding } from './rank-costed';

export interface AnalysedFiles {
  /** the files that were analysed (listed; some may have been skipped with a problem) */
  files: string[];
  findings: LinedFinding[];
  problems: AnalysisProblem[];
  analyseMs: number;
}

export function analyseFiles(files: readonly string[], root: string): AnalysedFiles {
  const t0 = performance.now();
  if (files.length === 0) return { files: [], findings: [], problems: [], analyseMs: 0 };
  const { config } = loadConfig(root);
  const analysis = analyzePaths({ paths: files, root, config });
  const parsed = new Map<string, ts.SourceFile | undefined>();
  const findings = analysis.findings.map((finding) => ({ finding, ...costLinesOf(finding, sourceFileOf(parsed, finding.file)) }));
  return { files: [...files], findings, problems: analysis.problems, analyseMs: performance.now() - t0 };
}

function sourceFileOf(parsed: Map<string, ts.SourceFile | undefined>, file: string): ts.SourceFile | undefined {
  if (!parsed.has(file)) {
    try {
      parsed.set(file, ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
    } catch {
      parsed.set(file, undefined);
    }
  }
  return parsed.get(file);
}
