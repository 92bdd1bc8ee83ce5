/**
 * Background workspace scan: analyses every source file of every workspace folder so the Problems
 * view shows findings in files nobody opened. Reports `$/progress` (begin/report/end, cancellable)
 * when the client supports `window.workDoneProgress`. Edits always go first: before each file the
 * scan waits until the analyzer has no queued edit, and it yields between files.
 * A new scan (config change, `perflens/analyzeWorkspace`) cancels the running one.
 */
import { CancellationTokenSource, type CancellationToken, type Connection, type WorkDoneProgressReporter } from 'vscode-languageserver';
import { listSourceFiles } from '../engine/files';
import type { RuleId } from '../engine/finding';
import type { AnalyzeWorkspaceRequest } from '../protocol/lsp-methods';
import type { Analyzer } from './analysis';
import type { Logger } from './log';
import type { WorkspaceConfig } from './workspace-config';
import type { UriMap } from './uris';
import { yieldToEventLoop } from './guard';

export type ScanResult = AnalyzeWorkspaceRequest.Result;

interface ScanDeps {
  connection: Connection;
  analyzer: Analyzer;
  config: WorkspaceConfig;
  uris: UriMap;
  log: Logger;
  isOpen(path: string): boolean;
  supportsProgress(): boolean;
}

const REPORT_EVERY_MS = 200;
const LOAD_BATCH = 25;

export class WorkspaceScanner {
  private running: { source: CancellationTokenSource; done: Promise<ScanResult> } | undefined;

  constructor(private readonly deps: ScanDeps) {}

  /** Starts a scan of the given roots (default: all), cancelling the one in progress. */
  start(roots?: readonly string[]): Promise<ScanResult> {
    this.cancel();
    const source = new CancellationTokenSource();
    const done = this.run(roots ?? this.deps.config.allRoots(), source.token).finally(() => {
      if (this.running?.source === source) this.running = undefined;
      source.dispose();
    });
    this.running = { source, done };
    return done;
  }

  cancel(): void {
    this.running?.source.cancel();
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  private async run(roots: readonly string[], token: CancellationToken): Promise<ScanResult> {
    const { analyzer, config, log } = this.deps;
    const t0 = performance.now();
    const result: ScanResult = { files: 0, skipped: 0, findings: 0, byRule: {}, durationMs: 0, cancelled: false };
    const progress = await this.beginProgress();
    try {
      const files = roots.flatMap((root) => listSourceFiles(root, (p) => config.effectiveFor(p).isIgnored(p)));
      this.clearVanished(new Set(files));
      log.info(`workspace scan: ${files.length} files in ${roots.length} folder(s)`);
      // Load every file before analysing any: each file added to a program changes its structure and
      // costs a new type checker, so adding them all first is 4x cheaper than load-analyse-load…
      // (150 loose files: 3.5 s → 0.8 s CPU). Parsing only; edits still go first.
      const toAnalyse = files.filter((p) => !this.deps.isOpen(p));
      for (let i = 0; i < toAnalyse.length; i++) {
        if (i % LOAD_BATCH === 0) {
          await yieldToEventLoop();
          await analyzer.whenIdle();
          if (token.isCancellationRequested || progress.cancelled()) break;
        }
        analyzer.loadFromDisk(toAnalyse[i]!);
      }
      let lastReport = performance.now();
      for (let i = 0; i < files.length; i++) {
        if (token.isCancellationRequested || progress.cancelled()) {
          result.cancelled = true;
          break;
        }
        await analyzer.whenIdle();
        if (token.isCancellationRequested) {
          result.cancelled = true;
          break;
        }
        const path = files[i]!;
        // Open files are analysed from their buffers by the edit path; count what they show now.
        const r = this.deps.isOpen(path) ? analyzer.resultFor(this.deps.uris.uriOf(path)) : analyzer.analyzeFile(path);
        if (r?.skipped && r.skipped !== 'ignored') result.skipped++;
        else result.files++;
        for (const f of r?.findings ?? []) {
          result.findings++;
          result.byRule[f.ruleId as RuleId] = (result.byRule[f.ruleId as RuleId] ?? 0) + 1;
        }
        if (performance.now() - lastReport > REPORT_EVERY_MS || i === files.length - 1) {
          lastReport = performance.now();
          progress.reporter.report(Math.floor(((i + 1) * 100) / files.length), `${i + 1}/${files.length} files`);
        }
        await yieldToEventLoop();
      }
    } finally {
      result.durationMs = Math.round(performance.now() - t0);
      progress.reporter.done();
    }
    log.info(
      `workspace scan ${result.cancelled ? 'cancelled' : 'done'}: ${result.files} files, ${result.findings} findings, ` +
        `${result.skipped} skipped, ${result.durationMs} ms`,
    );
    return result;
  }

  /** Files that no longer belong to the scan (deleted, now ignored) lose their diagnostics. */
  private clearVanished(files: Set<string>): void {
    for (const uri of this.deps.analyzer.publishedUris()) {
      const r = this.deps.analyzer.resultFor(uri);
      if (r && !files.has(r.path) && !this.deps.isOpen(r.path)) this.deps.analyzer.forget(r.path);
    }
  }

  private async beginProgress(): Promise<{ reporter: WorkDoneProgressReporter; cancelled(): boolean }> {
    const none = { reporter: NO_PROGRESS, cancelled: () => false };
    if (!this.deps.supportsProgress()) return none;
    try {
      const reporter = await this.deps.connection.window.createWorkDoneProgress();
      reporter.begin('PerfLens', 0, 'Analysing workspace…', true);
      return { reporter, cancelled: () => reporter.token.isCancellationRequested };
    } catch (err) {
      this.deps.log.trace(`no progress reporting: ${String(err)}`);
      return none;
    }
  }
}

const NO_PROGRESS: WorkDoneProgressReporter = {
  begin() {},
  report() {},
  done() {},
};
