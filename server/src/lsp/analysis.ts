/**
 * Analysis scheduling for the server: which file is analysed next, and what happens with the result.
 *
 * No fixed debounce (issue 2: "started at once and cancelled by the next change"). A change puts its
 * file at the head of the `urgent` queue and starts draining on the next macrotask. The queue holds
 * paths, not versions: a file is analysed with the buffer text of the moment it is analysed, so a
 * burst of changes costs one analysis of the newest text, never one per keystroke. Between files
 * the drain yields (setImmediate), so a newer didChange or a request is handled before more work:
 * the newer change then jumps the queue and the older dependents wait behind it.
 * After an edited file, its dependents (`ProjectHost.dependentsOf`) are queued as `followUp`;
 * the background workspace scan runs only while both queues are empty.
 */
import { Node, ts } from 'ts-morph';
import type { Connection, Diagnostic, TextDocuments, CancellationToken } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ProjectHost } from '../engine/project-host';
import type { Finding, MeasuredCost } from '../engine/finding';
import { isSourceFile } from '../engine/files';
import type { Rule } from '../rules/rule';
import type { Logger } from './log';
import type { WorkspaceConfig } from './workspace-config';
import type { UriMap } from './uris';
import { toDiagnostic } from './diagnostics';
import { yieldToEventLoop } from './guard';
import { uriToPath } from './uris';

export interface AnalysisResult {
  uri: string;
  path: string;
  /** document version analysed; null for a file that is not open (its text came from disk) */
  version: number | null;
  /** WorkspaceConfig.generation the analysis ran under */
  generation: number;
  findings: Finding[];
  diagnostics: Diagnostic[];
  /** set when the file was skipped (binary, huge, minified, unreadable, ignored) */
  skipped?: string;
  durationMs: number;
  /** CPU time of the analysis (user + system), when measured */
  cpuMs?: number;
  /** free slot for derived data computed on demand (code actions cache theirs here) */
  derived: Map<string, unknown>;
}

export interface AnalyzerDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  host: ProjectHost;
  config: WorkspaceConfig;
  uris: UriMap;
  log: Logger;
  rules: readonly Rule[];
}

type Waiter = () => boolean;

/** Measured cost of lines [startLine, endLine] (1-based, inclusive) of a file, from a loaded profile. */
export type CostLookup = (file: string, startLine: number, endLine: number) => MeasuredCost | undefined;

export class Analyzer {
  private readonly results = new Map<string, AnalysisResult>();
  private urgent = new Set<string>();
  private readonly followUp = new Set<string>();
  private draining = false;
  /** Nothing runs until the configuration and the workspace folders are loaded (start()). */
  private paused = true;
  private readonly waiters = new Map<string, Waiter[]>();
  private idleWaiters: (() => void)[] = [];
  private readonly published = new Set<string>();
  private readonly loggedState = new Map<string, string>();
  private readonly listeners: ((r: AnalysisResult) => void)[] = [];
  /** files whose text changed: once analysed, their dependents are queued too */
  private readonly changed = new Set<string>();
  /** files to re-read from disk when next analysed */
  private readonly diskDirty = new Set<string>();
  private costLookup: CostLookup | undefined;

  constructor(private readonly deps: AnalyzerDeps) {}

  /** An open document changed (or opened): analyse it before anything else, then its dependents. */
  documentChanged(path: string): void {
    this.urgent = new Set([path, ...this.urgent]);
    this.followUp.delete(path);
    this.changed.add(path);
    this.runWaiters(this.deps.uris.uriOf(path));
    this.kick();
  }

  /** Queue files behind the edited ones (a file changed on disk, a config change). */
  schedule(paths: Iterable<string>): void {
    for (const p of paths) if (!this.urgent.has(p)) this.followUp.add(p);
    this.kick();
  }

  /**
   * With a profile loaded (the profiler feature sets this), findings carry their measured cost in
   * `data` and the message; every published file is re-published at once, without re-analysis.
   */
  setCostLookup(lookup: CostLookup | undefined): void {
    this.costLookup = lookup;
    for (const r of [...this.results.values()]) {
      if (r.skipped) continue;
      const findings = this.withCost(r.findings);
      this.finish({ ...r, findings, diagnostics: findings.map((f) => toDiagnostic(f, r.version, this.deps.uris)), derived: new Map() });
    }
  }

