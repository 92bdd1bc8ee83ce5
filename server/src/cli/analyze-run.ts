/**
 * The body of `perflens analyze [paths…]` (analyze.ts loads the compiler first): a thin adapter over
 * engine/analyze-paths.ts (or analyze-parallel.ts on large inputs) that prints findings as text, JSON or SARIF and turns them into an exit code (0 none at/above --fail-on, 1 some, 2 usage or
 * internal error). Files that cannot be analysed are reported on stderr and never change the exit code.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { analyzePaths, type AnalyzePathsResult, type AnalyzeTimings, type PathAnalysis } from '../engine/analyze-paths';
import { analyzePathsInWorkers } from '../engine/analyze-parallel';
import { CONFIG_FILE, loadConfig, parseConfig, type PerfLensConfig } from '../engine/config';
import { ALL_RULES } from '../rules/index';
import { ANALYZE_HELP, parseAnalyzeArgs, UsageError, type AnalyzeOptions } from './analyze-options';
import { planSafeFixes, unifiedDiff, writeFixes } from './analyze-fix';
import { palette, shouldColor } from './reporters/color';
import { displayPath, failsOn, problemText, type ReportInput } from './reporters/report';
import { textReport } from './reporters/text';
import { jsonReport } from './reporters/json';
import { sarifReport } from './reporters/sarif';

export async function runAnalyze(argv: string[]): Promise<number> {
  try {
    return await analyze(parseAnalyzeArgs(argv));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`perflens analyze: ${err.message}\nRun \`perflens analyze --help\` for the options.\n`);
    return 2;
  }
}

async function analyze(opts: AnalyzeOptions): Promise<number> {
  if (opts.help) {
    process.stdout.write(ANALYZE_HELP);
    return 0;
  }
  const root = process.cwd();
  for (const p of opts.paths) {
    if (!existsSync(resolve(root, p))) throw new UsageError(`no such file or directory: ${p}`);
  }
  const config = readConfig(root, opts);
  const started = performance.now();
  const rel = (file: string): string => displayPath(root, file);
  // --fix re-analyses the fixed texts in the same projects: that needs the in-thread analysis
  const parallel = opts.fix || opts.fixDryRun ? undefined : await analyzeInWorkers(opts.paths, root, config);
  let result: AnalyzePathsResult;
  if (parallel) result = parallel;
  else {
    const analysis = analyzePaths({ paths: opts.paths, root, config });
    result = analysis;
    if (opts.fix || opts.fixDryRun) result = applyFixes(opts, analysis, rel);
  }

  const enabledRules = ALL_RULES.filter((r) => config.rules[r.id] !== 'off');
  const input: ReportInput = { root, findings: result.findings, problems: result.problems, files: result.files.length, analysed: result.analysed, rules: enabledRules };
  for (const p of result.problems) note(opts, `${rel(p.file)}: ${p.code} ${problemText(p)}`);
  if (result.files.length === 0) note(opts, `no JavaScript/TypeScript files found under ${opts.paths.join(', ')}`);

  if (!opts.fixDryRun || opts.output) emit(opts, input);
  if (opts.timing) printTimings(result.timings, performance.now() - started, result, rel);
  return failsOn(opts.failOn, result.findings) ? 1 : 0;
}

/** --fix / --fix-dry-run: apply (or show) the safe fixes, then re-analyse the fixed texts in the same projects. */
function applyFixes(opts: AnalyzeOptions, analysis: PathAnalysis, rel: (file: string) => string): AnalyzePathsResult {
  let result: AnalyzePathsResult;
  const plan = planSafeFixes(analysis.findings);
  const fixedCount = plan.files.reduce((n, f) => n + f.fixed.length, 0);
  for (const s of plan.skipped) note(opts, `${rel(s.finding.file)}:${s.finding.range.start.line + 1}: ${s.finding.ruleId} fix not applied: ${s.reason}`);
  if (opts.fixDryRun) {
    process.stdout.write(unifiedDiff(plan, rel));
    result = analysis.reanalyze(new Map(plan.files.map((f) => [f.file, f.after])));
    note(opts, `--fix-dry-run: ${fixedCount} safe fix${fixedCount === 1 ? '' : 'es'} in ${plan.files.length} file${plan.files.length === 1 ? '' : 's'} would be applied; ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} would remain`);
  } else {
    writeFixes(plan);
    result = analysis.reanalyze();
    note(opts, `--fix: applied ${fixedCount} safe fix${fixedCount === 1 ? '' : 'es'} in ${plan.files.length} file${plan.files.length === 1 ? '' : 's'}; ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} remain`);
  }
  return result;
}

const WORKERS_ENV = 'PERFLENS_WORKERS';
/** below this many bytes of source the analysis stays in-thread (default 3 MB; tests lower it) */
const WORKERS_MIN_BYTES_ENV = 'PERFLENS_WORKERS_MIN_BYTES';

