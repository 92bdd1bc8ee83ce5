/**
 * Keeps one ts-morph Project per tsconfig/jsconfig (and one inferred project for loose files) in
 * memory, so an edit updates one SourceFile and the program is rebuilt incrementally by TypeScript.
 */
import { Project, ts, type SourceFile } from 'ts-morph';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { AnalysisProblem, Severity } from './finding';
import { findConfigFiles, checkText, MAX_FILE_BYTES } from './files';
import { runRulesOnFile, type FileAnalysis } from './run-rules';
import { applySuppressions } from './suppressions';
import { reparseIncrementally } from './incremental-parse';
import type { PerfLensConfig } from './config';
import type { Rule } from '../rules/rule';

export const INFERRED_COMPILER_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  noEmit: true,
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  esModuleInterop: true,
  skipLibCheck: true,
  strict: false,
  resolveJsonModule: true,
  maxNodeModuleJsDepth: 0,
};

interface HostedProject {
  configPath?: string;
  /** directory the config governs (for matching loose files to it) */
  dir?: string;
  project: Project;
}

export interface ProjectHostOptions {
  /** Provide a ready project (tests: in-memory file system). */
  project?: Project;
  /** Compiler options of the inferred project for loose files (default INFERRED_COMPILER_OPTIONS). */
  inferredOptions?: ts.CompilerOptions;
}

/**
 * The inferred project of a script that runs in Node (a profile run): the ES library without the
 * DOM one. lib.dom.d.ts and its companions are ~1.5 MB of declarations for objects that do not
 * exist in Node; parsing and binding them is most of a small program's checker start (~0.5 s of
 * ~0.85 s here). Globals they declared that Node also has (console, fetch, setTimeout) become
 * undeclared, which the rules already treat as the runtime's globals, as in untyped JS.
 */
export const NODE_SCRIPT_COMPILER_OPTIONS: ts.CompilerOptions = { ...INFERRED_COMPILER_OPTIONS, lib: ['lib.esnext.d.ts'] };

export class ProjectHost {
  private readonly configured: HostedProject[] = [];
  private inferred: HostedProject | undefined;
  private readonly fileOwner = new Map<string, HostedProject>();
  readonly problems: AnalysisProblem[] = [];

  private readonly inferredOptions: ts.CompilerOptions;

  constructor(options: ProjectHostOptions = {}) {
    if (options.project) this.inferred = { project: options.project };
    this.inferredOptions = options.inferredOptions ?? INFERRED_COMPILER_OPTIONS;
  }

  /** Finds and loads every tsconfig.json/jsconfig.json under root. Broken configs fall back to loose files. */
  addRoot(root: string): void {
    for (const configPath of findConfigFiles(root)) this.loadConfig(configPath);
  }

  /** Loads one tsconfig.json/jsconfig.json (the CLI picks which; see analyze-paths.ts). */
  addConfig(configPath: string): void {
    this.loadConfig(normalize(configPath));
  }

  /**
   * A tsconfig.json/jsconfig.json changed, appeared or went away: its project is dropped and loaded
   * again from disk (its files that were loose move into it; if it is gone or broken, its files fall
   * back to the inferred project when next added). Returns the files whose analysis may change.
   */
  reloadConfig(configPath: string): string[] {
    const abs = normalize(configPath);
    const affected = new Set<string>();
    const index = this.configured.findIndex((p) => p.configPath === abs);
    if (index >= 0) {
      const old = this.configured[index]!;
      this.configured.splice(index, 1);
      for (const [file, owner] of [...this.fileOwner]) {
        if (owner !== old) continue;
        this.fileOwner.delete(file);
        affected.add(file);
      }
    }
    this.dropProblemsOf((p) => p === abs);
    if (existsSync(abs)) for (const file of this.loadConfig(abs, true)) affected.add(file);
    return [...affected].sort();
  }