  private withCost(findings: Finding[]): Finding[] {
    const lookup = this.costLookup;
    return findings.map((f) => {
      const { cost: _old, ...rest } = f;
      const cost = lookup?.(f.file, f.range.start.line + 1, f.range.end.line + 1);
      return cost ? { ...rest, cost } : rest;
    });
  }

  /** Reads a file that is not open into the host without analysing it (the scan loads all files first). */
  loadFromDisk(path: string): void {
    const { documents, host, uris } = this.deps;
    if (documents.get(uris.uriOf(path)) || !isSourceFile(path)) return;
    try {
      host.addFileFromDisk(path); // a skip reason is logged when the file is analysed
      this.diskDirty.delete(path);
    } catch (err) {
      this.deps.log.internal(`loading ${path}`, err);
    }
  }

  /** A file that is not open changed on disk: re-read it, re-check it and its dependents. */
  fileChangedOnDisk(path: string): void {
    this.diskDirty.add(path);
    this.changed.add(path);
    this.schedule([path]);
  }

  hasPendingWork(): boolean {
    return this.urgent.size > 0 || this.followUp.size > 0;
  }

  /** Resolves once no edit or follow-up work is queued: the background scan waits on this. */
  whenIdle(): Promise<void> {
    if (!this.hasPendingWork() && !this.draining && !this.paused) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  resultFor(uri: string): AnalysisResult | undefined {
    return this.results.get(uri);
  }

  onDidAnalyze(listener: (r: AnalysisResult) => void): void {
    this.listeners.push(listener);
  }

  /** Every URI that currently shows PerfLens diagnostics. */
  publishedUris(): string[] {
    return [...this.published];
  }

  /**
   * The result for exactly this document version under the current config, waiting (bounded) for
   * the queued analysis if needed. Undefined when the document moved on meanwhile (a stale request).
   */
  waitFor(uri: string, version: number, token: CancellationToken | undefined, timeoutMs = 3000): Promise<AnalysisResult | undefined> {
    const fresh = (): AnalysisResult | undefined => {
      const r = this.results.get(uri);
      return r && r.version === version && r.generation === this.deps.config.generation ? r : undefined;
    };
    const now = fresh();
    if (now) return Promise.resolve(now);
    const path = this.pathOfOpen(uri);
    if (path === undefined) return Promise.resolve(undefined);
    if (!this.urgent.has(path)) {
      this.urgent.add(path);
      this.kick();
    }
    return new Promise((resolve) => {
      let done = false;
      const finish = (r: AnalysisResult | undefined): boolean => {
        if (!done) {
          done = true;
          clearTimeout(timer);
          resolve(r);
        }
        return true;
      };
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      token?.onCancellationRequested(() => finish(undefined));
      const waiter: Waiter = () => {
        if (done) return true;
        const r = fresh();
        if (r) return finish(r);
        const doc = this.deps.documents.get(uri);
        if (!doc || doc.version !== version) return finish(undefined); // stale: the document moved on
        return false;
      };
      const list = this.waiters.get(uri) ?? [];
      list.push(waiter);
      this.waiters.set(uri, list);
    });
  }

  /**
   * Analyses one file now and publishes its diagnostics. Open documents use their buffer; other files
   * use the host's copy, re-read from disk when `fromDisk` (scan, file watcher) or not loaded yet.
   */
  analyzeFile(path: string, fromDisk = false): AnalysisResult {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const { documents, host, config, uris, log } = this.deps;
    const uri = uris.uriOf(path);
    const doc = documents.get(uri);
    const version = doc ? doc.version : null;
    const eff = config.effectiveFor(path);
    const base = { uri, path, version, generation: config.generation, derived: new Map<string, unknown>() };

    if (!isSourceFile(path) || eff.isIgnored(path)) {
      return this.finish({ ...base, findings: [], diagnostics: [], skipped: 'ignored', durationMs: 0 });
    }
    const reread = this.diskDirty.delete(path) || fromDisk;
    const loaded = doc
      ? host.setFileText(path, doc.getText())
      : reread || !host.getSourceFile(path)
        ? host.addFileFromDisk(path)
        : host.getSourceFile(path)!;
    if (!Node.isNode(loaded)) {
      this.logOnce(`skip:${path}`, loaded.code, () => log.problem(loaded.code, path, loaded.message));
      return this.finish({ ...base, findings: [], diagnostics: [], skipped: loaded.code, durationMs: performance.now() - t0 });
    }
    this.loggedState.delete(`skip:${path}`);
    this.logSyntaxErrors(path, loaded.compilerNode);

    const analysis = host.analyze(path, this.deps.rules, eff.config);
    if (analysis.problems.length) {
      const key = analysis.problems.map((p) => `${p.code}:${p.message}`).join('|');
      this.logOnce(`problems:${path}`, key, () => {
        for (const p of analysis.problems) log.problem(p.code, path, p.message);
      });
    } else {
      this.loggedState.delete(`problems:${path}`);
    }
    const findings = this.costLookup ? this.withCost(analysis.findings) : analysis.findings;
    const diagnostics = findings.map((f) => toDiagnostic(f, version, uris));
    const cpu = process.cpuUsage(cpu0);
    return this.finish({ ...base, findings, diagnostics, durationMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 });
  }

  /** A file left the analysis (closed and not on disk, deleted, outside the workspace): clear it. */
  forget(path: string): void {
    const uri = this.deps.uris.uriOf(path);
    this.results.delete(uri);
    this.urgent.delete(path);
    this.followUp.delete(path);
    this.changed.delete(path);
    this.diskDirty.delete(path);
    for (const kind of ['skip', 'syntax', 'problems']) this.loggedState.delete(`${kind}:${path}`);
    if (this.published.delete(uri)) this.deps.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private finish(result: AnalysisResult): AnalysisResult {
    const { connection, log } = this.deps;
    this.results.set(result.uri, result);
    const hadAny = this.published.has(result.uri);
    if (result.diagnostics.length || hadAny) {
      connection.sendDiagnostics({ uri: result.uri, version: result.version ?? undefined, diagnostics: result.diagnostics });
    }
    if (result.diagnostics.length) this.published.add(result.uri);
    else this.published.delete(result.uri);
    const cpu = result.cpuMs === undefined ? '' : ` (cpu ${result.cpuMs.toFixed(1)} ms)`;
    log.trace(`analysed ${result.path} v${result.version ?? '-'}: ${result.diagnostics.length} findings in ${result.durationMs.toFixed(1)} ms${cpu}`);
    this.runWaiters(result.uri);
    for (const l of this.listeners) {
      try {
        l(result);
      } catch (err) {
        log.internal('onDidAnalyze listener', err);
      }
    }
    return result;
  }

  /** Called once the configuration and the workspace folders are loaded. */
  start(): void {
    this.paused = false;
    this.kick();
  }

  private kick(): void {
    if (this.draining || this.paused) return;
    this.draining = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const fromUrgent = this.urgent.size > 0;
        const path = first(fromUrgent ? this.urgent : this.followUp);
        if (path === undefined) break;
        (fromUrgent ? this.urgent : this.followUp).delete(path);
        try {
          this.analyzeFile(path);
          if (this.changed.delete(path)) this.queueDependents(path);
        } catch (err) {
          this.deps.log.internal(`analysis of ${path}`, err);
        }
        if (this.hasPendingWork()) await yieldToEventLoop();
      }
    } finally {
      this.draining = false;
      const waiting = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiting) w();
    }
  }

  private queueDependents(path: string): void {
    for (const dep of this.deps.host.dependentsOf(path)) if (!this.urgent.has(dep)) this.followUp.add(dep);
  }

  private runWaiters(uri: string): void {
    const list = this.waiters.get(uri);
    if (!list) return;
    const left = list.filter((w) => !w());
    if (left.length) this.waiters.set(uri, left);
    else this.waiters.delete(uri);
  }

  private pathOfOpen(uri: string): string | undefined {
    if (!this.deps.documents.get(uri)) return undefined;
    return uriToPath(uri);
  }

  /** Syntax errors are normal while typing: log only when a file goes from clean to broken. */
  private logSyntaxErrors(path: string, sf: ts.SourceFile): void {
    const parseDiagnostics = (sf as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    if (parseDiagnostics.length === 0) {
      this.loggedState.delete(`syntax:${path}`);
      return;
    }
    const d = parseDiagnostics[0]!;
    const pos = sf.getLineAndCharacterOfPosition(d.start);
    const detail = `${parseDiagnostics.length} syntax error(s), first at ${pos.line + 1}:${pos.character + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    this.logOnce(`syntax:${path}`, 'broken', () => this.deps.log.problem('PL1009', path, detail));
  }

  /** Logs a file's problem once per state (not on every keystroke while it stays the same). */
  private logOnce(key: string, state: string, write: () => void): void {
    if (this.loggedState.get(key) === state) return;
    this.loggedState.set(key, state);
    write();
  }
}

function first<T>(set: Set<T>): T | undefined {
  for (const v of set) return v;
  return undefined;
}
