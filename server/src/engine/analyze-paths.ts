/**
 * The engine facade for batch runs (the CLI, benchmarks): list the files under some paths, load the
 * tsconfig/jsconfig projects that own them (everything else goes to one inferred project), analyse
 * every file project by project, and return findings and per-file problems. No LSP, no vscode.
 *
 * Cost model (research/analysis-anchors.md): the program of a project is built once, when the first
 * file needs the checker, so every file is added before any file is analysed; an add after an
 * analysis would invalidate the program and rebuild it.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ts } from 'ts-morph';
import type { AnalysisProblem, Finding } from './finding';
import { compareFindings } from './finding';
import { createIgnoreMatcher, type PerfLensConfig } from './config';
import { findConfigFiles, listSourceFiles } from './files';
import { ProjectHost } from './project-host';
import type { Rule } from '../rules/rule';
import { ALL_RULES } from '../rules/index';

export interface AnalyzePathsOptions {
  /** Files or directories, absolute or relative to `root`. */
  paths: readonly string[];
  /** The scanned root: ignore globs and reported paths are relative to it. */
  root: string;
  config: PerfLensConfig;
  rules?: readonly Rule[];
  /**
   * The tsconfig/jsconfig files to load, when the caller already chose them (a worker of
   * analyze-parallel.ts gets its share); absent = chosen here from `paths` (projectConfigsFor).
   */
  configs?: readonly string[];
  /**
   * Files loaded into the projects but not analysed here (a worker's copy of the global scripts that
   * every partition's program must see; analyze-parallel.ts). Absolute paths.
   */
  sharedFiles?: readonly string[];
  /** Compiler options for files no tsconfig/jsconfig owns (default: the editor's inferred project). */
  inferredOptions?: ts.CompilerOptions;
  /**
   * A host kept from an earlier call, to analyse more files in the programs it already built (a
   * profile run's worker, for sampled files its first analysis did not cover): the compiler's
   * libraries and the files already parsed are reused instead of parsed again. `inferredOptions`
   * is then the host's own.
   */
  host?: ProjectHost;
}

export interface AnalyzeTimings {
  listMs: number;
  projectsMs: number;
  parseMs: number;
  analyseMs: number;
  /** CPU (user+system) of the same phases: on a busy machine wall time says little */
  cpuMs: { projects: number; parse: number; analyse: number };
  /** the slowest files to analyse (program and checker creation land on the first file of a project) */
  slowest: { file: string; ms: number }[];
  /** a parallel run (analyze-parallel.ts): the parts and how many global files each part also loaded */
  parts?: { files: number; bytes: number }[];
  sharedFiles?: number;
}

export interface AnalyzePathsResult {
  /** absolute paths of the files that were listed (analysed or skipped with a problem) */
  files: string[];
  /** how many files were actually analysed */
  analysed: number;
  /** tsconfig/jsconfig files whose projects were used */
  projects: string[];
  findings: Finding[];
  problems: AnalysisProblem[];
  timings: AnalyzeTimings;
}

/** An analysis that can be re-run on some files after they changed (used by `--fix`). */
export interface PathAnalysis extends AnalyzePathsResult {
  /** Re-analyses every listed file: text from `texts` where given (a dry run), else re-read from disk. */
  reanalyze(texts?: ReadonlyMap<string, string>): AnalyzePathsResult;
  /** The user files the analysis read (its programs' own files and their configs; no libraries, no node_modules). */
  inputFiles(): { path: string; text?: string }[];
}