  /** A workspace folder went away: drop the projects configured under it and its loose files. Returns the files dropped. */
  removeRoot(root: string): string[] {
    const dir = normalize(root);
    const under = (p: string): boolean => p === dir || p.startsWith(dir.endsWith('/') ? dir : dir + '/');
    const dropped = new Set<string>();
    for (let i = this.configured.length - 1; i >= 0; i--) {
      const hosted = this.configured[i]!;
      if (!hosted.configPath || !under(hosted.configPath)) continue;
      this.configured.splice(i, 1);
      for (const [file, owner] of [...this.fileOwner]) {
        if (owner !== hosted) continue;
        this.fileOwner.delete(file);
        dropped.add(file);
      }
    }
    for (const [file, owner] of [...this.fileOwner]) {
      if (owner === this.inferred && under(file)) {
        this.removeFile(file);
        dropped.add(file);
      }
    }
    this.dropProblemsOf(under);
    return [...dropped].sort();
  }

  private dropProblemsOf(matches: (file: string) => boolean): void {
    for (let i = this.problems.length - 1; i >= 0; i--) if (matches(this.problems[i]!.file)) this.problems.splice(i, 1);
  }

  /** Loads a config's project; `takeOver`: its files that are loose (inferred) move into it. Returns the files it owns. */
  private loadConfig(configPath: string, takeOver = false): string[] {
    if (this.configured.some((p) => p.configPath === configPath)) return [];
    const owned: string[] = [];
    try {
      const project = new Project({ tsConfigFilePath: configPath, skipAddingFilesFromTsConfig: false });
      const diagnostics = project.getConfigFileParsingDiagnostics?.() ?? [];
      const fatal = diagnostics.find((d) => d.getCategory() === ts.DiagnosticCategory.Error && d.getCode() !== 18003);
      if (fatal) throw new Error(ts.flattenDiagnosticMessageText(fatal.compilerObject.messageText, '\n'));
      const hosted: HostedProject = { configPath, dir: dirname(configPath), project };
      this.configured.push(hosted);
      for (const sf of project.getSourceFiles()) {
        const p = sf.getFilePath();
        if (p.includes('/node_modules/')) continue;
        const current = this.fileOwner.get(p);
        if (current && !(takeOver && current === this.inferred)) continue;
        if (current) this.removeFile(p);
        this.fileOwner.set(p, hosted);
        owned.push(p);
      }
    } catch (err) {
      this.problems.push({ code: 'PL1006', file: configPath, message: (err as Error).message.split('\n')[0] ?? String(err) });
    }
    return owned;
  }

  private inferredProject(): HostedProject {
    this.inferred ??= { project: new Project({ compilerOptions: this.inferredOptions }) };
    return this.inferred;
  }

  /** The project a file belongs to: the tsconfig that lists it, else the inferred project. */
  ownerOf(path: string): HostedProject {
    const abs = normalize(path);
    const known = this.fileOwner.get(abs);
    if (known) return known;
    return this.inferredProject();
  }

  /** Adds (or refreshes from disk) a file; returns a problem instead if it must be skipped. */
  addFileFromDisk(path: string): SourceFile | AnalysisProblem {
    const abs = normalize(path);
    let text: string;
    try {
      const size = statSync(abs).size;
      if (size > MAX_FILE_BYTES) return { code: 'PL1003', file: abs, message: `${(size / 1048576).toFixed(1)} MB is over the limit` };
      text = readFileSync(abs, 'utf8');
    } catch (err) {
      return { code: 'PL1001', file: abs, message: (err as Error).message };
    }
    return this.setFileText(abs, text, true);
  }

  /**
   * Sets a file's text in memory (an editor buffer). Only this file is re-parsed.
   * `fromDisk`: the text is the file's content on disk (lets a new file be parsed once, see below).
   */
  setFileText(path: string, text: string, fromDisk = false): SourceFile | AnalysisProblem {
    const abs = normalize(path);
    const skip = checkText(text);
    if (skip) {
      this.removeFile(abs);
      return { code: skip.code, file: abs, message: skip.message };
    }
    const owner = this.ownerOf(abs);
    const existing = owner.project.getSourceFile(abs);
    if (existing) {
      // An incremental re-parse (unchanged subtrees reused), else a plain one: replaceWithText would also
      // diff the old and new trees to keep ts-morph's node wrappers alive (2-3x a full parse on a
      // 1,000-line file), and we keep no wrappers across edits.
      if (sameText(existing.getFullText(), text)) return existing;
      if (reparseIncrementally(owner.project, existing, text)) return existing;
      return owner.project.createSourceFile(abs, text, { overwrite: true });
    }
    let sf: SourceFile;
    if (fromDisk) {
      // createSourceFile(…, { overwrite }) of a file that exists on disk first loads (parses) it from
      // disk, then parses the text again; adding it by path parses once.
      const added = owner.project.addSourceFileAtPathIfExists(abs);
      sf = added && sameText(added.getFullText(), text) ? added : owner.project.createSourceFile(abs, text, { overwrite: true });
    } else {
      sf = owner.project.createSourceFile(abs, text, { overwrite: true });
    }
    if (owner === this.inferred) this.fileOwner.set(abs, owner);
    return sf;
  }

