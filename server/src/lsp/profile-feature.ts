/**
 * Profiling over LSP, so every editor gets it: `perflens/profile` runs a script under the V8
 * inspector (the same `profileScript` as the CLI), streams its output as `perflens/profileOutput`,
 * honours `$/cancelRequest` (stop, keep what was collected), then serves the measured hotspots as
 * inlay hints at the end of hot lines and code lenses on hot functions, and re-publishes the
 * diagnostics with their measured cost. `perflens/loadProfile` does the same for a saved profile.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InlayHint, InlayHintKind, type CancellationToken, type CodeLens, type Connection } from 'vscode-languageserver';
import { ProfileRequest } from '../protocol/lsp-methods';
import { ClearHotspotsRequest, LoadProfileRequest, ProfileNpmScriptRequest, ProfileOutputNotification } from '../protocol/profile-notifications';
import { profileScript } from '../profiler/profile-script';
import { profileCommand } from '../profiler/profile-command';
import { functionHotspots, lineHotspots, tablesOfModel, type FunctionHotspotOut, type LineHotspotOut } from '../profiler/summarize';
import { readProfileFile } from '../profile/read-file';
import { costLinesOf } from '../engine/cost-ranking';
import type { LinedFinding } from '../profiler/rank-costed';
import { HotspotStore, type StoredProfile } from './hotspot-store';
import { guard, guardVoid } from './guard';
import type { ServerFeature, Services } from './services';
import { uriToPath } from './uris';

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}
const pct = (share: number): string => `${(share * 100).toFixed(share >= 0.1 ? 0 : 1)}%`;

function abortOn(token: CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

function lineCounts(files: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of files) {
    try {
      counts.set(f, readFileSync(f, 'utf8').split(/\r?\n/).length);
    } catch {
      /* not a file on disk (node: internals, eval): no hints for it anyway */
    }
  }
  return counts;
}

function stored(hotspots: LineHotspotOut[], functions: FunctionHotspotOut[], table: StoredProfile['table']): StoredProfile {
  return { table, hotspots, functions, lineCounts: lineCounts(new Set([...hotspots.map((h) => h.file), ...functions.map((f) => f.file)])) };
}

/** `perflens.hotspots.display`: inlay hints and code lenses show for 'inlay' and 'both' (the client draws 'heatbar'). */
function showsInEditor(services: Services, file: string): boolean {
  const display = services.config.settingsFor(file).hotspots.display;
  return display === 'inlay' || display === 'both';
}

/** Whether every open document holds what is on disk (what the profiled process will run). */
function editorMatchesDisk(services: Services): boolean {
  return services.documents.all().every((doc) => {
    const path = uriToPath(doc.uri);
    if (!path) return true;
    try {
      return readFileSync(path, 'utf8') === doc.getText();
    } catch {
      return true; // not on disk: the script cannot load it either
    }
  });
}

/**
 * The sampled files' findings from this server's own analysis: the project is loaded and the
 * compiler warm, so a profile run needs no worker loading a second compiler. A file whose text in
 * the project is not the disk text (changed on disk since) is analysed again from disk first.
 */
