/**
 * PerfLens VS Code extension entry. Activation is cheap: the language client starts without
 * awaiting it, commands are registered, and everything heavy (panels, profile parsing) is loaded
 * on first use.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './language-client';
import { log } from './log';
import { ProfileState } from './profile-state';
import { ProfilingStatus } from './status-bar';
import { HotspotDecorations } from './hotspot-decorations';
import { ResultsTree } from './views/results-tree';
import { ProfileCommands } from './commands/profile';
import { registerWorkspaceCommands } from './commands/workspace';
import { FlamePanels } from './panel/flame-panels';

let client: LanguageClient | undefined;
let starting: Promise<LanguageClient> | undefined;

export interface PerfLensApi {
  /** for the extension's own integration tests */
  readonly state: ProfileState;
  readonly decorations: HotspotDecorations;
  /** wall ms that activate() took (the server starts in the background, not counted) */
  readonly activationMs: number;
  client(): Promise<LanguageClient>;
}

export function activate(context: vscode.ExtensionContext): PerfLensApi {
  const t0 = performance.now();
  const getClient = (): Promise<LanguageClient> => {
    starting ??= (async () => {
      client = createLanguageClient(context);
      await client.start();
      return client;
    })();
    return starting;
  };
  // Started after activation returns: spawning the server is not activation work.
  setImmediate(() =>
    void getClient().catch((err: unknown) => {
      log().error(`could not start the PerfLens server: ${String(err)}`);
      void vscode.window.showErrorMessage('PerfLens: the analysis server could not start. See "PerfLens: Show Log".');
    }),
  );
  const marks: string[] = [];
  const mark = (what: string): void => void marks.push(`${what} ${(performance.now() - t0).toFixed(1)}`);

  const state = new ProfileState();
  const status = new ProfilingStatus();
  mark('status');
  const decorations = new HotspotDecorations(state);
  mark('decorations');
  const tree = new ResultsTree(state);
  const profiler = new ProfileCommands(getClient, state, status);
  const panels = new FlamePanels(context, state, getClient);
  mark('views');

  context.subscriptions.push(
    state,
    status,
    decorations,
    tree,
    profiler,
    panels,
    vscode.window.registerTreeDataProvider('perflens.results', tree),
    vscode.commands.registerCommand('perflens.profileCurrentScript', (uri?: vscode.Uri) => profiler.profileCurrentScript(uri)),
    vscode.commands.registerCommand('perflens.profileNpmScript', () => profiler.profileNpmScript()),
    vscode.commands.registerCommand('perflens.stopProfiling', () => profiler.stop()),
    vscode.commands.registerCommand('perflens.showFlameGraph', () => panels.showLast()),
    vscode.commands.registerCommand('perflens.openProfile', (uri?: vscode.Uri) => panels.openProfile(uri)),
    vscode.commands.registerCommand('perflens.showLog', () => log().show()),
    vscode.commands.registerCommand('perflens.restartServer', async () => {
      const c = await getClient();
      await c.restart();
    }),
    vscode.window.registerCustomEditorProvider('perflens.profileViewer', panels.customEditorProvider(), {
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    }),
    ...registerWorkspaceCommands(getClient, state),
  );
  const activationMs = performance.now() - t0;
  log().info(`PerfLens activated in ${activationMs.toFixed(1)} ms (${marks.join(', ')})`);
  console.log(`perflens activation marks: ${marks.join(', ')}, total ${activationMs.toFixed(1)}`);
  return { state, decorations, activationMs, client: getClient };
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