  removeFile(path: string): void {
    const abs = normalize(path);
    const owner = this.fileOwner.get(abs) ?? this.inferred;
    const sf = owner?.project.getSourceFile(abs);
    if (sf && owner && owner === this.inferred) {
      owner.project.removeSourceFile(sf);
      this.fileOwner.delete(abs);
    }
  }

  getSourceFile(path: string): SourceFile | undefined {
    const abs = normalize(path);
    return this.ownerOf(abs).project.getSourceFile(abs);
  }

  /** Files whose analysis may change when `path` changes: those that import it (transitively, bounded). */
  dependentsOf(path: string, limit = 200): string[] {
    const sf = this.getSourceFile(path);
    if (!sf) return [];
    const out = new Set<string>();
    const queue: SourceFile[] = [sf];
    while (queue.length && out.size < limit) {
      const cur = queue.shift()!;
      for (const ref of cur.getReferencingSourceFiles()) {
        const p = ref.getFilePath();
        if (p === sf.getFilePath() || out.has(p) || p.includes('/node_modules/')) continue;
        out.add(p);
        queue.push(ref);
      }
    }
    return [...out];
  }

  /** Every non-library source file the host holds. */
  allSourceFiles(): string[] {
    const out = new Set<string>();
    for (const h of [...this.configured, ...(this.inferred ? [this.inferred] : [])]) {
      for (const sf of h.project.getSourceFiles()) {
        const p = sf.getFilePath();
        if (!p.includes('/node_modules/') && !sf.isDeclarationFile()) out.add(p);
      }
    }
    return [...out].sort();
  }

  /**
   * Every file of the user's own that the host's programs read (declaration files included, the
   * compiler's libraries and node_modules not), with the text the program holds (configs: none):
   * what an analysis of these programs depends on.
   */
  inputFiles(): { path: string; text?: string }[] {
    const out = new Map<string, string | undefined>();
    for (const h of [...this.configured, ...(this.inferred ? [this.inferred] : [])]) {
      if (h.configPath) out.set(h.configPath, undefined);
      for (const sf of h.project.getSourceFiles()) {
        const p = sf.getFilePath();
        if (!p.includes('/node_modules/')) out.set(p, sf.getFullText());
      }
    }
    return [...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, text]) => (text === undefined ? { path } : { path, text }));
  }

  analyze(path: string, rules: readonly Rule[], config?: PerfLensConfig): FileAnalysis {
    const sf = this.getSourceFile(path);
    if (!sf) return { findings: [], problems: [{ code: 'PL1001', file: path, message: 'not loaded' }] };
    const enabled = rules.filter((r) => config?.rules[r.id] !== 'off');
    const severityOf = (r: Rule): Severity => {
      const s = config?.rules[r.id];
      return s && s !== 'off' ? s : r.meta.severity;
    };
    const result = runRulesOnFile(this.ownerOf(path).project, sf, { rules: enabled, severityOf });
    return { findings: applySuppressions(sf.getFullText(), result.findings), problems: result.problems };
  }
}

/** Equal texts, ignoring a leading byte-order mark (ts-morph strips it when it reads a file). */
function sameText(a: string, b: string): boolean {
  return a === b || stripBom(a) === stripBom(b);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function normalize(path: string): string {
  const abs = resolve(path);
  return sep === '/' ? abs : abs.split(sep).join('/');
}