async function serverAnalysis(services: Services, files: readonly string[]): Promise<LinedFinding[]> {
  const { analyzer, host, uris } = services;
  await analyzer.whenIdle();
  const out: LinedFinding[] = [];
  for (const file of files) {
    let result = analyzer.resultFor(uris.uriOf(file));
    const sf = host.getSourceFile(file);
    let onDisk: string | undefined;
    try {
      onDisk = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (!result || !sf || sf.getFullText() !== onDisk) result = analyzer.analyzeFile(file, true);
    if (result.skipped) continue;
    const parsed = host.getSourceFile(file)?.compilerNode;
    for (const { cost: _measuredBefore, ...finding } of result.findings) out.push({ finding, ...costLinesOf(finding, parsed) });
  }
  return out;
}

export function createProfileFeature(store = new HotspotStore()): ServerFeature {
  return {
    name: 'profile',
    capabilities: () => ({ inlayHintProvider: true, codeLensProvider: { resolveProvider: false } }),
    register(connection: Connection, services: Services) {
      const { log } = services;
      const output = (stream: 'stdout' | 'stderr' | 'info') => (text: string) =>
        void connection.sendNotification(ProfileOutputNotification.type, { stream, text });

      const refresh = (): void => {
        void connection.languages.inlayHint.refresh().catch(() => undefined);
        void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
        services.analyzer.setCostLookup?.(store.hasProfile ? (file, a, b) => store.costOf(file, a, b) : undefined);
      };
      store.onDidChange(refresh);
      services.onConfigChanged(refresh);

      connection.onRequest(
        ProfileRequest.type,
        guard(log, ProfileRequest.method, null as unknown as ProfileRequest.Result, async (params, token) => {
          const script = uriToPath(params.uri);
          if (!script) throw new Error(`not a file URI: ${params.uri}`);
          const folder = services.config.folderOf?.(script) ?? dirname(script);
          output('info')(`profiling ${script}\n`);
          // Unsaved editor text is not what runs: then the analysis is the worker's, of the disk text.
          const analyse = editorMatchesDisk(services) ? (files: readonly string[]) => serverAnalysis(services, files) : undefined;
          const run = await profileScript({
            analyse,
            script,
            cwd: folder,
            root: folder,
            args: params.args ?? [],
            runtime: params.runtime,
            runtimeArgs: params.runtimeArgs ?? [],
            env: { ...process.env, ...(params.env ?? {}) },
            timeoutMs: params.timeoutMs,
            samplingIntervalUs: params.samplingIntervalUs,
            heap: params.heap === false ? false : 'live',
            signal: abortOn(token),
            onStdout: output('stdout'),
            onStderr: output('stderr'),
          });
          const s = run.summary;
          output('info')(`${s.exit.message}\n`);
          for (const w of s.warnings) output('info')(`warning: ${w}\n`);
          store.set(stored(s.hotspots, s.functions, run.tables.cpuTable));
          return {
            profile: s.profile ?? '',
            ...(s.heapProfile ? { heapProfile: s.heapProfile } : {}),
            durationMs: s.durationMs,
            hotspots: s.hotspots,
            functions: s.functions,
            findings: s.findings.map((f) => ({ ruleId: f.ruleId as ProfileRequest.FindingCost['ruleId'], file: f.file, line: f.line, message: f.message, ...(f.costMs !== undefined ? { costMs: f.costMs } : {}), ...(f.share !== undefined ? { share: f.share } : {}) })),
            exit: s.exit,
          } as ProfileRequest.Result;
        }),
      );

      connection.onRequest(
        LoadProfileRequest.type,
        guard(log, LoadProfileRequest.method, null as unknown as ProfileRequest.Result, async (params) => {
          // streamed (no whole-file string for a 200 MB profile); compiled frames mapped through their .map files
          const tables = tablesOfModel(await readProfileFile(params.path));
          for (const problem of tables.mapProblems) output('info')(`warning: ${problem}\n`);
          const hotspots = lineHotspots(tables.cpuTable);
          const functions = functionHotspots(tables.cpuTable);
          store.set(stored(hotspots, functions, tables.cpuTable));
          const weight = (tables.cpuTable ?? tables.heapTable)?.activeWeight ?? 0;
          return { profile: params.path, durationMs: tables.cpuTable ? Math.round(weight / 1000) : 0, hotspots, functions, findings: [] };
        }),
      );

      connection.onRequest(
        ProfileNpmScriptRequest.type,
        guard(log, ProfileNpmScriptRequest.method, null as unknown as ProfileNpmScriptRequest.Result, async (params, token) => {
          const folder = uriToPath(params.folderUri);
          if (!folder) throw new Error(`not a file URI: ${params.folderUri}`);
          const run = await profileCommand({
            findings: false, // the npm-script result carries hotspots only; the diagnostics get their cost from the store
            command: `npm run ${JSON.stringify(params.script).slice(1, -1).replace(/[^\w:.-]/g, '')}`,
            cwd: folder,
            timeoutMs: params.timeoutMs,
            signal: abortOn(token),
            onStdout: output('stdout'),
            onStderr: output('stderr'),
          });
          const hotspots = run.processes.flatMap((p) => p.hotspots).sort((a, b) => b.selfMs - a.selfMs).slice(0, 50);
          return {
            profiles: run.processes.map((p) => p.profile).filter((p): p is string => !!p),
            durationMs: Math.round(run.durationMs),
            exitCode: run.exit.code,
            reason: run.exit.message,
            hotspots,
          };
        }),
      );

      connection.onRequest(ClearHotspotsRequest.type, guard(log, ClearHotspotsRequest.method, undefined, () => store.set(undefined)));

      connection.languages.inlayHint.on(
        guard(log, 'inlayHint', [] as InlayHint[], (params) => {
          const file = uriToPath(params.textDocument.uri);
          const doc = services.documents.get(params.textDocument.uri);
          if (!file || !doc || !showsInEditor(services, file)) return [];
          return store
            .linesOf(file)
            .filter((h) => h.line - 1 >= params.range.start.line && h.line - 1 <= params.range.end.line && h.line <= doc.lineCount)
            .map((h) => {
              const lineText = doc.getText({ start: { line: h.line - 1, character: 0 }, end: { line: h.line, character: 0 } }).replace(/\r?\n$/, '');
              const hint = InlayHint.create({ line: h.line - 1, character: lineText.length }, ` ${pct(h.share)} · ${formatMs(h.selfMs)}`, InlayHintKind.Parameter);
              hint.paddingLeft = true;
              hint.tooltip = `PerfLens: this line ran ${formatMs(h.selfMs)} itself (${pct(h.share)} of CPU), ${formatMs(h.totalMs)} with its callees.`;
              return hint;
            });
        }),
      );

      connection.onCodeLens(
        guard(log, 'codeLens', [] as CodeLens[], (params) => {
          const file = uriToPath(params.textDocument.uri);
          if (!file || !showsInEditor(services, file)) return [];
          const total = store.totalMs();
          return store.functionsOf(file).map((f) => ({
            range: { start: { line: Math.max(0, f.line - 1), character: 0 }, end: { line: Math.max(0, f.line - 1), character: 0 } },
            command: {
              title: `$(flame) ${f.name || '(anonymous)'}: ${total > 0 ? pct(f.totalMs / total) : ''} · total ${formatMs(f.totalMs)} · self ${formatMs(f.selfMs)}`,
              command: 'perflens.showFlameGraph',
            },
          }));
        }),
      );

      services.documents.onDidChangeContent(
        guardVoid(log, 'hotspots.didChange', (e) => {
          const file = uriToPath(e.document.uri);
          if (file) store.noteLineCount(file, e.document.lineCount);
        }),
      );
    },
  };
}

export const profileFeature = createProfileFeature();