/**
 * The parallel analysis (engine/analyze-parallel.ts), opt-in: PERFLENS_WORKERS=N (N ≥ 2) or `auto`
 * (2 threads when a core is idle: 1-min load average below the core count). Default: one thread —
 * measured on a 2-core machine, two threads cost more CPU and more wall time (three, load ~2:
 * 10.4 s wall / 19.3 s CPU vs 9.2 s / 14.0 s; load 5–8: 28–39 s vs 18–30 s wall): both threads
 * build and bind the shared files, and the checker work does not split. Also needs the
 * bundle (dist/analyze-worker.js) and a large input that splits evenly. `undefined` = in-thread.
 */
async function analyzeInWorkers(paths: readonly string[], root: string, config: PerfLensConfig): Promise<AnalyzePathsResult | undefined> {
  const workerFile = join(__dirname, 'analyze-worker.js');
  if (!existsSync(workerFile) || !existsSync(join(__dirname, 'cli.js'))) return undefined;
  const setting = process.env[WORKERS_ENV] ?? '1';
  const cores = availableParallelism();
  const fromEnv = Number.parseInt(setting, 10);
  const workers = setting === 'auto' ? (loadavg()[0]! < cores ? Math.min(2, cores) : 1) : Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 1;
  if (workers < 2) return undefined;
  const minBytes = Number.parseInt(process.env[WORKERS_MIN_BYTES_ENV] ?? '', 10);
  return analyzePathsInWorkers({ paths, root, config, workerFile, workers, ...(Number.isFinite(minBytes) && minBytes >= 0 ? { minBytes } : {}) });
}

function emit(opts: AnalyzeOptions, input: ReportInput): void {
  let out: string;
  if (opts.format === 'json') out = jsonReport(input);
  else if (opts.format === 'sarif') out = sarifReport(input);
  else {
    const toFile = opts.output !== undefined;
    const colors = palette(!toFile && shouldColor({ noColor: opts.noColor, isTTY: process.stdout.isTTY === true, env: process.env }));
    out = textReport(input, { colors, summary: !opts.quiet });
  }
  if (opts.output === undefined) {
    process.stdout.write(out);
    return;
  }
  try {
    writeFileSync(opts.output, out);
  } catch (err) {
    throw new UsageError(`cannot write --output ${opts.output}: ${(err as Error).message}`);
  }
}

/** --config F must exist and parse (else usage error); ./.perflensrc.json is optional and its problems are warnings. */
function readConfig(root: string, opts: AnalyzeOptions): PerfLensConfig {
  if (opts.config !== undefined) {
    let text: string;
    try {
      text = readFileSync(resolve(root, opts.config), 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read --config ${opts.config}: ${(err as Error).message}`);
    }
    const { config, problems } = parseConfig(text, opts.config);
    const invalid = problems.find((p) => p.code === 'PL1007');
    if (invalid) throw new UsageError(`${invalid.code} ${invalid.message}`);
    for (const p of problems) note(opts, `${p.code} ${p.message}`);
    return config;
  }
  const { config, problems } = loadConfig(root);
  for (const p of problems) note(opts, `${p.code} ${p.message} (${CONFIG_FILE} ignored where invalid)`);
  return config;
}

function note(opts: AnalyzeOptions, line: string): void {
  if (!opts.quiet) process.stderr.write(`perflens: ${line}\n`);
}

function cpuTotal(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function printTimings(t: AnalyzeTimings, totalMs: number, r: AnalyzePathsResult, rel: (f: string) => string): void {
  const ms = (n: number): string => `${Math.round(n)} ms`;
  const rss = Math.round(process.memoryUsage().rss / 1048576);
  const lines = [
    `timing: ${r.files.length} files (${r.analysed} analysed) in ${r.projects.length} configured project(s) + inferred`,
    `timing: list ${ms(t.listMs)}, projects ${ms(t.projectsMs)}, parse ${ms(t.parseMs)}, analyse ${ms(t.analyseMs)}, total ${ms(totalMs)}, rss ${rss} MB`,
    `timing: cpu projects ${ms(t.cpuMs.projects)}, parse ${ms(t.cpuMs.parse)}, analyse ${ms(t.cpuMs.analyse)}, process ${ms(cpuTotal())}`,
    ...(t.parts ? [`timing: ${t.parts.length} worker threads: ${t.parts.map((p) => `${p.files} files ${(p.bytes / 1048576).toFixed(1)} MB`).join(' | ')}; ${t.sharedFiles ?? 0} global file(s) loaded by each (phase times: slowest worker; phase CPU: whole process)`] : []),
    ...t.slowest.map((s) => `timing:   ${ms(s.ms).padStart(8)}  ${rel(s.file)}`),
  ];
  process.stderr.write(lines.join('\n') + '\n');
}
