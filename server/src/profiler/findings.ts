/**
 * Static findings for profiled files (runs where ts-morph may load: the analysis worker, or this
 * thread as a fallback): the engine over some user files, each finding with the lines whose
 * measured cost it carries (`costLinesOf`, which needs the parsed file). Ranking by cost happens
 * in the parent with `rankLinedFindings` (rank-costed.ts), which needs no compiler.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ts } from 'ts-morph';
import { analyzePaths } from '../engine/analyze-paths';
import { CONFIG_FILE, loadConfig } from '../engine/config';
import { costLinesOf } from '../engine/cost-ranking';
import { NODE_SCRIPT_COMPILER_OPTIONS, ProjectHost } from '../engine/project-host';
import type { AnalysisProblem } from '../engine/finding';
import type { LinedFinding } from './rank-costed';
import { textSha1, type AnalysisInput } from './input-hash';

export interface AnalysedFiles {
  /** the files that were analysed (listed; some may have been skipped with a problem) */
  files: string[];
  findings: LinedFinding[];
  problems: AnalysisProblem[];
  analyseMs: number;
  /** what the analysis read (findings-cache.ts keys on it), with the hash of the text it analysed */
  inputs?: AnalysisInput[];
}

/** A host for a run's analyses: loose files checked as Node scripts (the ES library, no DOM). */
export function createRunHost(): ProjectHost {
  return new ProjectHost({ inferredOptions: NODE_SCRIPT_COMPILER_OPTIONS });
}

/**
 * `host`: reuse the programs of an earlier call (the analysis worker keeps one per run), so files
 * added after the run are checked without parsing the libraries and the earlier files again.
 */
export function analyseFiles(files: readonly string[], root: string, host?: ProjectHost): AnalysedFiles {
  const t0 = performance.now();
  if (files.length === 0) return { files: [], findings: [], problems: [], analyseMs: 0 };
  const { config } = loadConfig(root);
  const analysis = analyzePaths({ paths: files, root, config, host: host ?? createRunHost() });
  const parsed = new Map<string, ts.SourceFile | undefined>();
  const findings = analysis.findings.map((finding) => ({ finding, ...costLinesOf(finding, sourceFileOf(parsed, finding.file)) }));
  const inputs: AnalysisInput[] = analysis.inputFiles().map(({ path, text }) => (text === undefined ? { path } : { path, sha1: textSha1(text) }));
  inputs.push({ path: join(root, CONFIG_FILE) }, { path: join(root, 'package.json') });
  return { files: [...files], findings, problems: analysis.problems, analyseMs: performance.now() - t0, inputs };
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
