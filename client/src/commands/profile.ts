/**
 * Profile Current Script / Profile npm Script… / Stop Profiling. Profiling runs user code, so it is
 * refused in untrusted workspaces with the reason. The run happens in the language server
 * (`perflens/profile`), with progress, Cancel and the script's output in an output channel.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ProfileRequest } from '../../../server/src/protocol/lsp-methods';
import { ProfileNpmScriptRequest, ProfileOutputNotification } from '../../../server/src/protocol/profile-notifications';
import type { ProfileState } from '../profile-state';
import type { ProfilingStatus } from '../status-bar';
import { readSettings } from '../settings';
import { log } from '../log';

export const UNTRUSTED_MESSAGE =
  'PerfLens: profiling runs this workspace\'s code, so it is disabled until you trust the workspace. Static analysis keeps working.';

const PROFILABLE = /\.(?:[cm]?js|[cm]?ts|jsx|tsx)$/i;

export class ProfileCommands implements vscode.Disposable {
  private running: vscode.CancellationTokenSource | undefined;
  private readonly output = vscode.window.createOutputChannel('PerfLens: Script Output');
  private outputSubscription: vscode.Disposable | undefined;

  constructor(
    private readonly getClient: () => Promise<LanguageClient>,
    private readonly state: ProfileState,
    private readonly status: ProfilingStatus,
  ) {}

  /** Refuses in untrusted workspaces; returns true when profiling may run. */
  private async checkTrust(): Promise<boolean> {
    if (vscode.workspace.isTrusted) return true;
    const choice = await vscode.window.showWarningMessage(UNTRUSTED_MESSAGE, 'Manage Workspace Trust');
    if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
    return false;
  }

  private async listenToOutput(client: LanguageClient): Promise<void> {
    this.outputSubscription ??= client.onNotification(ProfileOutputNotification.type, (p) => {
      this.output.append(p.stream === 'info' ? `[perflens] ${p.text}` : p.text);
    });
  }

  async profileCurrentScript(target?: vscode.Uri): Promise<ProfileRequest.Result | undefined> {
    if (!(await this.checkTrust())) return undefined;
    const uri = target ?? vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file' || !PROFILABLE.test(uri.fsPath)) {
      void vscode.window.showErrorMessage('PerfLens: open a JavaScript or TypeScript file to profile it.');
      return undefined;
    }
    if (this.running) {
      void vscode.window.showWarningMessage('PerfLens: a profile is already running. Stop it first.');
      return undefined;
    }
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc?.isDirty) await doc.save();
    const client = await this.getClient();
    await this.listenToOutput(client);
    const settings = readSettings(uri);
    const name = path.basename(uri.fsPath);
    this.output.clear();
    this.output.appendLine(`[perflens] ${settings.profile.runtime} ${name}`);
    this.output.show(true);
    return this.run(name, async (token) => {
      const result = await client.sendRequest(
        ProfileRequest.type,
        {
          uri: uri.toString(),
          runtime: settings.profile.runtime,
          runtimeArgs: settings.profile.args,
          env: settings.profile.env,
          timeoutMs: settings.profile.timeoutMs,
          samplingIntervalUs: settings.profile.samplingIntervalUs,
          heap: true,
        },
        token,
      );
      return result ?? undefined;
    });
  }

  async profileNpmScript(): Promise<ProfileNpmScriptRequest.Result | undefined> {
    if (!(await this.checkTrust())) return undefined;
    const folder = vscode.workspace.workspaceFolders?.length === 1
      ? vscode.workspace.workspaceFolders[0]
      : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder with the package.json' });
    if (!folder) return undefined;
    let scripts: Record<string, string> = {};
    try {
      scripts = JSON.parse(readFileSync(path.join(folder.uri.fsPath, 'package.json'), 'utf8')).scripts ?? {};
    } catch (err) {
      void vscode.window.showErrorMessage(`PerfLens: cannot read package.json in ${folder.name}: ${(err as Error).message}`);
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      Object.entries(scripts).map(([label, detail]) => ({ label, detail })),
      { placeHolder: 'npm script to profile (every node process it starts is profiled)' },
    );
    if (!pick) return undefined;
    const client = await this.getClient();
    await this.listenToOutput(client);
    this.output.clear();
    this.output.show(true);
    const settings = readSettings(folder.uri);
    let result: ProfileNpmScriptRequest.Result | undefined;
    await this.run(`npm run ${pick.label}`, async (token) => {
      result = (await client.sendRequest(ProfileNpmScriptRequest.type, { folderUri: folder.uri.toString(), script: pick.label, timeoutMs: settings.profile.timeoutMs }, token)) ?? undefined;
      return undefined;
    });
    if (result) {
      const open = await vscode.window.showInformationMessage(
        `PerfLens: npm run ${pick.label} — ${result.profiles.length} profile(s) saved${result.reason ? ` (${result.reason})` : ''}.`,
        ...(result.profiles.length ? ['Open Profile'] : []),
      );
      if (open && result.profiles[0]) await vscode.commands.executeCommand('perflens.openProfile', vscode.Uri.file(result.profiles[0]));
    }
    return result;
  }

  stop(): void {
    this.running?.cancel();
  }

  private async run(
    name: string,
    work: (token: vscode.CancellationToken) => Promise<ProfileRequest.Result | undefined>,
  ): Promise<ProfileRequest.Result | undefined> {
    const source = new vscode.CancellationTokenSource();
    this.running = source;
    this.status.start(name);
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `PerfLens: profiling ${name}`, cancellable: true },
        async (_progress, progressToken) => {
          progressToken.onCancellationRequested(() => source.cancel());
          const result = await work(source.token);
          if (result) this.report(name, result);
          return result;
        },
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log().error(`profile ${name} failed: ${message}`);
      void vscode.window.showErrorMessage(`PerfLens: profiling ${name} failed: ${message}`, 'Show Log').then((c) => c && log().show());
      return undefined;
    } finally {
      this.status.stop();
      this.running = undefined;
      source.dispose();
    }
  }

  private report(name: string, result: ProfileRequest.Result): void {
    this.state.set({ result, script: name, finishedAt: new Date() });
    const top = result.hotspots[0];
    const exit = result.exit;
    const summary = top
      ? `hottest line ${path.basename(top.file)}:${top.line} (${(top.share * 100).toFixed(1)}%)`
      : 'no samples in your code';
    const why = exit && exit.reason !== 'completed' ? ` — ${exit.message}` : '';
    void vscode.window
      .showInformationMessage(`PerfLens: profiled ${name} in ${(result.durationMs / 1000).toFixed(2)} s; ${summary}${why}.`, 'Show Flame Graph')
      .then((c) => c && vscode.commands.executeCommand('perflens.showFlameGraph'));
  }

  dispose(): void {
    this.running?.cancel();
    this.outputSubscription?.dispose();
    this.output.dispose();
  }
}