export function analyzePaths(options: AnalyzePathsOptions): PathAnalysis {
  const rules = options.rules ?? ALL_RULES;
  const root = resolve(options.root);
  const t0 = performance.now();
  const isIgnored = createIgnoreMatcher(root, options.config);
  const files = listTargets(options.paths.map((p) => resolve(root, p)), isIgnored);
  const t1 = performance.now();

  const c1 = cpuMs();
  const host = options.host ?? new ProjectHost({ inferredOptions: options.inferredOptions });
  const projects = options.configs ? [...options.configs] : projectConfigsFor(options.paths.map((p) => resolve(root, p)), files);
  for (const configPath of projects) host.addConfig(configPath);
  const t2 = performance.now();
  const projectsCpu = cpuMs() - c1;

  const run = (texts?: ReadonlyMap<string, string>): AnalyzePathsResult => {
    const tParse = performance.now();
    const cParse = cpuMs();
    const problems: AnalysisProblem[] = [...host.problems];
    const loaded: string[] = [];
    const targets = new Set(files);
    // shared files join the program in the order the single-process run would add them (all sorted)
    const toAdd = options.sharedFiles?.length ? [...new Set([...files, ...options.sharedFiles])].sort() : files;
    for (const file of toAdd) {
      if (!targets.has(file)) {
        host.addFileFromDisk(file);
        continue;
      }
      const text = texts?.get(file);
      const added = text === undefined ? host.addFileFromDisk(file) : host.setFileText(file, text);
      if ('code' in added) {
        problems.push(added);
        continue;
      }
      loaded.push(file);
      const syntax = firstSyntaxError(added.compilerNode);
      if (syntax) problems.push({ code: 'PL1009', file, message: syntax });
    }
    const tAnalyse = performance.now();
    const cAnalyse = cpuMs();
    const findings: Finding[] = [];
    const perFile: { file: string; ms: number }[] = [];
    for (const file of groupByProject(host, loaded)) {
      const start = performance.now();
      try {
        const result = host.analyze(file, rules, options.config);
        findings.push(...result.findings);
        problems.push(...result.problems);
      } catch (err) {
        const code = err instanceof RangeError ? 'PL1004' : 'PL1005';
        problems.push({ code, file, message: err instanceof Error ? err.message : String(err) });
      }
      perFile.push({ file, ms: performance.now() - start });
    }
    const tEnd = performance.now();
    const cEnd = cpuMs();
    findings.sort(compareFindings);
    return {
      problems: dedupeProblems(problems),
      files,
      analysed: loaded.length,
      projects,
      findings,
      timings: {
        listMs: t1 - t0,
        projectsMs: t2 - t1,
        parseMs: tAnalyse - tParse,
        analyseMs: tEnd - tAnalyse,
        cpuMs: { projects: projectsCpu, parse: cAnalyse - cParse, analyse: cEnd - cAnalyse },
        slowest: perFile.sort((a, b) => b.ms - a.ms).slice(0, 5),
      },
    };
  };

  const first = run();
  return { ...first, reanalyze: (texts) => run(texts), inputFiles: () => host.inputFiles() };
}

export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export function listTargets(paths: readonly string[], isIgnored: (p: string) => boolean): string[] {
  const out = new Set<string>();
  for (const p of paths) for (const f of listSourceFiles(p, isIgnored)) out.add(resolve(f));
  return [...out].sort();
}

/** Files in the order their projects were loaded, so each project's program is built and used in one go. */
function groupByProject(host: ProjectHost, files: readonly string[]): string[] {
  const groups = new Map<unknown, string[]>();
  for (const f of files) {
    const owner = host.ownerOf(f);
    const list = groups.get(owner) ?? [];
    list.push(f);
    groups.set(owner, list);
  }
  return [...groups.values()].flat();
}

/**
 * The tsconfig/jsconfig files worth loading: those inside the scanned directories and the nearest
 * one above each scanned path, kept only when they list at least one target file (loading a
 * repository's root tsconfig to analyse a folder it excludes would cost a whole program for nothing).
 * A config that fails to parse is kept, so the host reports it (PL1006) and its files fall back to
 * the inferred project.
 */
export function projectConfigsFor(paths: readonly string[], targets: readonly string[]): string[] {
  const candidates = new Set<string>();
  for (const p of paths) {
    if (isDirectory(p)) for (const c of findConfigFiles(p)) candidates.add(resolve(c));
    const above = nearestConfigAbove(p);
    if (above) candidates.add(above);
  }
  const targetSet = new Set(targets);
  const chosen: string[] = [];
  for (const configPath of [...candidates].sort()) {
    const listed = filesListedBy(configPath);
    if (listed === 'broken' || listed.some((f) => targetSet.has(f))) chosen.push(configPath);
  }
  return chosen;
}

function nearestConfigAbove(path: string): string | undefined {
  let dir = isDirectory(path) ? path : dirname(path);
  for (;;) {
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function filesListedBy(configPath: string): string[] | 'broken' {
  const diagnostics: ts.Diagnostic[] = [];
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => diagnostics.push(d),
  };
  let parsed: ts.ParsedCommandLine | undefined;
  try {
    parsed = ts.getParsedCommandLineOfConfigFile(configPath, undefined, host);
  } catch {
    return 'broken';
  }
  if (!parsed || diagnostics.length > 0) return 'broken';
  const fatal = parsed.errors.some((d) => d.category === ts.DiagnosticCategory.Error && d.code !== 18003);
  if (fatal) return 'broken';
  return parsed.fileNames.map((f) => resolve(f));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** "line 3: ',' expected" for the first parse error TypeScript recovered from, if any. */
function firstSyntaxError(sf: ts.SourceFile): string | undefined {
  const diagnostics = (sf as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics;
  const first = diagnostics?.[0];
  if (!first) return undefined;
  const { line, character } = sf.getLineAndCharacterOfPosition(first.start);
  const more = diagnostics.length > 1 ? ` (+${diagnostics.length - 1} more)` : '';
  return `line ${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}${more}`;
}

export function dedupeProblems(problems: readonly AnalysisProblem[]): AnalysisProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}\0${p.file}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
